package io.sluice.node.channel;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.protocol.ClientError;

/**
 * Whether a channel name is one the node serves, as a pure function of the configuration: the
 * client protocol and the server API judge every channel with it, so they can never disagree.
 * Who may do what in an accepted channel is {@link Permissions}'s part.
 */
public final class ChannelRules {

    private ChannelRules() {
    }

    /**
     * A channel as the rules judged it: its parts and its namespace's options, or why it is refused
     * ({@link ClientError#BAD_REQUEST} for a malformed name, {@link ClientError#UNKNOWN_CHANNEL} for one
     * outside every namespace or its {@code channel_regex}), the other two then null.
     */
    public record Checked(ChannelName name, ChannelOptions options, ClientError refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    public static Checked check(NodeConfig cfg, String channel) {
        if (channel.isEmpty()) {
            return refused(ClientError.UNKNOWN_CHANNEL);
        }
        if (channel.length() > cfg.channelMaxLength() || !ChannelName.isAscii(channel)) {
            return refused(ClientError.BAD_REQUEST);
        }
        ChannelName name = ChannelName.parse(channel);
        ChannelOptions ns = cfg.channelOptions(name.namespace());
        if (ns == null || (ns.channelRegex() != null && !ns.channelRegex().matcher(local(name)).matches())) {
            return refused(ClientError.UNKNOWN_CHANNEL);
        }
        return new Checked(name, ns, null);
    }

    /** The part {@code channel_regex} applies to: what follows the namespace, as in Centrifugo. */
    private static String local(ChannelName name) {
        return name.namespace().isEmpty() ? name.name() : name.name().substring(name.name().indexOf(':') + 1);
    }

    private static Checked refused(ClientError refusal) {
        return new Checked(null, null, refusal);
    }
}
