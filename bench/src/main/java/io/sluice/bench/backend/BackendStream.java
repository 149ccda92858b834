package io.sluice.bench.backend;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.bench.common.Payload;
import io.sluice.bench.common.StreamSpec;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

/**
 * The backend's side of one subscription stream: accepts it, then does what its {@link StreamSpec}
 * asks until the caller cancels. Flooding honours gRPC flow control (it sends only while the call
 * is ready), so what a test measures is how fast the reader drains, not how much we buffer.
 */
final class BackendStream {

    private static final StreamSubscribeResponse ACCEPTED = StreamSubscribeResponse.newBuilder()
            .setSubscribeResponse(SubscribeResponse.newBuilder().setResult(SubscribeResult.getDefaultInstance())).build();

    private final ServerCallStreamObserver<StreamSubscribeResponse> out;
    private final Pacer pacer;
    private final FloodGate gate;
    private volatile boolean cancelled;
    private volatile boolean flooding;
    private volatile StreamSpec spec;
    private ScheduledFuture<?> ticks;
    private long sequence;

    /** Must run inside the service method: gRPC takes the handlers only before it returns. */
    BackendStream(StreamObserver<StreamSubscribeResponse> responses, Pacer pacer, FloodGate gate) {
        this.out = (ServerCallStreamObserver<StreamSubscribeResponse>) responses;
        this.pacer = pacer;
        this.gate = gate;
        out.setOnCancelHandler(this::cancelled);
        out.setOnReadyHandler(this::drain);
    }

    /**
     * The subscribe request arrived with the spec in its data. Sending is serialised on this object:
     * the transport thread, the pacer and the gate's release may each send.
     */
    synchronized void start(ByteString data) {
        StreamSpec parsed;
        try {
            parsed = StreamSpec.fromJson(data.toByteArray());
        } catch (IOException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("subscribe data is not a stream spec").asRuntimeException());
            return;
        }
        out.onNext(ACCEPTED);
        spec = parsed;
        switch (parsed.mode()) {
            case FLOOD -> gate.whenReleased(this::startFlood);
            case PACED -> ticks = pacer.every(parsed.rate(), this::tick);
            case IDLE, ECHO -> {
                // IDLE sends nothing more; ECHO answers publications as they come.
            }
        }
    }

    /** A client publication on a bidirectional stream goes straight back. */
    synchronized void echo(ByteString data) {
        if (!cancelled) {
            out.onNext(publication(data));
        }
    }

    /** The caller half-closed: nothing more will come, so end our side too. */
    synchronized void finish() {
        if (!cancelled) {
            out.onCompleted();
        }
    }

    private synchronized void startFlood() {
        flooding = true;
        drain();
    }

    private synchronized void drain() {
        if (!flooding) {
            return;
        }
        while (!cancelled && out.isReady()) {
            send(spec);
        }
    }

    private synchronized void tick() {
        // A tick that finds the call not ready is skipped, not queued: the reader sets the pace.
        if (!cancelled && out.isReady()) {
            send(spec);
        }
    }

    private void send(StreamSpec current) {
        byte[] payload = Payload.encode(System.nanoTime(), sequence++, current.size());
        out.onNext(publication(UnsafeByteOperations.unsafeWrap(payload)));
    }

    private static StreamSubscribeResponse publication(ByteString data) {
        return StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(data)).build();
    }

    private void cancelled() {
        cancelled = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
