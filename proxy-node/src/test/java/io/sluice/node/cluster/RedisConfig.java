package io.sluice.node.cluster;

/** Node config for the Redis engine tests: short timeouts and presence TTL so failures show within seconds. */
final class RedisConfig {

    private static final String CHAT = "{\"name\": \"chat\", \"presence\": true, \"join_leave\": true,"
            + " \"allow_subscribe_for_client\": true, \"allow_publish_for_subscriber\": true,"
            + " \"allow_presence_for_subscriber\": true}";

    private RedisConfig() {
    }

    /** {@code redisAddress} is one address, or a JSON array of them; namespace {@code chat} for everything. */
    static String json(String redisAddress) {
        return base(redisAddress) + ", \"namespaces\": [" + CHAT + "]";
    }

    /** Also namespace {@code streams}: subscription streams to {@code backendEndpoint}. */
    static String json(String redisAddress, String backendEndpoint) {
        return base(redisAddress) + ", \"proxy_stream_subscribe_endpoint\": \"" + backendEndpoint + "\","
                + " \"namespaces\": [" + CHAT + ","
                + " {\"name\": \"streams\", \"proxy_stream_subscribe\": true, \"presence\": true, \"join_leave\": true}]";
    }

    private static String base(String redisAddress) {
        String address = redisAddress.startsWith("[") ? redisAddress : "\"" + redisAddress + "\"";
        return "\"engine\": \"redis\", \"redis_address\": " + address + ", \"redis_io_timeout\": \"1s\","
                + " \"redis_presence_ttl\": \"3s\", \"client_presence_update_interval\": \"1s\"";
    }
}
