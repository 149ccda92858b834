package io.sluice.node.channel;

import java.util.List;

/**
 * A channel name taken apart by Centrifugo's rules: an optional private prefix {@code $}, an
 * optional namespace before the first {@code :}, and an optional user-limited part after
 * {@code #} listing the users (comma separated) allowed in it.
 */
public record ChannelName(String name, String namespace, boolean isPrivate, List<String> limitedToUsers) {

    public static final String PRIVATE_PREFIX = "$";

    public static ChannelName parse(String name) {
        boolean isPrivate = name.startsWith(PRIVATE_PREFIX);
        String rest = isPrivate ? name.substring(1) : name;
        int boundary = rest.indexOf(':');
        String namespace = boundary > 0 ? rest.substring(0, boundary) : "";
        int userBoundary = name.lastIndexOf('#');
        List<String> users = userBoundary >= 0
                ? List.of(name.substring(userBoundary + 1).split(",", -1))
                : List.of();
        return new ChannelName(name, namespace, isPrivate, users);
    }

    public boolean isUserLimited() {
        return !limitedToUsers.isEmpty();
    }

    /** Whether every character is ASCII, as Centrifugo requires of channel names. */
    public static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
