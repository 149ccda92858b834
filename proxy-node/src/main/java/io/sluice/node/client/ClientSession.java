package io.sluice.node.client;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.node.context.NodeContext;
import io.sluice.node.auth.ConnectToken;
import io.sluice.node.auth.SubscriptionToken;
import io.sluice.node.auth.TokenException;
import io.sluice.node.engine.ControlCommand;
import io.sluice.node.channel.ChannelName;
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
import io.sluice.node.stream.ConnectionStream;
import io.sluice.node.stream.StreamClient;
import io.sluice.node.stream.StreamEvents;
import io.sluice.node.stream.SubscriptionStream;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Message;
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
 * One client connection speaking the Centrifuge protocol: its state machine, subscriptions and
 * timers. Every field is touched only on the connection's event loop; calls from other threads
 * ({@link #deliver}, {@link #apply}, async results) hop onto it first, so nothing here is locked.
 */
public final class ClientSession implements HubClient {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    /** Commands held behind a connect beyond one subscribe per allowed channel: a refresh, a presence call, an RPC or so. */
    private static final int HELD_COMMANDS_SLACK = 16;

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
    /** Stream subscriptions waiting for the backend's first message, by channel. */
    private final Map<String, SubscriptionStreamEvents> opening = new HashMap<>();
    /** Commands read and not yet started ({@link #runCommands}). */
    private final ArrayDeque<Command> waiting = new ArrayDeque<>();
    private final ReplyOrder replies = new ReplyOrder();
    /** Bytes of pushes held until their subscription's reply is written ({@link Subscription#heldPushes}). */
    private int heldPushBytes;
    /** Stream messages waiting for the end of this event-loop pass ({@link #batchPush}). */
    private final List<Reply> batchedPushes = new ArrayList<>();

    private State state = State.CONNECTING;
    private String user = "";
    private byte[] connInfo;
    private byte[] connMeta;
    private ConnectionStream connectionStream;
    /** The SDK named in the connect command, as the connection metric counts it. */
    private NodeMetrics.Sdk sdk;
    private long expireAt;
    private boolean awaitingPong;
    private ScheduledFuture<?> staleTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;
    private ScheduledFuture<?> expiryTimer;
    private ScheduledFuture<?> writeTimer;

    /** @param headers the upgrade request's headers that a stream backend forwards, by lower-cased name */
    public ClientSession(ClientTransport transport, ClientCodec codec, NodeContext node, Map<String, String> headers) {
        this.transport = transport;
        this.socket = transport.channel();
        this.codec = codec;
        this.node = node;
        this.headers = headers;
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
        writeDueReplies();
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
            return connectionStream == null || !connectionStream.isHolding();
        }
        if (cmd.hasPublish()) {
            Subscription sub = subscriptions.get(cmd.getPublish().getChannel());
            return sub == null || sub.stream == null || !sub.stream.isHolding();
        }
        return true;
    }

    private boolean awaitingConnectionStream() {
        return state == State.CONNECTING && connectionStream != null;
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
            ClientError err = channelError(cfg, cmd.getHistory().getChannel());
            // Sluice keeps no history: every channel answers "not available".
            answer(error(cmd.getId(), err != null ? err : ClientError.NOT_AVAILABLE));
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
            if (connectionStream != null && connectionStream.isBidirectional()) {
                connectionStream.send(cmd.getSend().getData());
            }
            // Otherwise nothing carries it: like Centrifugo without a message handler, drop it.
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
        if (state != State.CONNECTING || connectionStream != null) {
            disconnect(DisconnectCode.BAD_REQUEST);
            return;
        }
        sdk = node.metrics().sdk(req.getName(), req.getVersion());
        headers = withEmulatedHeaders(headers, req.getHeadersMap());
        if (req.getToken().isEmpty() && cfg.connectStream() != null) {
            ReplyOrder.Slot slot = replies.reserve();
            try {
                connectionStream = ConnectionStream.open(node.streams(), cfg, streamClient(), req,
                        new ConnectionStreamEvents(id, slot));
            } catch (IllegalStateException e) {
                // A reload just redefined the backend, or the node is shutting down: the SDK retries.
                log.debug("client {}: connection stream not opened: {}", clientId, e.getMessage());
                replies.answer(slot, error(id, ClientError.INTERNAL));
            }
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
        for (String channel : serverChannels) {
            if (channelError(cfg, channel) != null) {
                replies.answer(slot, error(id, ClientError.UNKNOWN_CHANNEL));
                return;
            }
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
        for (String channel : serverChannels) {
            ChannelOptions ns = cfg.channelOptions(ChannelName.parse(channel).namespace());
            Subscription sub = Subscription.plain(channel, ns, ns.joinLeave(), null, 0);
            holdPushesUntilWritten(sub, slot);
            subscribe(sub);
            result.putSubs(channel, SubscribeResult.getDefaultInstance());
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
        write(List.of(Reply.getDefaultInstance()));
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

    /** The error for a channel name that is malformed or outside every namespace, or null. */
    private static ClientError channelError(NodeConfig cfg, String channel) {
        if (channel.isEmpty()) {
            return ClientError.UNKNOWN_CHANNEL;
        }
        if (channel.length() > cfg.channelMaxLength() || !ChannelName.isAscii(channel)) {
            return ClientError.BAD_REQUEST;
        }
        ChannelName name = ChannelName.parse(channel);
        ChannelOptions ns = cfg.channelOptions(name.namespace());
        if (ns == null) {
            return ClientError.UNKNOWN_CHANNEL;
        }
        if (ns.channelRegex() != null) {
            String local = name.namespace().isEmpty() ? channel : channel.substring(channel.indexOf(':') + 1);
            if (!ns.channelRegex().matcher(local).matches()) {
                return ClientError.UNKNOWN_CHANNEL;
            }
        }
        return null;
    }

    private void onSubscribe(NodeConfig cfg, int id, SubscribeRequest req) {
        String channel = req.getChannel();
        ClientError err = channelError(cfg, channel);
        if (err != null) {
            answer(error(id, err));
            return;
        }
        ChannelName name = ChannelName.parse(channel);
        ChannelOptions ns = cfg.channelOptions(name.namespace());
        if (subscriptions.containsKey(channel) || opening.containsKey(channel)) {
            answer(error(id, ClientError.ALREADY_SUBSCRIBED));
            return;
        }
        if (subscriptions.size() + opening.size() >= cfg.clientChannelLimit()) {
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
            openStream(cfg, id, channel, ns, req);
            return;
        } else if (name.isUserLimited() ? !Permissions.userAllowed(ns, name, user)
                : !Permissions.canSubscribe(ns, user, cfg.clientInsecure())) {
            answer(error(id, ClientError.PERMISSION_DENIED));
            return;
        }
        boolean pushJoinLeave = ns.joinLeave() && (req.getJoinLeave() || ns.forcePushJoinLeave());
        long subExpireAt = token == null ? 0 : token.expireAt();
        Subscription sub = Subscription.plain(channel, ns, pushJoinLeave, token == null ? null : token.info(), subExpireAt);
        SubscribeResult.Builder result = SubscribeResult.newBuilder();
        if (subExpireAt > 0) {
            result.setExpires(true).setTtl((int) Math.max(0, subExpireAt - node.nowSeconds()));
            scheduleSubscriptionExpiry(sub);
        }
        if (token != null && token.data() != null) {
            result.setData(ByteString.copyFrom(token.data()));
        }
        Reply reply = Reply.newBuilder().setId(id).setSubscribe(result).build();
        ReplyOrder.Slot slot = replies.reserve();
        holdPushesUntilWritten(sub, slot);
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

    /** The subscribe reply waits for the backend's first message ({@link SubscriptionStreamEvents}). */
    private void openStream(NodeConfig cfg, int id, String channel, ChannelOptions ns, SubscribeRequest req) {
        SubscriptionStreamEvents events = new SubscriptionStreamEvents(id, replies.reserve(), channel, ns,
                req.getJoinLeave());
        try {
            events.stream = SubscriptionStream.open(node.streams(), cfg.streamBackends().get(ns.streamBackend()),
                    streamClient(), ns, channel, req.getData(), events);
        } catch (IllegalStateException e) {
            // A reload just redefined the backend (the SDK retries under the new routing), or the node is shutting down.
            replies.answer(events.slot, error(id, ClientError.INTERNAL));
            return;
        }
        opening.put(channel, events);
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
        SubscriptionStreamEvents unanswered = opening.remove(channel);
        if (unanswered != null) {
            unanswered.stream.cancel();
            // Its subscribe is over before the backend answered: a temporary error the SDK ignores once unsubscribed.
            replies.answer(unanswered.slot, error(unanswered.replyId, ClientError.INTERNAL));
        }
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
        if (!holdWhileReplyWaits(sub, push)) {
            write(List.of(push));
        }
    }

    /** Until {@code slot}'s reply is on the wire, pushes for {@code sub} wait behind it ({@link #writeDueReplies}). */
    private void holdPushesUntilWritten(Subscription sub, ReplyOrder.Slot slot) {
        sub.heldPushes = new ArrayList<>();
        slot.releases(sub);
    }

    /**
     * Holds a push for {@code sub} while its subscribe (or connect) reply waits for earlier replies, so
     * the SDK never sees a publication before it knows the subscription; false when nothing waits and
     * the caller writes it. What a connection holds counts against {@code client_queue_max_size}.
     */
    private boolean holdWhileReplyWaits(Subscription sub, Reply push) {
        if (sub.heldPushes == null) {
            return false;
        }
        sub.heldPushes.add(push);
        int size = push.getSerializedSize();
        sub.heldBytes += size;
        heldPushBytes += size;
        if (heldPushBytes > config().clientQueueMaxSize()) {
            disconnect(DisconnectCode.SLOW);
        }
        return true;
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
        ClientError err = channelError(cfg, channel);
        if (err != null) {
            answer(error(id, err));
            return;
        }
        Subscription sub = subscriptions.get(channel);
        ChannelOptions ns = cfg.channelOptions(ChannelName.parse(channel).namespace());
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
        ClientError err = channelError(cfg, channel);
        if (err != null) {
            answer(error(id, err));
            return;
        }
        ChannelOptions ns = cfg.channelOptions(ChannelName.parse(channel).namespace());
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
            if (holdWhileReplyWaits(sub, frame.reply())) {
                return;
            }
            writeFrame(Unpooled.wrappedBuffer(frame.bytesFor(codec)));
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
            for (SubscriptionStreamEvents unanswered : List.copyOf(opening.values())) {
                if (namespaces.contains(ChannelName.parse(unanswered.channel).namespace())) {
                    // Opened under the old routing: the SDK retries a temporary error under the new one.
                    unanswered.stream.cancel();
                    unanswered.rejected(ClientError.INTERNAL);
                }
            }
            for (Subscription sub : List.copyOf(subscriptions.values())) {
                if (sub.stream != null && namespaces.contains(ChannelName.parse(sub.channel).namespace())) {
                    unsubscribeByServer(sub.channel, UnsubscribeCode.INSUFFICIENT_STATE);
                }
            }
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

    // ---- outbound ----

    private void writePush(Push.Builder push) {
        write(List.of(Reply.newBuilder().setPush(push).build()));
    }

    /**
     * A stream's publication or message joins the frame that goes out at the end of this event-loop
     * pass: a burst of stream messages costs one WebSocket frame (one length-prefixed reply after
     * another, or newline-joined JSON) instead of one each, as Centrifugo's writer merges them too.
     */
    private void batchPush(Reply push) {
        if (batchedPushes.isEmpty()) {
            socket.eventLoop().execute(this::sendBatchedPushes);
        }
        batchedPushes.add(push);
    }

    private void sendBatchedPushes() {
        if (batchedPushes.isEmpty()) {
            return;
        }
        if (state == State.CLOSED) {
            batchedPushes.clear();
            return;
        }
        List<Reply> batch = List.copyOf(batchedPushes);
        batchedPushes.clear();
        send(codec.encode(socket.alloc(), batch));
    }

    /** A command answered at once; its reply still waits for the replies of earlier commands. */
    private void answer(Reply reply) {
        replies.answer(replies.reserve(), reply);
    }

    /** The replies now due, in command order, each followed by the pushes held behind it, in one frame. */
    private void writeDueReplies() {
        List<Reply> frame = new ArrayList<>();
        for (ReplyOrder.Slot slot : replies.takeAnswered()) {
            frame.add(slot.reply());
            for (Subscription sub : slot.releases()) {
                frame.addAll(sub.heldPushes);
                heldPushBytes -= sub.heldBytes;
                sub.heldPushes = null;
                sub.heldBytes = 0;
            }
        }
        write(frame);
    }

    private void write(List<Reply> frame) {
        if (frame.isEmpty() || state == State.CLOSED) {
            return;
        }
        for (Reply reply : frame) {
            if (reply.hasError()) {
                node.metrics().replyError(reply.getError().getCode());
            }
        }
        writeFrame(codec.encode(socket.alloc(), frame));
    }

    /** Anything written goes out after the batched pushes, so nothing overtakes them. */
    private void writeFrame(ByteBuf payload) {
        sendBatchedPushes();
        send(payload);
    }

    private void send(ByteBuf payload) {
        if (state == State.CLOSED) {
            payload.release();
            return;
        }
        transport.send(payload);
        if (queuedBytes() > config().clientQueueMaxSize()) {
            disconnect(DisconnectCode.SLOW);
        }
    }

    /** Bytes written to the socket and not yet taken by the peer, from Netty's public watermark API. */
    private long queuedBytes() {
        WriteBufferWaterMark marks = socket.config().getWriteBufferWaterMark();
        return socket.isWritable()
                ? marks.high() - socket.bytesBeforeUnwritable()
                : marks.low() + socket.bytesBeforeWritable();
    }

    private static Reply error(int id, ClientError err) {
        return Reply.newBuilder().setId(id).setError(err.toProto()).build();
    }

    // ---- backpressure ----

    /**
     * Streams fetch backend messages only while the socket is writable; a socket that stays
     * unwritable for {@code websocket_write_timeout} belongs to a client that does not read: 3008.
     */
    public void onWritabilityChanged() {
        if (state == State.CLOSED) {
            return;
        }
        if (socket.isWritable()) {
            cancel(writeTimer);
            writeTimer = null;
            for (Subscription sub : subscriptions.values()) {
                if (sub.stream != null) {
                    sub.stream.resume();
                }
            }
            if (connectionStream != null) {
                connectionStream.resume();
            }
        } else if (writeTimer == null) {
            writeTimer = schedule(config().websocketWriteTimeout().toMillis(), () -> {
                writeTimer = null;
                if (!socket.isWritable()) {
                    disconnect(DisconnectCode.SLOW);
                }
            });
        }
    }

    // ---- stream events ----

    /** Answers every stream gives the same way: a disconnect request, and a backend ready for more. */
    private abstract class SessionStreamEvents<A> implements StreamEvents<A> {
        @Override
        public void disconnect(DisconnectCode code) {
            ClientSession.this.disconnect(code);
        }

        /** A stream took the message it held: the commands waiting for it may start. */
        @Override
        public void backendReady() {
            if (state != State.CLOSED) {
                runCommands();
            }
        }
    }

    /** The backend's answers for one stream subscription, bound to its channel and subscribe command. */
    private final class SubscriptionStreamEvents extends SessionStreamEvents<io.sluice.proto.proxy.SubscribeResult> {
        private final int replyId;
        private final ReplyOrder.Slot slot;
        private final String channel;
        private final ChannelOptions ns;
        private final boolean joinLeaveRequested;
        private SubscriptionStream stream;

        SubscriptionStreamEvents(int replyId, ReplyOrder.Slot slot, String channel, ChannelOptions ns,
                                 boolean joinLeaveRequested) {
            this.replyId = replyId;
            this.slot = slot;
            this.channel = channel;
            this.ns = ns;
            this.joinLeaveRequested = joinLeaveRequested;
        }

        @Override
        public void accepted(io.sluice.proto.proxy.SubscribeResult r) {
            if (!opening.remove(channel, this) || state != State.CONNECTED) {
                return;
            }
            var override = r.getOverride();
            boolean presence = override.hasPresence() ? override.getPresence().getValue() : ns.presence();
            boolean joinLeave = override.hasJoinLeave() ? override.getJoinLeave().getValue() : ns.joinLeave();
            boolean forcePush = override.hasForcePushJoinLeave()
                    ? override.getForcePushJoinLeave().getValue() : ns.forcePushJoinLeave();
            Subscription sub = new Subscription(channel, presence, joinLeave, joinLeave && (joinLeaveRequested || forcePush),
                    r.getInfo().isEmpty() ? null : r.getInfo().toByteArray(), stream, r.getExpireAt());
            SubscribeResult.Builder result = SubscribeResult.newBuilder().setData(r.getData());
            if (sub.expireAt > 0) {
                result.setExpires(true).setTtl((int) Math.max(0, sub.expireAt - node.nowSeconds()));
                scheduleSubscriptionExpiry(sub);
            }
            // Whatever the subscription receives waits behind its reply, which may wait for earlier ones.
            holdPushesUntilWritten(sub, slot);
            replies.answer(slot, Reply.newBuilder().setId(replyId).setSubscribe(result).build());
            subscribe(sub);
            runCommands();
        }

        @Override
        public void rejected(ClientError error) {
            if (opening.remove(channel, this)) {
                replies.answer(slot, error(replyId, error));
                runCommands();
            }
        }

        @Override
        public void data(ByteString data, Map<String, String> tags) {
            Subscription sub = subscriptions.get(channel);
            if (state == State.CONNECTED && sub != null && sub.stream == stream) {
                node.metrics().push();
                Publication.Builder publication = Publication.newBuilder().setData(data);
                if (!tags.isEmpty()) {
                    publication.putAllTags(tags); // building an empty map field still costs, per message
                }
                Reply push = Reply.newBuilder().setPush(Push.newBuilder().setChannel(channel).setPub(publication)).build();
                if (!holdWhileReplyWaits(sub, push)) {
                    batchPush(push);
                }
            }
        }

        @Override
        public void ended(boolean clean) {
            Subscription sub = subscriptions.get(channel);
            if (sub != null && sub.stream == stream) {
                unsubscribeByServer(channel, clean ? UnsubscribeCode.SERVER : UnsubscribeCode.INSUFFICIENT_STATE);
            }
        }
    }

    /** The backend's answers for this connection's stream, bound to the connect command. */
    private final class ConnectionStreamEvents extends SessionStreamEvents<io.sluice.proto.proxystream.ConnectResult> {
        private final int replyId;
        private final ReplyOrder.Slot slot;

        ConnectionStreamEvents(int replyId, ReplyOrder.Slot slot) {
            this.replyId = replyId;
            this.slot = slot;
        }

        @Override
        public void accepted(io.sluice.proto.proxystream.ConnectResult r) {
            if (state != State.CONNECTING) {
                return;
            }
            connMeta = r.getMeta().isEmpty() ? null : r.getMeta().toByteArray();
            accept(config(), replyId, slot, r.getUser(), r.getInfo().isEmpty() ? null : r.getInfo().toByteArray(), 0,
                    List.of(), r.getData());
            if (state != State.CLOSED) {
                runCommands(); // the commands sent behind the connect
            }
        }

        @Override
        public void rejected(ClientError error) {
            // Like a refused token: the commands behind it die with the attempt, the SDK retries it whole.
            connectionStream = null;
            waiting.clear();
            replies.answer(slot, error(replyId, error));
            runCommands();
        }

        @Override
        public void data(ByteString data, Map<String, String> tags) {
            if (state == State.CONNECTED) {
                node.metrics().push();
                batchPush(Reply.newBuilder().setPush(Push.newBuilder().setMessage(Message.newBuilder().setData(data))).build());
            }
        }

        @Override
        public void ended(boolean clean) {
            ClientSession.this.disconnect(clean ? DisconnectCode.FORCE_DISCONNECT : DisconnectCode.INSUFFICIENT_STATE);
        }
    }

    // ---- closing ----

    /** Ends the connection with advice the SDK acts on: code and reason, as the transport carries them. */
    public void disconnect(DisconnectCode advice) {
        if (state == State.CLOSED) {
            return;
        }
        DisconnectCode code = advice.forCloseFrame();
        sendBatchedPushes(); // messages relayed before the disconnect still go first
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
        cancel(staleTimer);
        cancel(pingTimer);
        cancel(pongTimer);
        cancel(expiryTimer);
        cancel(writeTimer);
        waiting.clear();
        for (String channel : List.copyOf(opening.keySet())) {
            unsubscribeLocal(channel);
        }
        for (String channel : List.copyOf(subscriptions.keySet())) {
            unsubscribeLocal(channel);
        }
        if (connectionStream != null) {
            connectionStream.cancel();
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
