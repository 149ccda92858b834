package io.sluice.node.channel;

import io.sluice.node.config.ChannelOptions;
import io.sluice.node.config.load.ConfigLoader;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.protocol.ClientError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelRulesTest {

    private static ChannelOptions options(boolean subscribeForClient, boolean subscribeForAnonymous,
                                          boolean publishForSubscriber, boolean publishForClient,
                                          boolean presenceForSubscriber, boolean userLimited) {
        return new ChannelOptions("ns", true, false, false, subscribeForClient, subscribeForAnonymous,
                publishForSubscriber, publishForClient, false, presenceForSubscriber, false, false,
                userLimited, null, null, false);
    }

    @Test
    void parsesNamespacePrivacyAndUserLimits() {
        assertThat(ChannelName.parse("news")).isEqualTo(new ChannelName("news", "", false, java.util.List.of()));
        ChannelName name = ChannelName.parse("$chat:room#alice,bob");
        assertThat(name.namespace()).isEqualTo("chat");
        assertThat(name.isPrivate()).isTrue();
        assertThat(name.limitedToUsers()).containsExactly("alice", "bob");
        assertThat(ChannelName.parse(":odd").namespace()).isEmpty();
        assertThat(ChannelName.isAscii("caf\u00e9")).isFalse();
    }

    @Test
    void subscribePermissionNeedsClientOptionAndAnonymousForEmptyUser() {
        assertThat(Permissions.canSubscribe(options(false, false, false, false, false, false), "u", false)).isFalse();
        assertThat(Permissions.canSubscribe(options(true, false, false, false, false, false), "u", false)).isTrue();
        assertThat(Permissions.canSubscribe(options(true, false, false, false, false, false), "", false)).isFalse();
        assertThat(Permissions.canSubscribe(options(true, true, false, false, false, false), "", false)).isTrue();
        assertThat(Permissions.canSubscribe(options(false, false, false, false, false, false), "", true)).isTrue();
    }

    @Test
    void publishAndPresenceForSubscribersOnlyWhenSubscribed() {
        ChannelOptions ns = options(true, false, true, false, true, false);
        assertThat(Permissions.canPublish(ns, "u", true, false)).isTrue();
        assertThat(Permissions.canPublish(ns, "u", false, false)).isFalse();
        assertThat(Permissions.canPublish(options(true, false, false, true, false, false), "u", false, false)).isTrue();
        assertThat(Permissions.canSeePresence(ns, "u", true, false)).isTrue();
        assertThat(Permissions.canSeePresence(ns, "u", false, false)).isFalse();
    }

    @Test
    void userLimitedChannelsAdmitListedUsersWhereAllowed() {
        ChannelName dialog = ChannelName.parse("dialog#42,43");
        assertThat(Permissions.userAllowed(options(false, false, false, false, false, true), dialog, "42")).isTrue();
        assertThat(Permissions.userAllowed(options(false, false, false, false, false, true), dialog, "44")).isFalse();
        assertThat(Permissions.userAllowed(options(false, false, false, false, false, false), dialog, "42")).isFalse();
    }

    private static final NodeConfig RULES = config("""
            {"channel_max_length": 16,
             "namespaces": [{"name": "chat"}, {"name": "ids", "channel_regex": "^[0-9]+$"}]}
            """);

    private static NodeConfig config(String json) {
        try {
            return ConfigLoader.fromJson(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void acceptedChannelsComeWithTheirPartsAndNamespace() {
        ChannelRules.Checked checked = ChannelRules.check(RULES, "$chat:room");
        assertThat(checked.refused()).isFalse();
        assertThat(checked.name()).isEqualTo(ChannelName.parse("$chat:room"));
        assertThat(checked.options()).isSameAs(RULES.channelOptions("chat"));
        assertThat(ChannelRules.check(RULES, "news").options()).isSameAs(RULES.withoutNamespace());
    }

    @Test
    void malformedNamesAreBadRequestsAndUnservedOnesUnknown() {
        assertThat(ChannelRules.check(RULES, "x".repeat(17)).refusal()).isEqualTo(ClientError.BAD_REQUEST);
        assertThat(ChannelRules.check(RULES, "chat:caf\u00e9").refusal()).isEqualTo(ClientError.BAD_REQUEST);
        assertThat(ChannelRules.check(RULES, "").refusal()).isEqualTo(ClientError.UNKNOWN_CHANNEL);
        assertThat(ChannelRules.check(RULES, "nowhere:x").refusal()).isEqualTo(ClientError.UNKNOWN_CHANNEL);
    }

    @Test
    void channelRegexAppliesToWhatFollowsTheNamespace() {
        assertThat(ChannelRules.check(RULES, "ids:42").refused()).isFalse();
        assertThat(ChannelRules.check(RULES, "$ids:42").refused()).isFalse();
        assertThat(ChannelRules.check(RULES, "ids:abc").refusal()).isEqualTo(ClientError.UNKNOWN_CHANNEL);
        NodeConfig rootRegex = config("{\"channel_regex\": \"^[a-z]+$\"}");
        assertThat(ChannelRules.check(rootRegex, "news").refused()).isFalse();
        assertThat(ChannelRules.check(rootRegex, "news1").refusal()).isEqualTo(ClientError.UNKNOWN_CHANNEL);
    }
}
