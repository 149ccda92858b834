package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsMatchTheExampleConfig() {
        assertThat(DemoOptions.parse()).isEqualTo(
                new DemoOptions(12000, 3000, "ws://localhost:8000/connection/websocket"));
    }

    @Test
    void takesSeparateAndEqualsForms() {
        assertThat(DemoOptions.parse("--grpc-port", "15000", "--http-port=3100", "--ws-url", "wss://demo.example/ws"))
                .isEqualTo(new DemoOptions(15000, 3100, "wss://demo.example/ws"));
    }

    @Test
    void refusesWhatItCannotUseNamingTheArgument() {
        assertThatThrownBy(() -> DemoOptions.parse("--grpc-port", "http")).hasMessageContaining("--grpc-port")
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> DemoOptions.parse("--http-port", "70000")).hasMessageContaining("--http-port");
        assertThatThrownBy(() -> DemoOptions.parse("--ws-url", "http://x")).hasMessageContaining("ws://");
        assertThatThrownBy(() -> DemoOptions.parse("--port", "1")).hasMessageContaining("unknown argument '--port'");
        assertThatThrownBy(() -> DemoOptions.parse("--ws-url")).hasMessageContaining("missing value");
    }
}
