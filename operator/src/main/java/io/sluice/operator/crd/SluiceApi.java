package io.sluice.operator.crd;

/** Names shared by both resource kinds. */
public final class SluiceApi {
    public static final String GROUP = "sluice.io";
    public static final String VERSION = "v1alpha1";
    static final String READY_JSON_PATH = ".status.conditions[?(@.type==\"Ready\")].status";
    static final String READY_REASON_JSON_PATH = ".status.conditions[?(@.type==\"Ready\")].reason";

    private SluiceApi() {
    }
}
