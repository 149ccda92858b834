package io.sluice.node.sdk;

import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.CsvSource;


/**
 * The same proxy-stream scenarios as {@link JsStreamSdkTest}, with centrifuge-js on the WebSocket
 * fallbacks: HTTP-streaming (Node's fetch; JSON and Protobuf) and SSE (the npm {@code eventsource}
 * package; JSON only), later commands through the emulation endpoint.
 */
@ParameterizedClass(name = "centrifuge-js over {1} ({0})")
@CsvSource({"json, http_stream", "protobuf, http_stream", "json, sse"})
class JsFallbackStreamSdkTest extends StreamSdkScenarios {


    @Parameter(0)
    private String protocol;

    @Parameter(1)
    private String transport;

    @Override
    SdkDriver sdk() {
        return JsDrivers.get(protocol, transport);
    }

    @AfterParameterizedClassInvocation
    static void stopSdk(String protocol, String transport) {
        JsDrivers.stop(protocol, transport);
    }
}
