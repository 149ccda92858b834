package io.sluice.demo.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Client side of one real gRPC call in a test: queues what the backend sends, remembers how the call
 * ended, and can cancel it or hold back inbound flow control (a node that reads slowly).
 */
final class Collector<Req, Resp> implements ClientResponseObserver<Req, Resp> {

    private final BlockingQueue<Resp> received = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Integer initialRequests;
    private volatile ClientCallStreamObserver<Req> call;
    private volatile Throwable error;

    /** Reads everything as it comes. */
    Collector() {
        this(null);
    }

    /** Reads only {@code initialRequests} messages until {@link #request} asks for more. */
    Collector(Integer initialRequests) {
        this.initialRequests = initialRequests;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
        call = requestStream;
        if (initialRequests != null) {
            requestStream.disableAutoRequestWithInitial(initialRequests);
        }
    }

    @Override
    public void onNext(Resp value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        ended.countDown();
    }

    Resp next() throws InterruptedException {
        Resp value = received.poll(5, TimeUnit.SECONDS);
        if (value == null) {
            fail("nothing received within 5 s" + (error == null ? "" : "; call failed: " + error));
        }
        return value;
    }

    /** The backend ended the call cleanly, with nothing else queued. */
    void assertCompletedCleanly() throws InterruptedException {
        assertThat(ended.await(5, TimeUnit.SECONDS)).as("call ended").isTrue();
        assertThat(error).as("call ended without error").isNull();
        assertThat(received).as("nothing after the last message read").isEmpty();
    }

    void send(Req request) {
        call.onNext(request);
    }

    void request(int count) {
        call.request(count);
    }

    void cancel() {
        call.cancel("test done", null);
    }
}
