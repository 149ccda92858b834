package io.sluice.node.client;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.node.context.NodeContext;
import io.sluice.node.auth.ConnectToken;
import io.sluice.node.auth.SubscriptionToken;
import io.sluice.node.auth.TokenException;
import io.sluice.node.engine.ControlCommand;
import io.sluice.node.channel.ChannelName;
import io.sluice.node.channel.ChannelRules;
import io.sluice.node.channel.Permissions;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.hub.HubClient;
import io.sluice.node.hub.PushFrame;
import io.sluice.node.metrics.NodeMetrics;
import io.sluice.node.protocol.ClientCodec;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.node.protocol.ProtocolException;
import io.sluice.node.protocol.UnsubscribeCode;
import io.sluice.node.stream.StreamClient;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.PingResult;
import io.sluice.proto.client.PresenceResult;
import io.sluice.proto.client.PresenceStatsResult;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.PublishRequest;
import io.sluice.proto.client.PublishResult;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Refresh;
import io.sluice.proto.client.RefreshResult;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.Subscribe;
import io.sluice.proto.client.SubscribeRequest;
import io.sluice.proto.client.SubscribeResult;
import io.sluice.proto.client.SubRefreshResult;
import io.sluice.proto.client.Unsubscribe;
import io.sluice.proto.client.UnsubscribeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One client connection speaking the Centrifuge protocol: its state machine, command dispatch,
 * subscriptions and timers. What it sends goes through its {@link OutboundWriter}, its gRPC streams
 * through its {@link StreamBridge}. Every field is touched only on the connection's event loop; calls
 * from other threads ({@link #deliver}, {@link #apply}, async results) hop onto it first, so nothing
 * here is locked.
 */
public final class ClientSession implements HubClient {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** Commands held behind a connect beyond one subscribe per allowed channel: a refresh, a presence call, an RPC or so. */
    private static final int HELD_COMMANDS_SLACK = 16;
    /** Commands a fallback session may have waiting before it is closed as slow (its reads cannot be paused). */
    private static final int MAX_EMULATED_WAITING = 1024;

    private enum State { CONNECTING, CONNECTED, CLOSED }

    private final ClientTransport transport;
    /** The transport's channel: the session's event loop, allocator and writability. */
    private final Channel socket;
    private final ClientCodec codec;
    private final NodeContext node;
    private final String clientId = UUID.randomUUID().toString();
    /** Headers some stream backend forwards: the opening request's, then those the connect command emulates. */
    private Map<String, String> headers;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    /** Commands read and not yet started ({@link #runCommands}). */
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    private final ReplyOrder replies = new ReplyOrder();
    private final OutboundWriter out;
    private final StreamBridge bridge;

    private State state = State.CONNECTING;
    private String user = "";
    private byte[] connInfo;
    private byte[] connMeta;
    /** The SDK named in the connect command, as the connection metric counts it. */
    private NodeMetrics.Sdk sdk;
    private long expireAt;
    private boolean awaitingPong;
    private ScheduledFuture<?> staleTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private ScheduledFuture<?> expiryTimer;

    /** @param headers the upgrade request's headers that a stream backend forwards, by lower-cased name */
    public ClientSession(ClientTransport transport, ClientCodec codec, NodeContext node, Map<String, String> headers) {
        this.transport = transport;
        this.socket = transport.channel();
        this.codec = codec;
        this.node = node;
        this.headers = headers;
        this.out = new OutboundWriter(transport, codec, node.metrics(), node.config(),
                () -> disconnect(DisconnectCode.SLOW), this::resumeStreams);
        this.bridge = new StreamBridge(node, replies, out, new StreamOutcomes());
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String user() {
        return user;
    }

    private NodeConfig config() {
        return node.config().get();
    }

    /** The WebSocket is open: the client now has {@code client_stale_close_delay} to connect. */
    public void start() {
        node.metrics().transport(transport.name()).open().incrementAndGet();
        staleTimer = schedule(config().clientStaleCloseDelay().toMillis(), () -> {
            if (state == State.CONNECTING) {
                disconnect(DisconnectCode.STALE);
            }
        });
    }

    // ---- inbound ----

    /** Commands a fallback client posted through emulation, run as if they had come on its connection. */
    public void receive(byte[] commands) {
        onLoop(() -> onFrame(Unpooled.wrappedBuffer(commands)));
    }

    public void onFrame(ByteBuf payload) {
        if (state == State.CLOSED) {
            return;
        }
        List<Command> commands;
        try {
            commands = codec.decode(payload);
        } catch (ProtocolException e) {
            log.debug("client {}: undecodable frame: {}", clientId, e.getMessage());
            disconnect(DisconnectCode.BAD_REQUEST);
            return;
        }
        waiting.addAll(commands);
        if (awaitingConnectionStream() && waiting.size() > config().clientChannelLimit() + HELD_COMMANDS_SLACK) {
            disconnect(DisconnectCode.BAD_REQUEST);
            return;
        }
        if (transport.session() != null && waiting.size() > MAX_EMULATED_WAITING) {
            // Emulation requests cannot be paused like a socket's reads: a client that posts faster than
            // its commands run is cut as a slow one instead of queueing without bound.
            disconnect(DisconnectCode.SLOW);
            return;
        }
        runCommands();
    }

    /**
     * Starts the waiting commands, in order, while they may start; writes the replies that are due; and
     * reads from the socket again only when nothing waits and fewer than {@code client_concurrency}
     * commands are in flight. So a client cannot have more engine or backend calls outstanding than
     * that, and what it sends meanwhile stays in the kernel's socket buffer.
     */
    private void runCommands() {
        int limit = config().commandsInFlightLimit();
        while (!waiting.isEmpty() && state != State.CLOSED && replies.unanswered() < limit && mayStart(waiting.peek())) {
            handle(waiting.poll());
        }
        out.writeDue(replies.takeAnswered());
        if (state != State.CLOSED) {
            transport.setReading(waiting.isEmpty() && replies.unanswered() < limit);
        }
    }

    /**
     * Commands behind a connect that waits for its connection stream wait for its answer (the SDKs send
     * subscribes in the connect's frame), and a message for a stream that already holds one (its backend
     * is not ready) waits until the stream has taken it.
     */
    private boolean mayStart(Command cmd) {
        if (awaitingConnectionStream()) {
            return false;
        }
        if (cmd.hasSend()) {
            return !bridge.connectionHolding();
        }
        if (cmd.hasPublish()) {
            Subscription sub = subscriptions.get(cmd.getPublish().getChannel());
            return sub == null || sub.stream == null || !sub.stream.isHolding();
        }
        return true;
    }

    private boolean awaitingConnectionStream() {
        return state == State.CONNECTING && bridge.hasConnectionStream();
    }

    private void handle(Command cmd) {
        if (state == State.CONNECTING && !cmd.hasConnect()) {
            disconnect(DisconnectCode.BAD_REQUEST);
            return;
        }
        if (cmd.getId() == 0 || cmd.hasSend()) {
            // send is one-way whatever its id (centrifuge-java numbers it): handled, never answered.
            handleAsync(cmd);
            return;
        }
        // One snapshot per command: a reload in the middle must not change the namespace it checked.
        NodeConfig cfg = config();
        if (cmd.hasConnect()) {
            node.metrics().command("connect");
            onConnect(cfg, cmd.getId(), cmd.getConnect());
        } else if (cmd.hasSubscribe()) {
            node.metrics().command("subscribe");
            onSubscribe(cfg, cmd.getId(), cmd.getSubscribe());
        } else if (cmd.hasUnsubscribe()) {
            node.metrics().command("unsubscribe");
            unsubscribeLocal(cmd.getUnsubscribe().getChannel());
            answer(Reply.newBuilder().setId(cmd.getId()).setUnsubscribe(UnsubscribeResult.getDefaultInstance()).build());
        } else if (cmd.hasPublish()) {
            node.metrics().command("publish");
            onPublish(cfg, cmd.getId(), cmd.getPublish());
        } else if (cmd.hasPresence()) {
            node.metrics().command("presence");
            onPresence(cfg, cmd.getId(), cmd.getPresence().getChannel(), false);
        } else if (cmd.hasPresenceStats()) {
            node.metrics().command("presence_stats");
            onPresence(cfg, cmd.getId(), cmd.getPresenceStats().getChannel(), true);
        } else if (cmd.hasHistory()) {
            node.metrics().command("history");
            ClientError refusal = ChannelRules.check(cfg, cmd.getHistory().getChannel()).refusal();
            // Sluice keeps no history: every channel answers "not available".
            answer(error(cmd.getId(), refusal != null ? refusal : ClientError.NOT_AVAILABLE));
        } else if (cmd.hasRpc()) {
            node.metrics().command("rpc");
            answer(error(cmd.getId(), ClientError.NOT_AVAILABLE));
        } else if (cmd.hasRefresh()) {
            node.metrics().command("refresh");
            onRefresh(cmd.getId(), cmd.getRefresh().getToken());
        } else if (cmd.hasSubRefresh()) {
            node.metrics().command("sub_refresh");
            onSubRefresh(cmd.getId(), cmd.getSubRefresh().getChannel(), cmd.getSubRefresh().getToken());
        } else if (cmd.hasPing()) {
            node.metrics().command("ping");
            answer(Reply.newBuilder().setId(cmd.getId()).setPing(PingResult.getDefaultInstance()).build());
        } else {
            answer(error(cmd.getId(), ClientError.METHOD_NOT_FOUND));
        }
    }

    /** The pong (an empty command without id) and {@code send}. Anything else without id is malformed. */
    private void handleAsync(Command cmd) {
        if (cmd.hasSend()) {
            node.metrics().command("send");
            bridge.send(cmd.getSend().getData());
            return;
        }
        if (isEmpty(cmd) && awaitingPong) {
            awaitingPong = false;
            cancel(pongTimer);
            return;
        }
        // An unsolicited pong or a command without id.
        disconnect(DisconnectCode.BAD_REQUEST);
    }

    private static boolean isEmpty(Command cmd) {
        return !cmd.hasConnect() && !cmd.hasSubscribe() && !cmd.hasUnsubscribe() && !cmd.hasPublish()
                && !cmd.hasPresence() && !cmd.hasPresenceStats() && !cmd.hasHistory() && !cmd.hasPing()
                && !cmd.hasSend() && !cmd.hasRpc() && !cmd.hasRefresh() && !cmd.hasSubRefresh();
    }

    // ---- connect, refresh, expiry ----

    private void onConnect(NodeConfig cfg, int id, ConnectRequest req) {
        if (state != State.CONNECTING || bridge.hasConnectionStream()) {
            disconnect(DisconnectCode.BAD_REQUEST);
            return;
        }
        sdk = node.metrics().sdk(req.getName(), req.getVersion());
        headers = withEmulatedHeaders(headers, req.getHeadersMap());
        if (req.getToken().isEmpty() && cfg.connectStream() != null) {
            bridge.openConnection(cfg, streamClient(), id, req);
        } else if (!req.getToken().isEmpty()) {
            ConnectToken token;
            try {
                token = node.tokens().verifyConnectToken(req.getToken());
            } catch (TokenException e) {
                rejectToken(id, e);
                return;
            }
            if (token.user().isEmpty() && cfg.disallowAnonymousConnectionTokens()) {
                disconnect(DisconnectCode.PERMISSION_DENIED); // Centrifugo's answer, not "invalid token"
                return;
            }
            connMeta = token.meta();
            accept(cfg, id, replies.reserve(), token.user(), token.info(), token.expireAt(), token.channels(),
                    ByteString.EMPTY);
        } else if (cfg.allowAnonymousConnectWithoutToken() || cfg.clientInsecure()) {
            accept(cfg, id, replies.reserve(), "", null, 0, List.of(), ByteString.EMPTY);
        } else {
            log.debug("client {}: connect without credentials", clientId);
            disconnect(DisconnectCode.BAD_REQUEST);
        }
    }

    /**
     * The SDKs' {@code headers} option, sent in the connect command because EventSource (and a browser
     * fetch across origins) cannot send custom headers: taken as request headers, for the names a
     * backend forwards.
     */
    private Map<String, String> withEmulatedHeaders(Map<String, String> request, Map<String, String> emulated) {
        if (emulated.isEmpty()) {
            return request;
        }
        Map<String, String> merged = new HashMap<>(request);
        Set<String> forwarded = node.streams().forwardedHeaders();
        emulated.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (forwarded.contains(lower)) {
                merged.put(lower, value);
            }
        });
        return merged;
    }

    /** Expired tokens get an error the SDK answers with a fresh token; forged ones end the connection. */
    private void rejectToken(int id, TokenException e) {
        log.debug("client {}: token rejected: {}", clientId, e.getMessage());
        if (e.reason() == TokenException.Reason.EXPIRED) {
            answer(error(id, ClientError.TOKEN_EXPIRED));
        } else {
            disconnect(DisconnectCode.INVALID_TOKEN);
        }
    }

    /** Makes the connection {@code user}'s and answers the connect in {@code slot}, unless a limit refuses it. */
    private void accept(NodeConfig cfg, int id, ReplyOrder.Slot slot, String user, byte[] info, long expireAt,
                        List<String> serverChannels, ByteString data) {
        List<ChannelRules.Checked> checkedChannels = new ArrayList<>();
        for (String channel : serverChannels) {
            ChannelRules.Checked checked = ChannelRules.check(cfg, channel);
            if (checked.refused()) {
                replies.answer(slot, error(id, ClientError.UNKNOWN_CHANNEL));
                return;
            }
            checkedChannels.add(checked);
        }
        this.user = user;
        if (!node.hub().addClient(this, cfg.clientUserConnectionLimit())) {
            disconnect(DisconnectCode.CONNECTION_LIMIT);
            return;
        }
        this.connInfo = info;
        this.expireAt = expireAt;
        state = State.CONNECTED;
        cancel(staleTimer);
        node.metrics().sdkConnected(sdk);

        ConnectResult.Builder result = ConnectResult.newBuilder()
                .setClient(clientId)
                .setVersion(node.identity().version())
                .setData(data);
        if (transport.session() != null) {
            result.setSession(transport.session()).setNode(node.identity().uid());
        }
        long pingSeconds = cfg.pingInterval().toSeconds();
        if (pingSeconds > 0) {
            result.setPing((int) pingSeconds).setPong(!cfg.pongTimeout().isZero());
        }
        if (expireAt > 0) {
            result.setExpires(true).setTtl((int) Math.max(0, expireAt - node.nowSeconds()));
        }
        for (ChannelRules.Checked channel : checkedChannels) {
            ChannelOptions ns = channel.options();
            Subscription sub = Subscription.plain(channel.name().name(), ns, ns.joinLeave(), null, 0);
            out.holdUntilWritten(sub, slot);
            subscribe(sub);
            result.putSubs(sub.channel, SubscribeResult.getDefaultInstance());
        }
        replies.answer(slot, Reply.newBuilder().setId(id).setConnect(result).build());
        scheduleExpiry();
        schedulePing(true);
    }

    private void onRefresh(int id, String jwt) {
        ConnectToken token;
        try {
            token = node.tokens().verifyConnectToken(jwt);
        } catch (TokenException e) {
            rejectToken(id, e);
            return;
        }
        if (!token.user().equals(user)) {
            disconnect(DisconnectCode.INVALID_TOKEN);
            return;
        }
        expireAt = token.expireAt();
        scheduleExpiry();
        RefreshResult.Builder result = RefreshResult.newBuilder().setClient(clientId).setVersion(node.identity().version());
        if (expireAt > 0) {
            result.setExpires(true).setTtl((int) Math.max(0, expireAt - node.nowSeconds()));
        }
        answer(Reply.newBuilder().setId(id).setRefresh(result).build());
    }

    /** Closes the connection {@code client_expired_close_delay} after its expiry unless a refresh moves it. */
    private void scheduleExpiry() {
        cancel(expiryTimer);
        if (expireAt <= 0) {
            return;
        }
        long delayMillis = (expireAt - node.nowSeconds()) * 1000 + config().clientExpiredCloseDelay().toMillis();
        expiryTimer = schedule(Math.max(0, delayMillis), () -> {
            if (expireAt > 0 && expireAt <= node.nowSeconds()) {
                disconnect(DisconnectCode.EXPIRED);
            }
        });
    }

    // ---- ping / pong ----

    private void schedulePing(boolean first) {
        NodeConfig cfg = config();
        long interval = cfg.pingInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        // The first ping is spread over [interval/2, interval) so a mass reconnect does not ping in lockstep.
        long delay = first ? interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval / 2)) : interval;
        pingTimer = schedule(delay, this::ping);
    }

    private void ping() {
        if (state != State.CONNECTED) {
            return;
        }
        out.write(List.of(Reply.getDefaultInstance()));
        long pongTimeout = config().pongTimeout().toMillis();
        if (pongTimeout > 0 && !awaitingPong) {
            awaitingPong = true;
            pongTimer = schedule(pongTimeout, () -> {
                if (awaitingPong) {
                    disconnect(DisconnectCode.NO_PONG);
                }
            });
        }
        schedulePing(false);
    }

    // ---- subscriptions ----

    private void onSubscribe(NodeConfig cfg, int id, SubscribeRequest req) {
        String channel = req.getChannel();
        ChannelRules.Checked checked = ChannelRules.check(cfg, channel);
        if (checked.refused()) {
            answer(error(id, checked.refusal()));
            return;
        }
        ChannelName name = checked.name();
        ChannelOptions ns = checked.options();
        if (subscriptions.containsKey(channel) || bridge.isOpening(channel)) {
            answer(error(id, ClientError.ALREADY_SUBSCRIBED));
            return;
        }
        if (subscriptions.size() + bridge.openingCount() >= cfg.clientChannelLimit()) {
            answer(error(id, ClientError.LIMIT_EXCEEDED));
            return;
        }
        SubscriptionToken token = null;
        if (!req.getToken().isEmpty()) {
            try {
                token = node.tokens().verifySubscriptionToken(req.getToken());
            } catch (TokenException e) {
                answer(error(id, e.reason() == TokenException.Reason.EXPIRED
                        ? ClientError.TOKEN_EXPIRED : ClientError.PERMISSION_DENIED));
                return;
            }
            if (!token.channel().equals(channel) || !token.user().equals(user)
                    || (!token.client().isEmpty() && !token.client().equals(clientId))) {
                disconnect(DisconnectCode.INVALID_TOKEN);
                return;
            }
        } else if (name.isPrivate()) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        } else if (ns.isStream() && !name.isUserLimited()) {
            // As in Centrifugo, a subscription token or a user-limited channel bypasses the stream proxy;
            // otherwise the backend, not the namespace's allow_* options, decides.
            bridge.openSubscription(cfg, streamClient(), id, channel, ns, req);
            return;
        } else if (name.isUserLimited() ? !Permissions.userAllowed(ns, name, user)
                : !Permissions.canSubscribe(ns, user, cfg.clientInsecure())) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        }
        boolean pushJoinLeave = ns.joinLeave() && (req.getJoinLeave() || ns.forcePushJoinLeave());
        long subExpireAt = token == null ? 0 : token.expireAt();
        Subscription sub = Subscription.plain(channel, ns, pushJoinLeave, token == null ? null : token.info(), subExpireAt);
        SubscribeResult.Builder result = subscribeResult(sub);
        if (token != null && token.data() != null) {
            result.setData(ByteString.copyFrom(token.data()));
        }
        Reply reply = Reply.newBuilder().setId(id).setSubscribe(result).build();
        ReplyOrder.Slot slot = replies.reserve();
        out.holdUntilWritten(sub, slot);
        replyWhenDelivered(id, slot, sub, reply, subscribe(sub));
    }

    /**
     * Replies to a subscribe once the engine delivers the channel to this node (at once with the
     * memory engine, or when the node already receives the channel), so nothing published after the
     * reply is missed. Pushes reaching the node before that are not forwarded: they were published
     * before the client was subscribed. If the engine cannot subscribe (Redis down), error 100: the SDK retries.
     */
    private void replyWhenDelivered(int id, ReplyOrder.Slot slot, Subscription sub, Reply reply,
                                    CompletableFuture<Void> delivered) {
        if (delivered.isDone() && !delivered.isCompletedExceptionally()) {
            replies.answer(slot, reply);
            return;
        }
        sub.awaitingDelivery = true;
        delivered.whenComplete((v, failure) -> onLoop(() -> {
            if (state != State.CONNECTED) {
                return;
            }
            sub.awaitingDelivery = false;
            if (failure != null && subscriptions.get(sub.channel) == sub) {
                unsubscribeLocal(sub.channel);
            }
            replies.answer(slot, failure == null ? reply : error(id, ClientError.INTERNAL));
            runCommands();
        }));
    }

    private StreamClient streamClient() {
        return new StreamClient(socket, clientId, user, transport.name(), codec.name(), connMeta, headers);
    }

    /**
     * Registers the subscription with the hub and presence. The join goes out once the engine delivers
     * the channel to this node, so the subscriber sees its own join as on a single node; the returned
     * future completes then.
     */
    private CompletableFuture<Void> subscribe(Subscription sub) {
        subscriptions.put(sub.channel, sub);
        CompletableFuture<Void> delivered = node.hub().addSubscriber(sub.channel, this);
        ClientInfo info = clientInfo(sub);
        if (sub.presence) {
            node.presence().add(sub.channel, info);
        }
        if (sub.joinLeave) {
            if (delivered.isDone()) {
                if (!delivered.isCompletedExceptionally()) {
                    node.broker().publishJoin(sub.channel, info);
                }
            } else {
                delivered.thenRun(() -> onLoop(() -> {
                    if (state == State.CONNECTED && subscriptions.get(sub.channel) == sub) {
                        node.broker().publishJoin(sub.channel, info);
                    }
                }));
            }
        }
        return delivered;
    }

    private void unsubscribeLocal(String channel) {
        bridge.cancelOpening(channel);
        Subscription sub = subscriptions.remove(channel);
        if (sub == null) {
            return;
        }
        cancel(sub.expiryTimer);
        if (sub.stream != null) {
            sub.stream.cancel();
        }
        node.hub().removeSubscriber(channel, this);
        if (sub.presence) {
            node.presence().remove(channel, clientId);
        }
        if (sub.joinLeave) {
            node.broker().publishLeave(channel, clientInfo(sub));
        }
    }

    /** Unsubscribes on the server's initiative and tells the client why. */
    private void unsubscribeByServer(String channel, UnsubscribeCode code) {
        if (!subscriptions.containsKey(channel)) {
            return;
        }
        Subscription sub = subscriptions.get(channel);
        unsubscribeLocal(channel);
        Reply push = Reply.newBuilder().setPush(Push.newBuilder().setChannel(channel)
                .setUnsubscribe(Unsubscribe.newBuilder().setCode(code.code()).setReason(code.reason()))).build();
        out.push(sub, push);
    }

    /** A subscribe result telling the SDK when {@code sub} expires; the expiry timer starts now. */
    private SubscribeResult.Builder subscribeResult(Subscription sub) {
        SubscribeResult.Builder result = SubscribeResult.newBuilder();
        if (sub.expireAt > 0) {
            result.setExpires(true).setTtl((int) Math.max(0, sub.expireAt - node.nowSeconds()));
            scheduleSubscriptionExpiry(sub);
        }
        return result;
    }

    /** Moves an expiry a sub_refresh changed: the timer of the old one goes, so nothing outlives the subscription. */
    private void scheduleSubscriptionExpiry(Subscription sub) {
        cancel(sub.expiryTimer);
        long delayMillis = (sub.expireAt - node.nowSeconds()) * 1000 + config().clientExpiredSubCloseDelay().toMillis();
        sub.expiryTimer = schedule(Math.max(0, delayMillis), () -> {
            Subscription current = subscriptions.get(sub.channel);
            if (current == sub && sub.expireAt > 0 && sub.expireAt <= node.nowSeconds()) {
                unsubscribeByServer(sub.channel, UnsubscribeCode.EXPIRED);
            }
        });
    }

    private void onSubRefresh(int id, String channel, String jwt) {
        Subscription sub = subscriptions.get(channel);
        if (sub == null) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        }
        SubscriptionToken token;
        try {
            token = node.tokens().verifySubscriptionToken(jwt);
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.EXPIRED) {
                answer(error(id, ClientError.TOKEN_EXPIRED));
            } else {
                disconnect(DisconnectCode.INVALID_TOKEN);
            }
            return;
        }
        if (!token.channel().equals(channel) || !token.user().equals(user)) {
            disconnect(DisconnectCode.INVALID_TOKEN);
            return;
        }
        sub.expireAt = token.expireAt();
        SubRefreshResult.Builder result = SubRefreshResult.newBuilder();
        if (sub.expireAt > 0) {
            result.setExpires(true).setTtl((int) Math.max(0, sub.expireAt - node.nowSeconds()));
            scheduleSubscriptionExpiry(sub);
        }
        answer(Reply.newBuilder().setId(id).setSubRefresh(result).build());
    }

    private ClientInfo clientInfo(Subscription sub) {
        ClientInfo.Builder info = ClientInfo.newBuilder().setUser(user).setClient(clientId);
        if (connInfo != null) {
            info.setConnInfo(ByteString.copyFrom(connInfo));
        }
        if (sub != null && sub.channelInfo != null) {
            info.setChanInfo(ByteString.copyFrom(sub.channelInfo));
        }
        return info.build();
    }

    // ---- publish, presence ----

    private void onPublish(NodeConfig cfg, int id, PublishRequest req) {
        String channel = req.getChannel();
        ChannelRules.Checked checked = ChannelRules.check(cfg, channel);
        if (checked.refused()) {
            answer(error(id, checked.refusal()));
            return;
        }
        Subscription sub = subscriptions.get(channel);
        ChannelOptions ns = checked.options();
        if (ns.isStream()) {
            // Into a stream channel only through this client's own bidirectional stream, never to the broker.
            if (sub == null || sub.stream == null || !sub.stream.isBidirectional()) {
                answer(error(id, ClientError.NOT_AVAILABLE));
                return;
            }
            // A backend not ready for it: the stream holds it, and a further publish into it waits (mayStart).
            sub.stream.publish(req.getData());
            answer(Reply.newBuilder().setId(id).setPublish(PublishResult.getDefaultInstance()).build());
            return;
        }
        if (!Permissions.canPublish(ns, user, sub != null, cfg.clientInsecure())) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        }
        Publication publication = Publication.newBuilder().setData(req.getData()).setInfo(clientInfo(sub)).build();
        replyWhenDone(id, node.broker().publish(channel, publication),
                ignored -> Reply.newBuilder().setId(id).setPublish(PublishResult.getDefaultInstance()).build());
    }

    private void onPresence(NodeConfig cfg, int id, String channel, boolean statsOnly) {
        ChannelRules.Checked checked = ChannelRules.check(cfg, channel);
        if (checked.refused()) {
            answer(error(id, checked.refusal()));
            return;
        }
        ChannelOptions ns = checked.options();
        if (!ns.presence()) {
            answer(error(id, ClientError.NOT_AVAILABLE));
            return;
        }
        if (!Permissions.canSeePresence(ns, user, subscriptions.containsKey(channel), cfg.clientInsecure())) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        }
        if (statsOnly) {
            replyWhenDone(id, node.presence().stats(channel), stats -> Reply.newBuilder().setId(id)
                    .setPresenceStats(PresenceStatsResult.newBuilder()
                            .setNumClients(stats.numClients()).setNumUsers(stats.numUsers())).build());
        } else {
            replyWhenDone(id, node.presence().presence(channel), entries -> Reply.newBuilder().setId(id)
                    .setPresence(PresenceResult.newBuilder().putAllPresence(entries)).build());
        }
    }

    /**
     * Answers at once if the engine already has (the memory engine always has), else once it does,
     * the command counting as in flight meanwhile; an engine failure becomes error 100.
     */
    private <T> void replyWhenDone(int id, CompletableFuture<T> future, Function<T, Reply> onSuccess) {
        if (future.isDone() && !future.isCompletedExceptionally()) {
            answer(onSuccess.apply(future.join()));
            return;
        }
        ReplyOrder.Slot slot = replies.reserve();
        future.whenComplete((value, failure) -> onLoop(() -> {
            if (state != State.CLOSED) {
                replies.answer(slot, failure == null ? onSuccess.apply(value) : error(id, ClientError.INTERNAL));
                runCommands();
            }
        }));
    }

    // ---- from the hub ----

    @Override
    public void deliver(String channel, PushFrame frame) {
        // Always queued, even from our own loop, so a push never overtakes the reply being built.
        socket.eventLoop().execute(() -> {
            Subscription sub = subscriptions.get(channel);
            if (state != State.CONNECTED || sub == null || sub.awaitingDelivery) {
                return;
            }
            if (frame.kind() == PushFrame.Kind.JOIN_LEAVE && !sub.pushJoinLeave) {
                return;
            }
            node.metrics().push();
            out.push(sub, frame);
        });
    }

    @Override
    public void apply(ControlCommand command) {
        onLoop(() -> {
            if (state != State.CONNECTED) {
                return;
            }
            if (command instanceof ControlCommand.Subscribe c) {
                serverSubscribe(c);
            } else if (command instanceof ControlCommand.Unsubscribe c) {
                unsubscribeByServer(c.channel(), UnsubscribeCode.SERVER);
            } else if (command instanceof ControlCommand.Disconnect c) {
                disconnect(new DisconnectCode(c.code(), c.reason()));
            } else if (command instanceof ControlCommand.Refresh c) {
                serverRefresh(c);
            }
        });
    }

    @Override
    public void reroute(Set<String> namespaces) {
        onLoop(() -> {
            if (state != State.CONNECTED) {
                return;
            }
            bridge.reroute(namespaces, subscriptions.values());
        });
    }

    private void serverSubscribe(ControlCommand.Subscribe c) {
        if (subscriptions.containsKey(c.channel())) {
            return;
        }
        ChannelOptions ns = config().channelOptions(ChannelName.parse(c.channel()).namespace());
        if (ns == null) {
            return;
        }
        subscribe(Subscription.plain(c.channel(), ns, ns.joinLeave(), c.info(), 0));
        Subscribe.Builder push = Subscribe.newBuilder();
        if (c.data() != null) {
            push.setData(ByteString.copyFrom(c.data()));
        }
        writePush(Push.newBuilder().setChannel(c.channel()).setSubscribe(push));
    }

    private void serverRefresh(ControlCommand.Refresh c) {
        if (c.expired()) {
            disconnect(DisconnectCode.EXPIRED);
            return;
        }
        expireAt = c.expireAt();
        scheduleExpiry();
        Refresh.Builder push = Refresh.newBuilder();
        if (expireAt > 0) {
            push.setExpires(true).setTtl((int) Math.max(0, expireAt - node.nowSeconds()));
        }
        writePush(Push.newBuilder().setRefresh(push));
    }

    // ---- replies ----

    private void writePush(Push.Builder push) {
        out.write(List.of(Reply.newBuilder().setPush(push).build()));
    }

    /** A command answered at once; its reply still waits for the replies of earlier commands. */
    private void answer(Reply reply) {
        replies.answer(replies.reserve(), reply);
    }

    static Reply error(int id, ClientError err) {
        return Reply.newBuilder().setId(id).setError(err.toProto()).build();
    }

    // ---- backpressure ----

    /** Streams fetch backend messages only while the transport is writable ({@link OutboundWriter}). */
    public void onWritabilityChanged() {
        out.onWritabilityChanged();
    }

    private void resumeStreams() {
        bridge.resume(subscriptions.values());
    }

    // ---- what the streams do to the session ----

    /** The session's side of its {@link StreamBridge}. */
    private final class StreamOutcomes implements StreamBridge.Session {
        @Override
        public boolean isConnecting() {
            return state == State.CONNECTING;
        }

        @Override
        public boolean isConnected() {
            return state == State.CONNECTED;
        }

        @Override
        public Subscription subscription(String channel) {
            return subscriptions.get(channel);
        }

        @Override
        public void subscribed(ReplyOrder.Slot slot, int replyId, Subscription sub, ByteString data) {
            SubscribeResult.Builder result = subscribeResult(sub).setData(data);
            // Whatever the subscription receives waits behind its reply, which may wait for earlier ones.
            out.holdUntilWritten(sub, slot);
            replies.answer(slot, Reply.newBuilder().setId(replyId).setSubscribe(result).build());
            subscribe(sub);
            ClientSession.this.runCommands();
        }

        @Override
        public void connected(ReplyOrder.Slot slot, int replyId, io.sluice.proto.proxystream.ConnectResult r) {
            connMeta = r.getMeta().isEmpty() ? null : r.getMeta().toByteArray();
            accept(config(), replyId, slot, r.getUser(), r.getInfo().isEmpty() ? null : r.getInfo().toByteArray(), 0,
                    List.of(), r.getData());
            runCommands(); // the commands sent behind the connect, unless a limit refused it
        }

        @Override
        public void connectRefused() {
            waiting.clear();
        }

        @Override
        public void unsubscribeByServer(String channel, UnsubscribeCode code) {
            ClientSession.this.unsubscribeByServer(channel, code);
        }

        @Override
        public void disconnect(DisconnectCode code) {
            ClientSession.this.disconnect(code);
        }

        @Override
        public void runCommands() {
            if (state != State.CLOSED) {
                ClientSession.this.runCommands();
            }
        }
    }

    // ---- closing ----

    /** Ends the connection with advice the SDK acts on: code and reason, as the transport carries them. */
    public void disconnect(DisconnectCode advice) {
        if (state == State.CLOSED) {
            return;
        }
        DisconnectCode code = advice.forCloseFrame();
        out.flush(); // messages relayed before the disconnect still go first
        if (state == State.CLOSED) {
            return; // sending them found the client too slow: that disconnect has happened
        }
        cleanup();
        node.metrics().disconnect(code.code());
        transport.close(code);
    }

    /** Disconnected or gone: a close frame from the peer now only completes the closing handshake. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** The transport is gone (client left, or we closed it). */
    public void onClosed() {
        cleanup();
    }

    private void cleanup() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        node.metrics().transport(transport.name()).open().decrementAndGet();
        out.close();
        cancel(staleTimer);
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(expiryTimer);
        waiting.clear();
        bridge.close();
        for (String channel : List.copyOf(subscriptions.keySet())) {
            unsubscribeLocal(channel);
        }
        replies.clear();
        if (wasConnected) {
            node.hub().removeClient(this);
            node.metrics().sdkDisconnected(sdk);
        }
    }

    // ---- event-loop helpers ----

    private void onLoop(Runnable task) {
        if (socket.eventLoop().inEventLoop()) {
            task.run();
        } else {
            socket.eventLoop().execute(task);
        }
    }

    private ScheduledFuture<?> schedule(long delayMillis, Runnable task) {
        return socket.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
