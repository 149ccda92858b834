package io.sluice.demo.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.demo.streams.Json;
import io.sluice.demo.streams.SubscriptionCall;

/** A {@link SubscriptionCall} on a gRPC call of either contract; {@code messages} builds that contract's types. */
final class GrpcSubscriptionCall<T> implements SubscriptionCall {

    private final Outbound<T> out;
    private final SubscriptionMessages<T> messages;

    GrpcSubscriptionCall(StreamObserver<T> responses, SubscriptionMessages<T> messages, boolean bidirectional) {
        this.out = new Outbound<>(responses, bidirectional);
        this.messages = messages;
    }

    @Override
    public void accept(JsonNode data) {
        out.send(messages.accepted(ByteString.copyFrom(Json.bytes(data))));
    }

    @Override
    public void reject(int code, String message) {
        out.send(messages.rejected(code, message));
        out.complete();
    }

    @Override
    public void publish(JsonNode data) {
        out.send(messages.publication(ByteString.copyFrom(Json.bytes(data))));
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void onReady(Runnable hook) {
        out.onReady(hook);
    }

    @Override
    public void onCancel(Runnable hook) {
        out.onCancel(hook);
    }

    @Override
    public void requestNext() {
        out.requestNext();
    }

    @Override
    public void complete() {
        out.complete();
    }
}
