package io.sluice.node.cluster;

/** Node config for the Redis engine tests: short timeouts and presence TTL so failures show within seconds. */
final class RedisConfig {

    private RedisConfig() {
    }

    /** {@code redisAddress} is one JSON string or a JSON array body, e.g. {@code "redis://127.0.0.1:6379"}. */
    static String json(String redisAddress) {
        String address = redisAddress.startsWith("[") ? redisAddress : "\"" + redisAddress + "\"";
        return "\"engine\": \"redis\", \"redis_address\": " + address + ","
                + " \"redis_io_timeout\": \"1s\", \"redis_presence_ttl\": \"3s\", \"client_presence_update_interval\": \"1s\","
                + " \"namespaces\": ["
                + "{\"name\": \"chat\", \"presence\": true, \"join_leave\": true, \"allow_subscribe_for_client\": true,"
                + " \"allow_publish_for_subscriber\": true, \"allow_presence_for_subscriber\": true},"
                + "{\"name\": \"streams\", \"proxy_stream_subscribe\": true, \"presence\": true, \"join_leave\": true}]";
    }
}
