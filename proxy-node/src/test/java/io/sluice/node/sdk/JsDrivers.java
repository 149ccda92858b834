package io.sluice.node.sdk;

import java.util.HashMap;
import java.util.Map;

/** One centrifuge-js process per protocol and transport, shared by a parameterized suite's invocations. */
final class JsDrivers {

    private static final Map<String, JsDriver> RUNNING = new HashMap<>();

    private JsDrivers() {
    }

    static synchronized JsDriver get(String protocol, String transport) {
        return RUNNING.computeIfAbsent(protocol + " " + transport, key -> JsDriver.start(protocol, transport));
    }

    static synchronized void stop(String protocol, String transport) {
        JsDriver driver = RUNNING.remove(protocol + " " + transport);
        if (driver != null) {
            driver.close();
        }
    }
}
