package io.sluice.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogProblemsTest {

    @Test
    void findsWarningsErrorsExceptionsAndStackTraces() {
        String log = """
                10:00:00.001 INFO  SluiceNode - Sluice node listening
                10:00:00.002 WARN  Config - unknown key ignored
                10:00:00.003 ERROR Watcher - reload rejected
                10:00:00.004 DEBUG Informer - watch closed: java.io.IOException: reset
                Exception in thread "informer-1" java.lang.NoClassDefFoundError: com/fasterxml/YAMLFactory
                \tat io.sluice.operator.Reconciler.specJson(Reconciler.java:1)
                Caused by: java.lang.ClassNotFoundException
                10:00:00.005 INFO  Node - 2 errors counted in total
                NOTE: Picked up JDK_JAVA_OPTIONS: -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError
                """;

        assertThat(LogProblems.in(log)).containsExactly(
                "10:00:00.002 WARN  Config - unknown key ignored",
                "10:00:00.003 ERROR Watcher - reload rejected",
                "10:00:00.004 DEBUG Informer - watch closed: java.io.IOException: reset",
                "Exception in thread \"informer-1\" java.lang.NoClassDefFoundError: com/fasterxml/YAMLFactory",
                "\tat io.sluice.operator.Reconciler.specJson(Reconciler.java:1)",
                "Caused by: java.lang.ClassNotFoundException");
    }
}
