package io.sluice.node.channel;

import io.sluice.node.config.ChannelOptions;

/**
 * The permission decisions of Centrifugo v5's namespace options, as pure functions. An empty user
 * is anonymous; {@code insecure} is {@code client_insecure}, which allows everything.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Subscribing without a token or a stream proxy deciding for us. */
    public static boolean canSubscribe(ChannelOptions ns, String user, boolean insecure) {
        return insecure || (ns.allowSubscribeForClient() && (!user.isEmpty() || ns.allowSubscribeForAnonymous()));
    }

    public static boolean canPublish(ChannelOptions ns, String user, boolean subscribed, boolean insecure) {
        return insecure
                || (subscribed && ns.allowPublishForSubscriber())
                || (ns.allowPublishForClient() && (!user.isEmpty() || ns.allowPublishForAnonymous()));
    }

    public static boolean canSeePresence(ChannelOptions ns, String user, boolean subscribed, boolean insecure) {
        return insecure
                || (subscribed && ns.allowPresenceForSubscriber())
                || (ns.allowPresenceForClient() && (!user.isEmpty() || ns.allowPresenceForAnonymous()));
    }

    /** A {@code #} channel admits only the users it lists, and only where the namespace allows such channels. */
    public static boolean userAllowed(ChannelOptions ns, ChannelName channel, String user) {
        return ns.allowUserLimitedChannels() && !user.isEmpty() && channel.limitedToUsers().contains(user);
    }
}
