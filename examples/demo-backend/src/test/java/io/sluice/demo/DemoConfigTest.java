package io.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.load.LoadedConfig;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.node.config.StreamBackendConfig.Contract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/config.json, loaded by the node's own loader: it must start a node that routes as the demo needs. */
class DemoConfigTest {

    private static final Path CONFIG = Path.of(System.getProperty("sluice.examples", "..")).resolve("config.json");

    @Test
    void loadsWithoutWarningsAndRoutesEveryNamespaceToTheDemoBackend() throws Exception {
        LoadedConfig loaded = ConfigLoader.load(List.of(CONFIG), Map.of());
        NodeConfig config = loaded.config();

        assertThat(loaded.warnings()).isEmpty();
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.apiKey()).isEqualTo("demo-api-key");
        assertThat(config.token().hmacSecretKey()).isEqualTo("demo-secret-change-me");
        // The page's transport selector offers both WebSocket fallbacks.
        assertThat(config.fallback().httpStream()).isTrue();
        assertThat(config.fallback().sse()).isTrue();

        NodeConfig.ConnectStreamConfig connect = config.connectStream();
        assertThat(connect).isNotNull();
        assertThat(connect.bidirectional()).isTrue();
        assertBackend(config.streamBackends().get(connect.backend()), Contract.PROXY_STREAM);

        ChannelOptions ticker = config.channelOptions("ticker");
        assertThat(ticker.presence()).isTrue();
        assertThat(ticker.streamBidirectional()).isFalse();
        assertBackend(config.streamBackends().get(ticker.streamBackend()), Contract.PROXY_STREAM);

        ChannelOptions echo = config.channelOptions("echo");
        assertThat(echo.streamBidirectional()).isTrue();
        assertBackend(config.streamBackends().get(echo.streamBackend()), Contract.PROXY_STREAM);

        ChannelOptions logs = config.channelOptions("logs");
        assertThat(logs.streamBackend()).isEqualTo("demo-v5");
        assertThat(logs.streamBidirectional()).isFalse();
        assertBackend(config.streamBackends().get("demo-v5"), Contract.CENTRIFUGO_PROXY);

        ChannelOptions chat = config.channelOptions("chat");
        assertThat(chat.isStream()).isFalse();
        assertThat(chat.allowSubscribeForAnonymous()).isTrue();
    }

    private static void assertBackend(StreamBackendConfig backend, Contract contract) {
        assertThat(backend).isNotNull();
        assertThat(backend.endpoint()).isEqualTo("grpc://127.0.0.1:12000");
        assertThat(backend.contract()).isEqualTo(contract);
        assertThat(backend.timeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
