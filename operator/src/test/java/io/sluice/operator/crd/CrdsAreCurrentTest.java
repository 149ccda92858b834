package io.sluice.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ is what the Java types generate; when they change, the committed YAML must follow. */
class CrdsAreCurrentTest {
    private static final String HOW_TO_FIX =
            "crds/ is stale; regenerate it with: mvn -pl operator process-classes -Pupdate-crds";

    @Test
    void committedCrdsAreExactlyTheGeneratedOnes() throws Exception {
        var generated = GeneratedCrds.files(GeneratedCrds.GENERATED).map(Path::getFileName).map(Path::toString).toList();
        var committed = GeneratedCrds.files(GeneratedCrds.COMMITTED).map(Path::getFileName).map(Path::toString).toList();
        assertThat(generated).containsExactly(GeneratedCrds.PROXY_STREAM_NAMESPACES, GeneratedCrds.STREAM_BACKENDS);
        assertThat(committed).as(HOW_TO_FIX).isEqualTo(generated);
        for (String file : generated) {
            assertThat(Files.readString(GeneratedCrds.COMMITTED.resolve(file))).as(HOW_TO_FIX + " (" + file + ")")
                    .isEqualTo(Files.readString(GeneratedCrds.GENERATED.resolve(file)));
        }
    }
}
