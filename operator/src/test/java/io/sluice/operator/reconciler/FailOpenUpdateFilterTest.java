package io.sluice.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailOpenUpdateFilterTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(FailOpenUpdateFilter.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void aFailingFilterPassesEveryEventOnAndIsLoggedOnceWithTheResourceName() {
        // What the packaged jar once did: a class missing at runtime, thrown on the informer's thread.
        FailOpenUpdateFilter<ConfigMap> filter = new FailOpenUpdateFilter<>((now, before) -> {
            throw new NoClassDefFoundError("com/fasterxml/jackson/dataformat/yaml/YAMLFactory");
        });

        assertThat(filter.accept(configMap("first"), configMap("first"))).isTrue();
        assertThat(filter.accept(configMap("second"), configMap("second"))).isTrue();

        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains("ConfigMap apps/first");
            assertThat(event.getThrowableProxy().getMessage()).contains("YAMLFactory");
        });
    }

    @Test
    void aWorkingFilterDecides() {
        FailOpenUpdateFilter<ConfigMap> filter = new FailOpenUpdateFilter<>((now, before) -> false);

        assertThat(filter.accept(configMap("a"), configMap("a"))).isFalse();
        assertThat(logged.list).isEmpty();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("apps").withName(name).endMetadata().build();
    }
}
