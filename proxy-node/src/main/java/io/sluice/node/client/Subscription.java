package io.sluice.node.client;

import io.sluice.node.config.ChannelOptions;

/** One channel a connection is subscribed to. Lives on the connection's event loop. */
final class Subscription {

    final String channel;
    final ChannelOptions options;
    /** Join/leave pushes reach this subscriber only if it asked for them or the namespace forces them. */
    final boolean pushJoinLeave;
    /** {@code chan_info} from the subscription token or the server-API subscribe; may be null. */
    final byte[] channelInfo;
    /** Unix seconds; 0 = never. Moved by sub_refresh. */
    long expireAt;

    Subscription(String channel, ChannelOptions options, boolean pushJoinLeave, byte[] channelInfo, long expireAt) {
        this.channel = channel;
        this.options = options;
        this.pushJoinLeave = pushJoinLeave;
        this.channelInfo = channelInfo;
        this.expireAt = expireAt;
    }
}
