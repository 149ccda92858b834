package io.sluice.node.sdk;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * Proxy streams through the official centrifuge-js SDK from npm, unchanged, run by Node with
 * {@code ws} (upgrade headers through a {@code websocket} class that hands them to {@code ws}),
 * over JSON and over Protobuf: one Node process for each.
 */
@ParameterizedClass(name = "centrifuge-js over {0}")
@ValueSource(strings = {"json", "protobuf"})
class JsStreamSdkTest extends StreamSdkScenarios {


    @Parameter
    private String protocol;

    @Override
    SdkDriver sdk() {
        return JsDrivers.get(protocol, "websocket");
    }

    @AfterParameterizedClassInvocation
    static void stopSdk(String protocol) {
        JsDrivers.stop(protocol, "websocket");
    }
}
