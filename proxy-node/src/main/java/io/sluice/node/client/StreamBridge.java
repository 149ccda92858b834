package io.sluice.node.client;

import com.google.protobuf.ByteString;
import io.sluice.node.context.NodeContext;
import io.sluice.node.channel.ChannelName;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.node.protocol.UnsubscribeCode;
import io.sluice.node.stream.ConnectionStream;
import io.sluice.node.stream.StreamClient;
import io.sluice.node.stream.StreamEvents;
import io.sluice.node.stream.SubscriptionStream;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.Message;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * A connection's gRPC streams and what their events do to it: the subscription streams waiting for
 * their backend's first message, the connection stream, reroute on reload. Lives on the
 * connection's event loop, as the stream events arrive there, so nothing here is locked.
 */
final class StreamBridge {

    private static final Logger log = LoggerFactory.getLogger(StreamBridge.class);

    /** What stream events do to the session. */
    interface Session {
        boolean isConnecting();

        boolean isConnected();

        Subscription subscription(String channel);

        /** A backend accepted a subscription stream: the session subscribes {@code sub} and answers in {@code slot}. */
        void subscribed(ReplyOrder.Slot slot, int replyId, Subscription sub, ByteString data);

        /** The connection stream's backend accepted: the connection becomes {@code result}'s user's. */
        void connected(ReplyOrder.Slot slot, int replyId, io.sluice.proto.proxystream.ConnectResult result);

        /** The connection stream's backend refused: the commands behind the connect die with it. */
        void connectRefused();

        void unsubscribeByServer(String channel, UnsubscribeCode code);

        void disconnect(DisconnectCode code);

        /** Replies may be due or held commands may start now. */
        void runCommands();
    }

    private final NodeContext node;
    private final ReplyOrder replies;
    private final OutboundWriter out;
    private final Session session;
    /** Stream subscriptions waiting for the backend's first message, by channel. */
    private final Map<String, SubscriptionStreamEvents> opening = new HashMap<>();
    private ConnectionStream connectionStream;

    StreamBridge(NodeContext node, ReplyOrder replies, OutboundWriter out, Session session) {
        this.node = node;
        this.replies = replies;
        this.out = out;
        this.session = session;
    }

    /** The subscribe reply waits for the backend's first message ({@link SubscriptionStreamEvents}). */
    void openSubscription(NodeConfig cfg, StreamClient client, int id, String channel, ChannelOptions ns,
                          SubscribeRequest req) {
        SubscriptionStreamEvents events = new SubscriptionStreamEvents(id, replies.reserve(), channel, ns,
                req.getJoinLeave());
        try {
            events.stream = SubscriptionStream.open(node.streams(), cfg.streamBackends().get(ns.streamBackend()),
                    client, ns, channel, req.getData(), events);
        } catch (IllegalStateException e) {
            // A reload just redefined the backend (the SDK retries under the new routing), or the node is shutting down.
            replies.answer(events.slot, ClientSession.error(id, ClientError.INTERNAL));
            return;
        }
        opening.put(channel, events);
    }

    /** The connect reply waits for the backend's first message ({@link ConnectionStreamEvents}). */
    void openConnection(NodeConfig cfg, StreamClient client, int id, ConnectRequest req) {
        ReplyOrder.Slot slot = replies.reserve();
        try {
            connectionStream = ConnectionStream.open(node.streams(), cfg, client, req, new ConnectionStreamEvents(id, slot));
        } catch (IllegalStateException e) {
            // A reload just redefined the backend, or the node is shutting down: the SDK retries.
            log.debug("client {}: connection stream not opened: {}", client.clientId(), e.getMessage());
            replies.answer(slot, ClientSession.error(id, ClientError.INTERNAL));
        }
    }

    boolean isOpening(String channel) {
        return opening.containsKey(channel);
    }

    int openingCount() {
        return opening.size();
    }

    boolean hasConnectionStream() {
        return connectionStream != null;
    }

    /** The connection stream holds a message its backend is not ready for: the next {@code send} waits. */
    boolean connectionHolding() {
        return connectionStream != null && connectionStream.isHolding();
    }

    /** A client {@code send}: to a bidirectional connection stream, else dropped, as Centrifugo without a message handler. */
    void send(ByteString data) {
        if (connectionStream != null && connectionStream.isBidirectional()) {
            connectionStream.send(data);
        }
    }

    /** Its subscribe is over before the backend answered: a temporary error the SDK ignores once unsubscribed. */
    void cancelOpening(String channel) {
        SubscriptionStreamEvents unanswered = opening.remove(channel);
        if (unanswered != null) {
            unanswered.stream.cancel();
            replies.answer(unanswered.slot, ClientSession.error(unanswered.replyId, ClientError.INTERNAL));
        }
    }

    /** Streams opened under the old routing end: the SDK retries under the new one. */
    /** Streams of {@code namespaces}, whose routing a reload changed, start over under the new routing. */
    void reroute(Set<String> namespaces, Collection<Subscription> subscribed) {
        for (SubscriptionStreamEvents unanswered : List.copyOf(opening.values())) {
            if (namespaces.contains(ChannelName.parse(unanswered.channel).namespace())) {
                unanswered.stream.cancel();
                unanswered.rejected(ClientError.INTERNAL);
            }
        }
        for (Subscription sub : List.copyOf(subscribed)) {
            if (sub.stream != null && namespaces.contains(ChannelName.parse(sub.channel).namespace())) {
                session.unsubscribeByServer(sub.channel, UnsubscribeCode.INSUFFICIENT_STATE);
            }
        }
    }

    /** The transport takes writes again: every stream may fetch from its backend. */
    void resume(Collection<Subscription> subscribed) {
        for (Subscription sub : subscribed) {
            if (sub.stream != null) {
                sub.stream.resume();
            }
        }
        if (connectionStream != null) {
            connectionStream.resume();
        }
    }

    /** The connection is over: every stream it opened is cancelled. */
    void close() {
        for (String channel : List.copyOf(opening.keySet())) {
            cancelOpening(channel);
        }
        if (connectionStream != null) {
            connectionStream.cancel();
        }
    }

    /** Answers every stream gives the same way: a disconnect request, and a backend ready for more. */
    private abstract class SessionStreamEvents<A> implements StreamEvents<A> {
        @Override
        public void disconnect(DisconnectCode code) {
            session.disconnect(code);
        }

        /** A stream took the message it held: the commands waiting for it may start. */
        @Override
        public void backendReady() {
            session.runCommands();
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
            if (!opening.remove(channel, this) || !session.isConnected()) {
                return;
            }
            var override = r.getOverride();
            boolean presence = override.hasPresence() ? override.getPresence().getValue() : ns.presence();
            boolean joinLeave = override.hasJoinLeave() ? override.getJoinLeave().getValue() : ns.joinLeave();
            boolean forcePush = override.hasForcePushJoinLeave()
                    ? override.getForcePushJoinLeave().getValue() : ns.forcePushJoinLeave();
            Subscription sub = new Subscription(channel, presence, joinLeave, joinLeave && (joinLeaveRequested || forcePush),
                    r.getInfo().isEmpty() ? null : r.getInfo().toByteArray(), stream, r.getExpireAt());
            session.subscribed(slot, replyId, sub, r.getData());
        }

        @Override
        public void rejected(ClientError error) {
            if (opening.remove(channel, this)) {
                replies.answer(slot, ClientSession.error(replyId, error));
                session.runCommands();
            }
        }

        @Override
        public void data(ByteString data, Map<String, String> tags) {
            Subscription sub = session.subscription(channel);
            if (session.isConnected() && sub != null && sub.stream == stream) {
                node.metrics().push();
                Publication.Builder publication = Publication.newBuilder().setData(data);
                if (!tags.isEmpty()) {
                    publication.putAllTags(tags); // building an empty map field still costs, per message
                }
                out.batch(sub, Reply.newBuilder().setPush(Push.newBuilder().setChannel(channel).setPub(publication)).build());
            }
        }

        @Override
        public void ended(boolean clean) {
            Subscription sub = session.subscription(channel);
            if (sub != null && sub.stream == stream) {
                session.unsubscribeByServer(channel, clean ? UnsubscribeCode.SERVER : UnsubscribeCode.INSUFFICIENT_STATE);
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
            if (session.isConnecting()) {
                session.connected(slot, replyId, r);
            }
        }

        @Override
        public void rejected(ClientError error) {
            // Like a refused token: the commands behind it die with the attempt, the SDK retries it whole.
            connectionStream = null;
            session.connectRefused();
            replies.answer(slot, ClientSession.error(replyId, error));
            session.runCommands();
        }

        @Override
        public void data(ByteString data, Map<String, String> tags) {
            if (session.isConnected()) {
                node.metrics().push();
                out.batch(Reply.newBuilder().setPush(Push.newBuilder().setMessage(Message.newBuilder().setData(data))).build());
            }
        }

        @Override
        public void ended(boolean clean) {
            session.disconnect(clean ? DisconnectCode.FORCE_DISCONNECT : DisconnectCode.INSUFFICIENT_STATE);
        }
    }
}
