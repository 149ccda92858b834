package io.sluice.node.sdk;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

/**
 * Proxy streams through the official centrifuge-js SDK from npm, unchanged, run by Node with
 * {@code ws} (upgrade headers through a {@code websocket} class that hands them to {@code ws}),
 * over JSON and over Protobuf: one Node process for each.
 */
@ParameterizedClass(name = "centrifuge-js over {0}")
@ValueSource(strings = {"json", "protobuf"})
class JsStreamSdkTest extends StreamSdkScenarios {

    private static final Map<String, JsDriver> DRIVERS = new HashMap<>();

    @Parameter
    private String protocol;

    @Override
    SdkDriver sdk() {
        return DRIVERS.computeIfAbsent(protocol, JsDriver::start);
    }

    @AfterParameterizedClassInvocation
    static void stopSdk(String protocol) {
        JsDriver driver = DRIVERS.remove(protocol);
        if (driver != null) {
            driver.close();
        }
    }
}
