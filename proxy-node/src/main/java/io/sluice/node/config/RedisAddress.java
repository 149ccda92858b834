package io.sluice.node.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of {@code redis_address}: where one Redis shard lives and how to reach it. Forms:
 * <ul>
 *   <li>{@code redis://[user:password@]host[:port][/db]} ({@code rediss://} for TLS) or a bare
 *       {@code host:port}: one server; a server with cluster mode on is used as a Redis Cluster seed;</li>
 *   <li>{@code redis+sentinel://[user:password@]host:port?sentinel_master_name=NAME[&addr=host2:port2...]}:
 *       the master Sentinel names, found through the listed sentinels ({@code sentinel_password},
 *       {@code db} optional);</li>
 *   <li>{@code redis+cluster://[user:password@]host:port[?addr=host2:port2...]}: a Redis Cluster by its seeds,
 *       without probing.</li>
 * </ul>
 *
 * @param hosts {@code host:port} entries: the server, the sentinels or the cluster seeds
 */
public record RedisAddress(Kind kind, boolean tls, List<String> hosts, String user, String password, int db,
                           String sentinelMasterName, String sentinelPassword) {

    public enum Kind { SERVER, SENTINEL, CLUSTER }

    private static final int REDIS_PORT = 6379;
    private static final int SENTINEL_PORT = 26379;

    /** Parses one address; the message of the exception says what is wrong with it. */
    public static RedisAddress parse(String text) {
        String s = text.trim();
        int schemeEnd = s.indexOf("://");
        String scheme = schemeEnd < 0 ? "redis" : s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = schemeEnd < 0 ? s : s.substring(schemeEnd + 3);
        Kind kind;
        boolean tls;
        switch (scheme) {
            case "redis" -> { kind = Kind.SERVER; tls = false; }
            case "rediss" -> { kind = Kind.SERVER; tls = true; }
            case "redis+sentinel" -> { kind = Kind.SENTINEL; tls = false; }
            case "rediss+sentinel" -> { kind = Kind.SENTINEL; tls = true; }
            case "redis+cluster" -> { kind = Kind.CLUSTER; tls = false; }
            case "rediss+cluster" -> { kind = Kind.CLUSTER; tls = true; }
            default -> throw new IllegalArgumentException("unknown scheme '" + scheme + "' in \"" + text
                    + "\": use redis://, rediss://, redis+sentinel:// or redis+cluster://");
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            parseQuery(rest.substring(q + 1), query);
            rest = rest.substring(0, q);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = emptyToNull(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? null : emptyToNull(decode(userInfo.substring(colon + 1)));
        }
        int db = 0;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            db = parseDb(rest.substring(slash + 1), text);
            rest = rest.substring(0, slash);
        }
        if (query.containsKey("db")) {
            db = parseDb(query.get("db").get(0), text);
        }
        int defaultPort = kind == Kind.SENTINEL ? SENTINEL_PORT : REDIS_PORT;
        List<String> hosts = new ArrayList<>();
        for (String host : rest.split(",")) {
            if (!host.isBlank()) {
                hosts.add(hostPort(host.trim(), defaultPort, text));
            }
        }
        for (String extra : query.getOrDefault("addr", List.of())) {
            hosts.add(hostPort(extra.trim(), defaultPort, text));
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no host in \"" + text + "\"");
        }
        if (kind == Kind.SERVER && hosts.size() > 1) {
            throw new IllegalArgumentException("\"" + text + "\" names several hosts: list shards as separate"
                    + " redis_address entries, or use redis+cluster:// or redis+sentinel://");
        }
        String master = first(query, "sentinel_master_name");
        if (kind == Kind.SENTINEL && master == null) {
            throw new IllegalArgumentException("\"" + text + "\" needs ?sentinel_master_name=NAME");
        }
        if (kind == Kind.CLUSTER && db != 0) {
            throw new IllegalArgumentException("\"" + text + "\": Redis Cluster has only database 0");
        }
        return new RedisAddress(kind, tls, List.copyOf(hosts), user, password, db, master,
                first(query, "sentinel_password"));
    }

    /** {@code host:port} as a Redisson node address with this address's scheme. */
    public String nodeUri(String hostPort) {
        return (tls ? "rediss://" : "redis://") + hostPort;
    }

    /** For logs: the address without its password. */
    @Override
    public String toString() {
        String scheme = (tls ? "rediss" : "redis") + switch (kind) {
            case SERVER -> "";
            case SENTINEL -> "+sentinel";
            case CLUSTER -> "+cluster";
        };
        return scheme + "://" + (user == null ? "" : user + "@") + String.join(",", hosts)
                + (db == 0 ? "" : "/" + db) + (sentinelMasterName == null ? "" : "?sentinel_master_name=" + sentinelMasterName);
    }

    private static void parseQuery(String query, Map<String, List<String>> out) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static String hostPort(String host, int defaultPort, String text) {
        String name = host;
        int port = defaultPort;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !host.endsWith("]")) {
            name = host.substring(0, colon);
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in \"" + host + "\" of \"" + text + "\"");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range in \"" + text + "\"");
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no host in \"" + text + "\"");
        }
        return name + ":" + port;
    }

    private static int parseDb(String value, String text) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int db = Integer.parseInt(value);
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad database number '" + value + "' in \"" + text + "\"");
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
