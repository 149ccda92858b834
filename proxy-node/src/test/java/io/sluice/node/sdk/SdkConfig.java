package io.sluice.node.sdk;

/** The node config both SDK suites run against: one chat namespace with every feature they exercise. */
final class SdkConfig {

    static final String JSON = "\"client_expired_close_delay\": \"1s\","
            + " \"namespaces\": [{\"name\": \"chat\", \"presence\": true, \"join_leave\": true,"
            + " \"allow_subscribe_for_client\": true, \"allow_publish_for_subscriber\": true,"
            + " \"allow_presence_for_subscriber\": true}]";

    private SdkConfig() {
    }
}
