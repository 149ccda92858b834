package io.sluice.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import io.sluice.bench.common.Json;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The two client protocols the soak's clients speak, reduced to what the soak checks. */
enum Wire {
    /** Text frames, replies joined by newlines, data embedded as JSON. */
    JSON {
        @Override
        ByteBuffer connect(int id) {
            return text("{\"id\":" + id + ",\"connect\":{}}");
        }

        @Override
        ByteBuffer subscribe(int id, String channel) {
            return text("{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\"}}");
        }

        @Override
        ByteBuffer pong() {
            return text("{}");
        }

        @Override
        List<Incoming> decode(ByteBuffer frame) {
            List<Incoming> out = new ArrayList<>();
            for (String line : StandardCharsets.UTF_8.decode(frame).toString().split("\n")) {
                try {
                    out.add(incoming(Json.MAPPER.readTree(line)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        }

        private Incoming incoming(JsonNode reply) {
            int id = reply.path("id").asInt();
            if (reply.has("error")) {
                return new Incoming(Kind.ERROR, id, null, reply.path("error").path("code").asInt(), null);
            }
            if (reply.has("connect")) {
                return new Incoming(Kind.CONNECTED, id, null, 0, null);
            }
            if (reply.has("subscribe")) {
                return new Incoming(Kind.SUBSCRIBED, id, null, 0, reply.path("subscribe").path("data").toString());
            }
            JsonNode push = reply.path("push");
            String channel = push.path("channel").asText();
            if (push.has("pub")) {
                return new Incoming(Kind.PUBLICATION, 0, channel, 0, push.path("pub").path("data").toString());
            }
            if (push.has("unsubscribe")) {
                return new Incoming(Kind.UNSUBSCRIBED, 0, channel, push.path("unsubscribe").path("code").asInt(), null);
            }
            return new Incoming(reply.isEmpty() ? Kind.PING : Kind.OTHER, id, null, 0, null);
        }

        private ByteBuffer text(String json) {
            return StandardCharsets.UTF_8.encode(json);
        }
    },

    /** Binary frames of varint-length-prefixed messages; data are the raw bytes. */
    PROTOBUF {
        @Override
        ByteBuffer connect(int id) {
            return delimited(Command.newBuilder().setId(id).setConnect(ConnectRequest.getDefaultInstance()).build());
        }

        @Override
        ByteBuffer subscribe(int id, String channel) {
            return delimited(Command.newBuilder().setId(id)
                    .setSubscribe(SubscribeRequest.newBuilder().setChannel(channel)).build());
        }

        @Override
        ByteBuffer pong() {
            return ByteBuffer.wrap(new byte[] {0});
        }

        @Override
        List<Incoming> decode(ByteBuffer frame) {
            List<Incoming> out = new ArrayList<>();
            try {
                CodedInputStream in = CodedInputStream.newInstance(frame);
                while (!in.isAtEnd()) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    out.add(incoming(Reply.parseFrom(in)));
                    in.popLimit(limit);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }

        private Incoming incoming(Reply reply) {
            if (reply.hasError()) {
                return new Incoming(Kind.ERROR, reply.getId(), null, reply.getError().getCode(), null);
            }
            if (reply.hasConnect()) {
                return new Incoming(Kind.CONNECTED, reply.getId(), null, 0, null);
            }
            if (reply.hasSubscribe()) {
                return new Incoming(Kind.SUBSCRIBED, reply.getId(), null, 0, reply.getSubscribe().getData().toStringUtf8());
            }
            if (reply.hasPush()) {
                var push = reply.getPush();
                if (push.hasPub()) {
                    return new Incoming(Kind.PUBLICATION, 0, push.getChannel(), 0, push.getPub().getData().toStringUtf8());
                }
                if (push.hasUnsubscribe()) {
                    return new Incoming(Kind.UNSUBSCRIBED, 0, push.getChannel(), push.getUnsubscribe().getCode(), null);
                }
                return new Incoming(Kind.OTHER, 0, push.getChannel(), 0, null);
            }
            return new Incoming(reply.getId() == 0 ? Kind.PING : Kind.OTHER, reply.getId(), null, 0, null);
        }

        private ByteBuffer delimited(Command command) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                command.writeDelimitedTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ByteBuffer.wrap(out.toByteArray());
        }
    };

    enum Kind { CONNECTED, SUBSCRIBED, ERROR, PUBLICATION, UNSUBSCRIBED, PING, OTHER }

    /** One reply or push: {@code id} of the command it answers, {@code code} of an error or unsubscribe. */
    record Incoming(Kind kind, int id, String channel, int code, String data) {
    }

    /** Whether frames are text (JSON) or binary (Protobuf). */
    boolean text() {
        return this == JSON;
    }

    abstract ByteBuffer connect(int id);

    abstract ByteBuffer subscribe(int id, String channel);

    /** The answer to a server ping (an empty reply): an empty command. */
    abstract ByteBuffer pong();

    abstract List<Incoming> decode(ByteBuffer frame);
}
