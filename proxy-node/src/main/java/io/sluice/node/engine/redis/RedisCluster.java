package io.sluice.node.engine.redis;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.node.engine.Cluster;
import io.sluice.node.engine.NodeInfo;
import io.sluice.proto.client.EmulationRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.node.engine.LocalCounts;
import io.sluice.node.engine.NodeIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cluster as the Redis engine sees it.
 * <ul>
 *   <li>Node registry: every {@value #HEARTBEAT_MILLIS} ms each node writes its {@link NodeInfo} into the
 *       expiring hash {@code P.nodes.*} on the first shard, to live {@value #NODE_TTL_MILLIS} ms. A node that
 *       stops (even by SIGKILL) drops out of {@link #nodes()} within that time; a graceful stop removes
 *       its entry at once. A node heartbeats only while it can answer surveys.</li>
 *   <li>Channels: a survey. The asking node publishes a request on {@code P.survey}; every node answers
 *       with its local channel counts on the asker's {@code P.node.UID}; the answer is complete when every
 *       registered node has answered, and fails if one has not within the timeout.</li>
 * </ul>
 */
public final class RedisCluster implements Cluster {

    static final long HEARTBEAT_MILLIS = 2_000;
    static final long NODE_TTL_MILLIS = 6_000;

    private static final Logger log = LoggerFactory.getLogger(RedisCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisShard shard;
    private final TopicSubscriptions subscriptions;
    private final NodeIdentity identity;
    private final Duration timeout;
    private final Map<String, Survey> surveys = new ConcurrentHashMap<>();
    private volatile LocalCounts hub;
    private volatile EmulationHandler emulation = (session, commands) -> { };
    private ScheduledFuture<?> heartbeats;
    /** Guarded by {@code this}, like the issuing of registry writes, so the removal on close is the last one. */
    private boolean closed;
    private volatile boolean reachable;

    /** One {@link #channels()} call waiting for answers; guarded by its own monitor. */
    private static final class Survey {
        final Set<String> waitingFor;
        final Map<String, Integer> counts = new TreeMap<>();
        final CompletableFuture<Map<String, Integer>> done = new CompletableFuture<>();

        Survey(Set<String> waitingFor) {
            this.waitingFor = waitingFor;
        }
    }

    /** @param shard the first shard, which holds the registry and carries surveys */
    public RedisCluster(RedisShard shard, TopicSubscriptions subscriptions, NodeIdentity identity, Duration timeout) {
        this.shard = shard;
        this.subscriptions = subscriptions;
        this.identity = identity;
        this.timeout = timeout;
    }

    public void start(LocalCounts hub, ScheduledExecutorService scheduler) {
        this.hub = hub;
        subscriptions.want(shard.topic(shard.keys().survey()), (channel, bytes) -> answerSurvey(bytes));
        subscriptions.want(shard.topic(shard.keys().node(identity.uid())), (channel, bytes) -> collectAnswer(bytes));
        subscriptions.want(shard.topic(shard.keys().emulation(identity.uid())), (channel, bytes) -> emulated(bytes));
        // The first heartbeat as soon as the node can answer surveys, then at a fixed rate.
        CompletableFuture.allOf(subscriptions.ready(shard.keys().survey()), subscriptions.ready(shard.keys().node(identity.uid())))
                .thenRunAsync(this::heartbeat, scheduler);
        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void heartbeat() {
        if (closed || !subscriptions.isSubscribed(shard.keys().survey())
                || !subscriptions.isSubscribed(shard.keys().node(identity.uid()))) {
            reachable = false;
            return;
        }
        ExpiringHash.add(shard.client(), shard.keys().nodes(), NODE_TTL_MILLIS,
                        Map.of(identity.uid(), toBytes(local())))
                .whenComplete((written, failure) -> {
                    reachable = failure == null;
                    if (failure != null) {
                        log.debug("heartbeat failed: {}", failure.toString());
                    }
                });
    }

    @Override
    public boolean reachable() {
        return reachable;
    }

    private NodeInfo local() {
        return NodeInfo.of(identity, hub, System.currentTimeMillis());
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        return ExpiringHash.read(shard.client(), shard.keys().nodes())
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(raw -> {
                    List<NodeInfo> nodes = new ArrayList<>();
                    nodes.add(local()); // fresher than its last heartbeat, and listed even before the first one
                    raw.forEach((uid, bytes) -> {
                        if (!uid.equals(identity.uid())) {
                            try {
                                nodes.add(fromBytes(bytes));
                            } catch (IOException e) {
                                log.warn("skipped an unreadable registry entry of node {}", uid);
                            }
                        }
                    });
                    nodes.sort(Comparator.comparing(NodeInfo::name).thenComparing(NodeInfo::uid));
                    return nodes;
                });
    }

    @Override
    public CompletableFuture<Map<String, Integer>> channels() {
        return nodes().thenCompose(nodes -> {
            Set<String> uids = new HashSet<>();
            nodes.forEach(n -> uids.add(n.uid()));
            String request = UUID.randomUUID().toString();
            Survey survey = new Survey(uids);
            surveys.put(request, survey);
            ObjectNode ask = JSON.createObjectNode().put("request", request).put("reply_to", identity.uid());
            shard.topic(shard.keys().survey()).publishAsync(bytes(ask)).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    survey.done.completeExceptionally(failure);
                }
            });
            return survey.done.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((counts, failure) -> surveys.remove(request));
        });
    }

    @Override
    public void onEmulation(EmulationHandler handler) {
        this.emulation = handler;
    }

    @Override
    public CompletableFuture<Void> forwardEmulation(String nodeUid, String session, byte[] commands) {
        byte[] message = EmulationRequest.newBuilder().setNode(nodeUid).setSession(session)
                .setData(ByteString.copyFrom(commands)).build().toByteArray();
        return shard.topic(shard.keys().emulation(nodeUid)).publishAsync(message).toCompletableFuture()
                .thenApply(receivers -> null);
    }

    private void emulated(byte[] bytes) {
        try {
            EmulationRequest request = EmulationRequest.parseFrom(bytes);
            emulation.deliver(request.getSession(), request.getData().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipped an unreadable forwarded emulation request");
        }
    }

    private void answerSurvey(byte[] bytes) {
        try {
            JsonNode ask = JSON.readTree(bytes);
            ObjectNode answer = JSON.createObjectNode()
                    .put("request", ask.path("request").asText())
                    .put("node", identity.uid());
            ObjectNode channels = answer.putObject("channels");
            hub.channelCounts().forEach(channels::put);
            shard.topic(shard.keys().node(ask.path("reply_to").asText())).publishAsync(bytes(answer));
        } catch (IOException e) {
            log.warn("dropped an unreadable survey request: {}", e.toString());
        }
    }

    private void collectAnswer(byte[] bytes) {
        JsonNode answer;
        try {
            answer = JSON.readTree(bytes);
        } catch (IOException e) {
            log.warn("dropped an unreadable survey answer: {}", e.toString());
            return;
        }
        Survey survey = surveys.get(answer.path("request").asText());
        if (survey == null) {
            return; // answered too late
        }
        synchronized (survey) {
            if (!survey.waitingFor.remove(answer.path("node").asText())) {
                return; // a node that registered after the survey started, or a duplicate
            }
            answer.path("channels").properties().forEach(e -> survey.counts.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            if (survey.waitingFor.isEmpty()) {
                survey.done.complete(survey.counts);
            }
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops heartbeating and leaves the registry at once, waiting at most the timeout. */
    @Override
    public void close() {
        CompletableFuture<Void> removed;
        synchronized (this) {
            closed = true;
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
            removed = ExpiringHash.remove(shard.client(), shard.keys().nodes(), List.of(identity.uid()));
        }
        try {
            removed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("could not leave the node registry ({}); the entry expires within {} ms", e.toString(),
                    NODE_TTL_MILLIS);
        }
    }

    /** A node's registry heartbeat: its {@code /api/info} line as JSON. */
    private static byte[] toBytes(NodeInfo info) {
        try {
            return JSON.writeValueAsBytes(info.toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NodeInfo fromBytes(byte[] bytes) throws IOException {
        JsonNode json = JSON.readTree(bytes);
        return new NodeInfo(json.path("uid").asText(), json.path("name").asText(), json.path("version").asText(),
                json.path("num_clients").asInt(), json.path("num_users").asInt(), json.path("num_channels").asInt(),
                json.path("num_subs").asInt(), json.path("uptime").asLong());
    }
}
