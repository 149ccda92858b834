package io.sluice.bench.generator;

import java.net.InetSocketAddress;

/**
 * Loopback source addresses for many connections. One source address has only the ephemeral port
 * range (about 28k ports) towards one server port, so past {@code perAddress} connections each
 * group binds to the next of 127.0.0.1, 127.0.0.2, ... (all of 127/8 is local on Linux). Callers
 * bind with IP_BIND_ADDRESS_NO_PORT: the port is then chosen at connect time, shareable with other
 * destinations, instead of being taken away from every other process's connects.
 */
public final class SourceAddresses {

    private final int perAddress;
    private final boolean needed;

    public SourceAddresses(int connections, int perAddress) {
        this.perAddress = Math.max(1, perAddress);
        this.needed = connections > this.perAddress;
    }

    /** The address to bind connection {@code index} to, or null to let the kernel choose. */
    public InetSocketAddress forConnection(int index) {
        if (!needed) {
            return null;
        }
        int host = 1 + index / perAddress;
        if (host > 254) {
            throw new IllegalArgumentException("more connections than 254 loopback source addresses can carry");
        }
        return new InetSocketAddress("127.0.0." + host, 0);
    }
}
