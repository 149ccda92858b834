package io.sluice.node.config;

import java.util.regex.Pattern;

/**
 * Options of one channel namespace (or of channels without a namespace), with Centrifugo v5
 * names. {@code streamBackend} is the name of the {@link StreamBackendConfig} that serves
 * subscription streams in this namespace, or null when the namespace is not stream-enabled.
 */
public record ChannelOptions(
        String name,
        boolean presence,
        boolean joinLeave,
        boolean forcePushJoinLeave,
        boolean allowSubscribeForClient,
        boolean allowSubscribeForAnonymous,
        boolean allowPublishForSubscriber,
        boolean allowPublishForClient,
        boolean allowPublishForAnonymous,
        boolean allowPresenceForSubscriber,
        boolean allowPresenceForClient,
        boolean allowPresenceForAnonymous,
        boolean allowUserLimitedChannels,
        Pattern channelRegex,
        String streamBackend,
        boolean streamBidirectional) {

    public boolean isStream() {
        return streamBackend != null;
    }
}
