package io.sluice.node.config.load;

import java.util.regex.Pattern;

/** Glob patterns as Centrifugo's {@code allowed_origins} writes them, compiled to whole-string regular expressions. */
final class Globs {
    private Globs() {
    }

    /**
     * {@code *} matches any run of characters, {@code ?} any one character, {@code [...]} a character
     * class ({@code [!...]} negated), {@code {a,b}} either alternative; everything else is literal.
     */
    static Pattern compile(String glob) throws BadValue {
        StringBuilder regex = new StringBuilder();
        int alternatives = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new BadValue("unclosed '[' in glob \"" + glob + "\"");
                    }
                    String body = glob.substring(i + 1, end);
                    boolean negated = body.startsWith("!");
                    regex.append('[').append(negated ? "^" : "")
                            .append(body.substring(negated ? 1 : 0).replace("\\", "\\\\").replace("[", "\\["))
                            .append(']');
                    i = end;
                }
                case '{' -> {
                    alternatives++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (alternatives == 0) {
                        throw new BadValue("unmatched '}' in glob \"" + glob + "\"");
                    }
                    alternatives--;
                    regex.append(')');
                }
                case ',' -> regex.append(alternatives > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (alternatives > 0) {
            throw new BadValue("unclosed '{' in glob \"" + glob + "\"");
        }
        return Pattern.compile(regex.toString());
    }
}
