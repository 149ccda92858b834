package io.sluice.node.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.proto.proxy.CentrifugoProxyGrpc;
import io.sluice.proto.proxy.StreamSubscribeRequest;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import io.sluice.proto.proxy.SubscribeRequest;
import io.sluice.proto.proxy.SubscribeResponse;
import io.sluice.proto.proxy.SubscribeResult;
import io.sluice.proto.proxystream.CentrifugoProxyStreamGrpc;
import io.sluice.proto.proxystream.ChannelRequest;
import io.sluice.proto.proxystream.ChannelResponse;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A real grpc-java backend on a loopback port implementing both contracts with their generated
 * service bases: the seed's {@code CentrifugoProxyStream} and Centrifugo's {@code CentrifugoProxy}.
 * Every call is recorded as a {@link Call} the test drives; by default a subscription is accepted
 * and a connection gets user {@code "stream-user"}.
 */
public final class TestBackend implements AutoCloseable {

    private static final Context.Key<Metadata> HEADERS = Context.key("headers");

    private final Server server;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final Set<Call> open = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Call> onCall = Call::acceptDefault;

    private TestBackend(int port, UnaryOperator<NettyServerBuilder> customize) throws IOException {
        ServerInterceptor captureHeaders = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, headers, next);
            }
        };
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(ServerInterceptors.intercept(new SeedService(), captureHeaders))
                .addService(ServerInterceptors.intercept(new ShippedService(), captureHeaders));
        server = customize.apply(builder).build().start();
    }

    public static TestBackend start() throws IOException {
        return new TestBackend(0, b -> b);
    }

    /** On a given port (to restart a backend where the node expects it), with builder tweaks. */
    public static TestBackend start(int port, UnaryOperator<NettyServerBuilder> customize) throws IOException {
        return new TestBackend(port, customize);
    }

    public int port() {
        return server.getPort();
    }

    public String endpoint() {
        return "grpc://127.0.0.1:" + port();
    }

    /** What the backend does when a call arrives (it may answer later from the test thread). */
    public void onCall(Consumer<Call> behaviour) {
        this.onCall = behaviour;
    }

    /** Forgets calls recorded so far (between tests sharing one backend). */
    public void forgetCalls() {
        calls.clear();
    }

    /** The next call the node opened, waiting up to 5 s. */
    public Call nextCall() throws InterruptedException {
        Call call = calls.poll(5, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("the node opened no stream within 5 s");
        }
        return call;
    }

    /** Calls neither finished nor cancelled. */
    public int openCalls() {
        return open.size();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One stream as the backend sees it. Subscription messages are handled as the shipped contract's
     * classes whatever the contract (the seed's use the same field numbers), so tests read one shape.
     */
    public final class Call {
        /** {@code CentrifugoProxyStream} or {@code CentrifugoProxy}. */
        public final String service;
        public final String method;
        public final Metadata headers;
        /** Publications (subscription) or messages (connection) the client sent through a bidirectional stream. */
        public final BlockingQueue<ByteString> fromClient = new LinkedBlockingQueue<>();
        public final CompletableFuture<Status> cancelled = new CompletableFuture<>();
        private final ServerCallStreamObserver<Object> out;
        private final Parser<? extends Message> responseParser;
        private final CompletableFuture<Message> request = new CompletableFuture<>();
        private volatile Runnable readyHandler = () -> { };
        /** A bidirectional call takes the client's next message only while this is set. */
        private volatile boolean reading = true;

        @SuppressWarnings("unchecked")
        Call(String service, String method, StreamObserver<?> out, Parser<? extends Message> responseParser) {
            this.service = service;
            this.method = method;
            this.headers = HEADERS.get();
            this.out = (ServerCallStreamObserver<Object>) out;
            this.responseParser = responseParser;
            // gRPC takes both handlers only before the service method returns.
            this.out.setOnCancelHandler(() -> {
                open.remove(this);
                cancelled.complete(Status.CANCELLED);
            });
            this.out.setOnReadyHandler(() -> readyHandler.run());
        }

        void arrived(Message first) {
            request.complete(first);
            open.add(this);
            calls.add(this);
            onCall.accept(this);
        }

        public boolean isSubscription() {
            return method.startsWith("Subscribe");
        }

        public SubscribeRequest subscribeRequest() {
            return (SubscribeRequest) request.join();
        }

        public ConnectRequest connectRequest() {
            return (ConnectRequest) request.join();
        }

        public String header(String name) {
            return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        }

        void acceptDefault() {
            if (isSubscription()) {
                accept("{\"welcome\":\"" + subscribeRequest().getChannel() + "\"}");
            } else {
                send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                        .setResult(ConnectResult.newBuilder().setUser("stream-user"))).build());
            }
        }

        /** Accepts a subscription; {@code json} becomes the client's SubscribeResult data. */
        public void accept(String json) {
            send(StreamSubscribeResponse.newBuilder().setSubscribeResponse(SubscribeResponse.newBuilder()
                    .setResult(SubscribeResult.newBuilder().setData(utf8(json)))).build());
        }

        /** A publication (subscription) or message (connection) to the client. */
        public void push(String json) {
            if (isSubscription()) {
                send(StreamSubscribeResponse.newBuilder().setPublication(
                        io.sluice.proto.proxy.Publication.newBuilder().setData(utf8(json))).build());
            } else {
                send(Response.newBuilder().setMessage(io.sluice.proto.proxystream.Message.newBuilder().setData(utf8(json)))
                        .build());
            }
        }

        /** Sends a message, converted to this contract's class through its bytes. */
        public synchronized void send(Message message) {
            try {
                out.onNext(responseParser.parseFrom(message.toByteString()));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException(e);
            }
        }

        public boolean isReady() {
            return out.isReady();
        }

        /** Stops taking the client's messages: gRPC flow control then pushes back on the node. */
        public void stopReading() {
            reading = false;
        }

        /** Takes the client's messages again. */
        public void resumeReading() {
            reading = true;
            out.request(1);
        }

        /** Bidirectional calls read one message at a time, so that {@link #stopReading} stops them. */
        void readManually() {
            out.disableAutoRequest();
            out.request(1);
        }

        void readNext() {
            if (reading) {
                out.request(1);
            }
        }

        public void onReady(Runnable handler) {
            readyHandler = handler;
        }

        /** Ends the stream cleanly (status OK). */
        public synchronized void complete() {
            open.remove(this);
            out.onCompleted();
        }

        public synchronized void fail(Status status) {
            open.remove(this);
            out.onError(status.asRuntimeException());
        }

        /** The stream was cancelled by the node within {@code seconds}. */
        public boolean awaitCancelled(long seconds) {
            try {
                cancelled.get(seconds, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    public static ByteString utf8(String json) {
        return ByteString.copyFrom(json, StandardCharsets.UTF_8);
    }

    private static SubscribeRequest asShipped(io.sluice.proto.proxystream.SubscribeRequest seed) {
        try {
            return SubscribeRequest.parseFrom(seed.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Later client messages of a bidirectional stream: the first one opens the call. */
    private abstract static class Inbound<T> implements StreamObserver<T> {
        final Call call;
        boolean opened;

        Inbound(Call call) {
            this.call = call;
            call.readManually();
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private final class SeedService extends CentrifugoProxyStreamGrpc.CentrifugoProxyStreamImplBase {
        private static final String NAME = "CentrifugoProxyStream";

        @Override
        public void subscribeUnidirectional(io.sluice.proto.proxystream.SubscribeRequest request,
                                            StreamObserver<ChannelResponse> responses) {
            new Call(NAME, "SubscribeUnidirectional", responses, ChannelResponse.parser()).arrived(asShipped(request));
        }

        @Override
        public StreamObserver<ChannelRequest> subscribeBidirectional(StreamObserver<ChannelResponse> responses) {
            return new Inbound<ChannelRequest>(new Call(NAME, "SubscribeBidirectional", responses, ChannelResponse.parser())) {
                @Override
                public void onNext(ChannelRequest message) {
                    if (!opened) {
                        opened = true;
                        call.arrived(asShipped(message.getSubscribeRequest()));
                    } else {
                        call.fromClient.add(message.getPublication().getData());
                    }
                    call.readNext();
                }
            };
        }

        @Override
        public void connectUnidirectional(ConnectRequest request, StreamObserver<Response> responses) {
            new Call(NAME, "ConnectUnidirectional", responses, Response.parser()).arrived(request);
        }

        @Override
        public StreamObserver<Request> connectBidirectional(StreamObserver<Response> responses) {
            return new Inbound<Request>(new Call(NAME, "ConnectBidirectional", responses, Response.parser())) {
                @Override
                public void onNext(Request message) {
                    if (!opened) {
                        opened = true;
                        call.arrived(message.getConnectRequest());
                    } else {
                        call.fromClient.add(message.getMessage().getData());
                    }
                    call.readNext();
                }
            };
        }
    }

    private final class ShippedService extends CentrifugoProxyGrpc.CentrifugoProxyImplBase {
        private static final String NAME = "CentrifugoProxy";

        @Override
        public void subscribeUnidirectional(SubscribeRequest request, StreamObserver<StreamSubscribeResponse> responses) {
            new Call(NAME, "SubscribeUnidirectional", responses, StreamSubscribeResponse.parser()).arrived(request);
        }

        @Override
        public StreamObserver<StreamSubscribeRequest> subscribeBidirectional(
                StreamObserver<StreamSubscribeResponse> responses) {
            return new Inbound<StreamSubscribeRequest>(
                    new Call(NAME, "SubscribeBidirectional", responses, StreamSubscribeResponse.parser())) {
                @Override
                public void onNext(StreamSubscribeRequest message) {
                    if (!opened) {
                        opened = true;
                        call.arrived(message.getSubscribeRequest());
                    } else {
                        call.fromClient.add(message.getPublication().getData());
                    }
                    call.readNext();
                }
            };
        }
    }
}
