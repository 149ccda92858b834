package io.sluice.node.engine.redis;

/**
 * Every Redis key and PUB/SUB channel name the engine uses, under {@code redis_prefix} (P):
 * <pre>
 *   P.client.CHANNEL           PUB/SUB: publications, joins and leaves of CHANNEL
 *   P.control                  PUB/SUB: server-API commands for users on any node (unsubscribe, disconnect, ...)
 *   P.survey                   PUB/SUB: "tell me your channels" requests ({@code /api/channels})
 *   P.node.NODE_UID            PUB/SUB: survey answers addressed to one node
 *   P.emulation.NODE_UID       PUB/SUB: fallback clients' commands for sessions on that node (EmulationRequest)
 *   P.presence.data.CHANNEL    HASH  client id → ClientInfo (protobuf)
 *   P.presence.expire.CHANNEL  ZSET  client id scored by expiry (unix ms)
 *   P.nodes.data               HASH  node uid → node info (JSON) for {@code /api/info}
 *   P.nodes.expire             ZSET  node uid scored by expiry (unix ms)
 * </pre>
 * On a Redis Cluster the subject of each HASH/ZSET pair is a hash tag ({@code P.presence.data.{CHANNEL}},
 * {@code P.nodes.data.{nodes}}) so both keys of a pair live in one slot, as a Lua script needs.
 */
public record RedisKeys(String prefix, boolean cluster) {

    /** The two keys of one expiring hash: the entries and their expiry times. */
    public record Pair(String data, String expire) {
    }

    public String channel(String channel) {
        return prefix + ".client." + channel;
    }

    public String control() {
        return prefix + ".control";
    }

    public String survey() {
        return prefix + ".survey";
    }

    public String node(String uid) {
        return prefix + ".node." + uid;
    }

    public String emulation(String uid) {
        return prefix + ".emulation." + uid;
    }

    public Pair presence(String channel) {
        return pair(".presence.data.", ".presence.expire.", channel);
    }

    public Pair nodes() {
        return cluster ? pair(".nodes.data.", ".nodes.expire.", "nodes")
                : new Pair(prefix + ".nodes.data", prefix + ".nodes.expire");
    }

    private Pair pair(String data, String expire, String subject) {
        String tagged = cluster ? "{" + subject + "}" : subject;
        return new Pair(prefix + data + tagged, prefix + expire + tagged);
    }
}
