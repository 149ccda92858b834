package io.sluice.demo.streams;

/**
 * Application error codes the demo backend answers with. Centrifugo leaves 400-1999 to applications,
 * and the SDKs treat such codes as final (no automatic retry), which is what a bad filter deserves.
 */
public final class DemoErrors {
    private DemoErrors() {
    }

    /** Subscribe or connect {@code data} that is not a JSON object. */
    public static final int BAD_DATA = 1000;
    /** A ticker filter naming a symbol the ticker does not have. */
    public static final int UNKNOWN_SYMBOL = 1001;
    /** A log filter naming a level that does not exist. */
    public static final int UNKNOWN_LEVEL = 1002;
    /** A connection without a usable {@code name}. */
    public static final int NAME_REQUIRED = 1003;
    /** A subscription stream to a namespace (or direction) this backend does not serve. */
    public static final int NO_SUCH_STREAM = 1004;

    /** A request the backend turns down, with the code and message to send back. */
    public static final class Rejection extends Exception {
        private final int code;

        public Rejection(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
