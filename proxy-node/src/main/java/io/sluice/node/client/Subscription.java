package io.sluice.node.client;

import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.node.config.ChannelOptions;
import io.sluice.node.stream.SubscriptionStream;
import io.sluice.proto.client.Reply;

import java.util.List;

/** One channel a connection is subscribed to. Lives on the connection's event loop. */
final class Subscription {

    final String channel;
    /** Namespace options, except where a stream backend's subscribe result overrides presence or join/leave. */
    final boolean presence;
    final boolean joinLeave;
    /** Join/leave pushes reach this subscriber only if it asked for them or the namespace forces them. */
    final boolean pushJoinLeave;
    /** {@code chan_info} from the subscription token, the server-API subscribe or the stream backend; may be null. */
    final byte[] channelInfo;
    /** The gRPC stream serving this subscription, or null for a plain channel subscription. */
    final SubscriptionStream stream;
    /** Unix seconds; 0 = never. Moved by sub_refresh. */
    long expireAt;
    /** Ends the subscription at {@link #expireAt}; cancelled when that moves or the subscription ends. */
    ScheduledFuture<?> expiryTimer;
    /** The subscribe reply waits for the engine to deliver the channel: what arrives before was published before. */
    boolean awaitingDelivery;
    /** Pushes waiting for the subscribe (or connect) reply to be written; null once it is. */
    List<Reply> heldPushes;
    int heldBytes;

    Subscription(String channel, boolean presence, boolean joinLeave, boolean pushJoinLeave, byte[] channelInfo,
                 SubscriptionStream stream, long expireAt) {
        this.channel = channel;
        this.presence = presence;
        this.joinLeave = joinLeave;
        this.pushJoinLeave = pushJoinLeave;
        this.channelInfo = channelInfo;
        this.stream = stream;
        this.expireAt = expireAt;
    }

    /** A plain subscription with the namespace's presence and join/leave settings. */
    static Subscription plain(String channel, ChannelOptions options, boolean pushJoinLeave, byte[] channelInfo,
                              long expireAt) {
        return new Subscription(channel, options.presence(), options.joinLeave(), pushJoinLeave, channelInfo, null,
                expireAt);
    }
}
