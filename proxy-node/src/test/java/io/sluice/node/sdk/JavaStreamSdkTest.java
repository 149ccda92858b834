package io.sluice.node.sdk;

import org.junit.jupiter.api.AfterAll;

/**
 * Proxy streams through the official centrifuge-java SDK 0.4.1 (Protobuf), unchanged; it sets
 * upgrade headers through {@code Options.setHeaders}.
 */
class JavaStreamSdkTest extends StreamSdkScenarios {

    private static final JavaDriver DRIVER = new JavaDriver();

    @AfterAll
    static void closeClients() {
        DRIVER.close();
    }

    @Override
    SdkDriver sdk() {
        return DRIVER;
    }
}
