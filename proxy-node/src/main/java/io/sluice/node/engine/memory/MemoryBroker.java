package io.sluice.node.engine.memory;

import io.sluice.node.engine.Broker;
import io.sluice.node.engine.ControlCommand;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Publication;

import java.util.concurrent.CompletableFuture;

/** The embedded single-node broker: everything published is handed straight back to this node. */
public final class MemoryBroker implements Broker {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private volatile Handler handler;

    @Override
    public void start(Handler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, Publication publication) {
        handler.onPublication(channel, publication);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> publishJoin(String channel, ClientInfo info) {
        handler.onJoin(channel, info);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> publishLeave(String channel, ClientInfo info) {
        handler.onLeave(channel, info);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> publishControl(ControlCommand command) {
        handler.onControl(command);
        return DONE;
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return DONE;
    }

    @Override
    public void close() {
    }
}
