package io.sluice.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which channel namespace streams and where to; the channel options mirror Centrifugo's namespace options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxyStreamNamespaceSpec {
    /** Centrifugo's rule for namespace names. */
    public static final String CHANNEL_NAMESPACE_PATTERN = "^[-a-zA-Z0-9_]{2,}$";

    @JsonPropertyDescription("The channel namespace (the part before ':' in channel names). Defaults to"
            + " metadata.name. At most one ProxyStreamNamespace per release may claim a channel namespace; the oldest"
            + " wins and the others report Conflict.")
    @Pattern(CHANNEL_NAMESPACE_PATTERN)
    private String channelNamespace;

    @JsonPropertyDescription("The StreamBackend (in this namespace) that serves this channel namespace's streams.")
    @Required
    private BackendReference backendRef;

    @JsonPropertyDescription("Use SubscribeBidirectional, so clients' publications into the channel reach the backend;"
            + " otherwise SubscribeUnidirectional.")
    @Default("false")
    private Boolean bidirectional;

    @JsonPropertyDescription("Keep presence for channels of this namespace. Unset leaves the node's base config value"
            + " (false unless the base config sets it).")
    private Boolean presence;

    @JsonPropertyDescription("Send join and leave messages to subscribers who asked for them. Unset leaves the node's"
            + " base config value.")
    private Boolean joinLeave;

    @JsonPropertyDescription("Send join and leave messages to every subscriber. Unset leaves the node's base config"
            + " value.")
    private Boolean forcePushJoinLeave;

    public String getChannelNamespace() {
        return channelNamespace;
    }

    public void setChannelNamespace(String channelNamespace) {
        this.channelNamespace = channelNamespace;
    }

    public BackendReference getBackendRef() {
        return backendRef;
    }

    public void setBackendRef(BackendReference backendRef) {
        this.backendRef = backendRef;
    }

    public Boolean getBidirectional() {
        return bidirectional;
    }

    public void setBidirectional(Boolean bidirectional) {
        this.bidirectional = bidirectional;
    }

    public Boolean getPresence() {
        return presence;
    }

    public void setPresence(Boolean presence) {
        this.presence = presence;
    }

    public Boolean getJoinLeave() {
        return joinLeave;
    }

    public void setJoinLeave(Boolean joinLeave) {
        this.joinLeave = joinLeave;
    }

    public Boolean getForcePushJoinLeave() {
        return forcePushJoinLeave;
    }

    public void setForcePushJoinLeave(Boolean forcePushJoinLeave) {
        this.forcePushJoinLeave = forcePushJoinLeave;
    }
}
