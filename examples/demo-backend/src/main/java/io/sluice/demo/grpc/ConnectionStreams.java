package io.sluice.demo.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.sluice.demo.streams.DemoErrors;
import io.sluice.demo.streams.DemoErrors.Rejection;
import io.sluice.demo.streams.Json;
import io.sluice.demo.streams.StreamLog.OpenStream;
import io.sluice.demo.streams.Streams;
import io.sluice.proto.proxystream.ConnectRequest;
import io.sluice.proto.proxystream.ConnectResponse;
import io.sluice.proto.proxystream.ConnectResult;
import io.sluice.proto.proxystream.Error;
import io.sluice.proto.proxystream.Message;
import io.sluice.proto.proxystream.Request;
import io.sluice.proto.proxystream.Response;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connection streams (seed contract only): the backend authenticates a connection from its connect
 * {@code data} ({@code {"name": "Ada"}} makes user "Ada"), greets it with a push shortly after, and,
 * on a bidirectional stream, answers every {@code client.send(data)} with a reply push.
 */
final class ConnectionStreams {

    static final int MAX_NAME_LENGTH = 32;

    private final Streams.Context ctx;

    ConnectionStreams(Streams.Context ctx) {
        this.ctx = ctx;
    }

    void unidirectional(ConnectRequest request, StreamObserver<Response> responses) {
        Outbound<Response> out = new Outbound<>(responses, false);
        Session session = new Session(out, "connect-uni");
        session.connect(request);
    }

    StreamObserver<Request> bidirectional(StreamObserver<Response> responses) {
        Outbound<Response> out = new Outbound<>(responses, true);
        Session session = new Session(out, "connect-bidi");
        out.requestNext();
        return new StreamObserver<>() {
            @Override
            public void onNext(Request request) {
                if (request.hasConnectRequest()) {
                    session.connect(request.getConnectRequest());
                } else if (request.hasMessage()) {
                    session.message(request.getMessage().getData().toByteArray());
                }
                out.requestNext();
            }

            @Override
            public void onError(Throwable t) {
                session.end("cancelled by the node");
            }

            @Override
            public void onCompleted() {
                session.end("finished by the node");
                out.complete();
            }
        };
    }

    /** The user a connect {@code data} names. */
    static String user(byte[] data) throws Rejection {
        JsonNode name = Json.requestObject(data, "connect").path("name");
        String user = name.isTextual() ? name.asText().strip() : "";
        if (user.isEmpty() || user.length() > MAX_NAME_LENGTH) {
            throw new Rejection(DemoErrors.NAME_REQUIRED,
                    "connect data needs a \"name\" of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return user;
    }

    /** One connection's stream, from its connect request until the node lets go of it. */
    private final class Session {
        private final Outbound<Response> out;
        private final String kind;
        private OpenStream stream;
        private ScheduledFuture<?> greeting;
        private long replies;

        Session(Outbound<Response> out, String kind) {
            this.out = out;
            this.kind = kind;
        }

        synchronized void connect(ConnectRequest request) {
            if (stream != null) {
                return; // Only the first message carries a connect request.
            }
            stream = ctx.log().open(kind, "client=" + request.getClient() + " transport=" + request.getTransport()
                    + " protocol=" + request.getProtocol());
            String user;
            try {
                user = user(request.getData().toByteArray());
            } catch (Rejection r) {
                out.send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                        .setError(Error.newBuilder().setCode(r.code()).setMessage(r.getMessage()))).build());
                out.complete();
                stream.close("rejected " + r.code() + ": " + r.getMessage());
                return;
            }
            ObjectNode data = Json.object();
            data.put("greeting", "Hello, " + user);
            out.send(Response.newBuilder().setConnectResponse(ConnectResponse.newBuilder()
                    .setResult(ConnectResult.newBuilder().setUser(user)
                            .setData(ByteString.copyFrom(Json.bytes(data))))).build());
            // The push comes a moment later so that it visibly arrives on its own, after the connect.
            greeting = ctx.timer().schedule(() -> push(welcome(user)),
                    ctx.timings().greetingDelay().toMillis(), TimeUnit.MILLISECONDS);
            out.onCancel(() -> end("cancelled by the node"));
        }

        synchronized void message(byte[] data) {
            if (stream == null) {
                return;
            }
            ObjectNode reply = Json.object();
            reply.put("type", "reply");
            reply.set("reply", Json.anything(data));
            reply.put("n", ++replies);
            reply.put("at", Instant.now().toString());
            push(reply);
        }

        private void push(ObjectNode data) {
            out.send(Response.newBuilder().setMessage(Message.newBuilder()
                    .setData(ByteString.copyFrom(Json.bytes(data)))).build());
            stream.countSent();
        }

        synchronized void end(String why) {
            if (greeting != null) {
                greeting.cancel(false);
            }
            if (stream != null) {
                stream.close(why);
            }
        }

        private static ObjectNode welcome(String user) {
            ObjectNode data = Json.object();
            data.put("type", "welcome");
            data.put("text", "Welcome, " + user + "! This push came down your own connection stream.");
            data.put("at", Instant.now().toString());
            return data;
        }
    }
}
