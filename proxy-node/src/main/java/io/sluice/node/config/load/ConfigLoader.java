package io.sluice.node.config.load;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.StreamBackendConfig;
import io.sluice.proto.GoDuration;
import static io.sluice.node.config.load.Keys.*;

import io.sluice.node.config.NodeConfig.EngineConfig;
import io.sluice.node.config.NodeConfig.RedisOptions;
import io.sluice.node.config.load.Keys.Scope;
import io.sluice.node.config.load.RawConfig.RawSection;
import io.sluice.node.config.load.StreamRouting.Choice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link NodeConfig} from Centrifugo-v5-style JSON/YAML files plus {@code SLUICE_<KEY>}
 * environment overrides. Pure: the same files and environment always give the same result, so a
 * reload can simply call it again and keep the old snapshot when it throws.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Reads {@code files} in order (later files override earlier top-level keys; {@code namespaces} and
     * {@code stream_backends} merge by name), applies {@code env}, validates and normalises.
     *
     * @throws ConfigException naming file, key and reason for anything the node must not start with
     */
    public static LoadedConfig load(List<Path> files, Map<String, String> env) throws ConfigException {
        return load(files, Set.of(), env);
    }

    /** As {@link #load(List, Map)}, except that a missing file of {@code optional} counts as empty. */
    public static LoadedConfig load(List<Path> files, Set<Path> optional, Map<String, String> env)
            throws ConfigException {
        return assemble(ConfigSources.load(files, optional, env));
    }

    /** Test convenience: {@code json} as if it were the file "inline.json", no environment, warnings dropped. */
    public static NodeConfig fromJson(String json) throws ConfigException {
        return assemble(ConfigSources.parse("inline.json", json)).config();
    }

    static LoadedConfig assemble(RawConfig raw) throws ConfigException {
        List<String> warnings = new ArrayList<>();
        Section top = checked(raw.top(), Scope.TOP, warnings);
        List<Section> namespaces = new ArrayList<>();
        for (RawSection section : raw.namespaces().values()) {
            namespaces.add(checked(section, Scope.NAMESPACE, warnings));
        }
        List<Section> explicitBackends = new ArrayList<>();
        for (RawSection section : raw.backends().values()) {
            explicitBackends.add(checked(section, Scope.BACKEND, warnings));
        }

        Map<String, StreamBackendConfig> backends = StreamRouting.backends(top, explicitBackends, warnings);
        ChannelOptions withoutNamespace =
                channelOptions("", top, StreamRouting.choose(top, true, backends, warnings));
        Map<String, ChannelOptions> byName = new LinkedHashMap<>();
        for (Section namespace : namespaces) {
            String name = namespace.get(NAMESPACE_NAME);
            byName.put(name, channelOptions(name, namespace, StreamRouting.choose(namespace, false, backends, warnings)));
        }
        NodeConfig.ConnectStreamConfig connect = StreamRouting.connect(top, backends, warnings);

        checkPingPong(top);
        checkPresenceRefresh(top);
        NodeConfig config = new NodeConfig(
                top.get(ADDRESS),
                top.get(PORT),
                TokenKeys.connection(top, warnings),
                TokenKeys.separateSubscription(top, warnings),
                top.get(API_KEY),
                top.get(API_INSECURE),
                top.get(ALLOW_ANONYMOUS_CONNECT_WITHOUT_TOKEN),
                top.get(DISALLOW_ANONYMOUS_CONNECTION_TOKENS),
                top.get(CLIENT_INSECURE),
                top.get(PING_INTERVAL),
                top.get(PONG_TIMEOUT),
                top.get(CLIENT_STALE_CLOSE_DELAY),
                top.get(CLIENT_EXPIRED_CLOSE_DELAY),
                top.get(CLIENT_EXPIRED_SUB_CLOSE_DELAY),
                top.get(CLIENT_PRESENCE_UPDATE_INTERVAL),
                top.get(CLIENT_CHANNEL_LIMIT),
                top.get(CLIENT_USER_CONNECTION_LIMIT),
                top.get(CLIENT_CONCURRENCY),
                top.get(CLIENT_QUEUE_MAX_SIZE),
                top.get(WEBSOCKET_MESSAGE_SIZE_LIMIT),
                top.get(WEBSOCKET_WRITE_TIMEOUT),
                top.get(CHANNEL_MAX_LENGTH),
                withoutNamespace,
                Collections.unmodifiableMap(byName),
                new EngineConfig(top.get(ENGINE), top.get(REDIS_ADDRESS), top.get(REDIS_PREFIX),
                        new RedisOptions(top.get(REDIS_PRESENCE_TTL), top.get(REDIS_IO_TIMEOUT),
                                top.get(REDIS_CONNECT_TIMEOUT), top.get(REDIS_USER), top.get(REDIS_PASSWORD),
                                top.get(REDIS_DB))),
                backends,
                connect,
                frontDoor(top),
                new NodeConfig.FallbackConfig(top.get(HTTP_STREAM), top.get(SSE), top.get(HTTP_STREAM_HANDLER_PREFIX),
                        top.get(SSE_HANDLER_PREFIX), top.get(EMULATION_HANDLER_PREFIX),
                        top.get(HTTP_STREAM_MAX_REQUEST_BODY_SIZE), top.get(SSE_MAX_REQUEST_BODY_SIZE),
                        top.get(EMULATION_MAX_REQUEST_BODY_SIZE)));
        return new LoadedConfig(config, warnings);
    }

    private static Section checked(RawSection raw, Scope scope, List<String> warnings) throws ConfigException {
        Section section = new Section(raw);
        section.check(scope, warnings);
        return section;
    }

    private static ChannelOptions channelOptions(String name, Section s, Choice stream) throws ConfigException {
        return new ChannelOptions(
                name,
                s.get(PRESENCE),
                s.get(JOIN_LEAVE),
                s.get(FORCE_PUSH_JOIN_LEAVE),
                s.get(ALLOW_SUBSCRIBE_FOR_CLIENT),
                s.get(ALLOW_SUBSCRIBE_FOR_ANONYMOUS),
                s.get(ALLOW_PUBLISH_FOR_SUBSCRIBER),
                s.get(ALLOW_PUBLISH_FOR_CLIENT),
                s.get(ALLOW_PUBLISH_FOR_ANONYMOUS),
                s.get(ALLOW_PRESENCE_FOR_SUBSCRIBER),
                s.get(ALLOW_PRESENCE_FOR_CLIENT),
                s.get(ALLOW_PRESENCE_FOR_ANONYMOUS),
                s.get(ALLOW_USER_LIMITED_CHANNELS),
                s.get(CHANNEL_REGEX),
                stream == null ? null : stream.backend(),
                stream != null && stream.bidirectional());
    }

    private static NodeConfig.FrontDoorConfig frontDoor(Section top) throws ConfigException {
        Integer internalPort = top.get(INTERNAL_PORT);
        if (internalPort != null && internalPort.equals(top.get(PORT))) {
            throw top.origin(INTERNAL_PORT).error("internal_port must differ from port (" + internalPort + "): it"
                    + " exists to keep the server API, /metrics and /health off the client port");
        }
        String internalAddress = top.get(INTERNAL_ADDRESS);
        return new NodeConfig.FrontDoorConfig(
                top.get(ALLOWED_ORIGINS),
                internalPort == null ? 0 : internalPort,
                internalAddress == null ? top.get(ADDRESS) : internalAddress,
                top.get(API_DISABLE),
                top.get(API_MAX_REQUEST_BODY_SIZE),
                top.get(CLIENT_CONNECTION_LIMIT),
                top.get(CLIENT_CONNECTION_RATE_LIMIT),
                top.get(HTTP_READ_HEADER_TIMEOUT),
                top.get(HTTP_IDLE_TIMEOUT));
    }

    /** A Redis presence entry must be refreshed before it expires, else present clients blink out of presence. */
    private static void checkPresenceRefresh(Section top) throws ConfigException {
        Duration refresh = top.get(CLIENT_PRESENCE_UPDATE_INTERVAL);
        Duration ttl = top.get(REDIS_PRESENCE_TTL);
        if ("redis".equals(top.get(ENGINE)) && refresh.compareTo(ttl) >= 0) {
            Key<Duration> blamed = top.isSet(REDIS_PRESENCE_TTL) ? REDIS_PRESENCE_TTL : CLIENT_PRESENCE_UPDATE_INTERVAL;
            throw top.origin(blamed).error("client_presence_update_interval (" + GoDuration.format(refresh)
                    + ") must be shorter than redis_presence_ttl (" + GoDuration.format(ttl) + "): nodes refresh"
                    + " their clients' presence at that interval and an entry not refreshed within the TTL expires");
        }
    }

    /** A pong must be able to arrive before the next ping is due, else healthy clients get cut. */
    private static void checkPingPong(Section top) throws ConfigException {
        Duration ping = top.get(PING_INTERVAL);
        Duration pong = top.get(PONG_TIMEOUT);
        if (pong.compareTo(ping) >= 0) {
            Key<Duration> blamed = top.isSet(PONG_TIMEOUT) ? PONG_TIMEOUT : PING_INTERVAL;
            throw top.origin(blamed).error("pong_timeout (" + GoDuration.format(pong) + ") must be shorter than"
                    + " ping_interval (" + GoDuration.format(ping) + ")");
        }
    }
}
