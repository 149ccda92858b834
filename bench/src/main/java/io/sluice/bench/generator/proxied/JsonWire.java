package io.sluice.bench.generator.proxied;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Disconnect;
import io.sluice.proto.client.Error;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeResult;
import io.sluice.proto.client.Unsubscribe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON client protocol, as far as the benchmark clients speak it: the commands they send (connect,
 * subscribe, publish, the empty pong), and replies read into the Protobuf {@link Reply} so one client
 * serves both protocols. Data fields are embedded JSON both ways; a publication's data is cut out of
 * the reply as its raw bytes, not parsed.
 */
final class JsonWire {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SerializedString LINE_SEPARATOR = new SerializedString("\n");

    private JsonWire() {
    }

    /** The commands, one JSON object a line, without a newline after the last (a frame of the JSON protocol). */
    static String commands(List<Command> commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 * commands.size());
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setRootValueSeparator(LINE_SEPARATOR);
            for (Command command : commands) {
                write(json, command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator json, Command command) throws IOException {
        json.writeStartObject();
        if (command.getId() != 0) {
            json.writeNumberField("id", command.getId());
        }
        if (command.hasConnect()) {
            json.writeObjectFieldStart("connect");
            json.writeStringField("name", command.getConnect().getName());
            json.writeEndObject();
        } else if (command.hasSubscribe()) {
            json.writeObjectFieldStart("subscribe");
            json.writeStringField("channel", command.getSubscribe().getChannel());
            writeData(json, command.getSubscribe().getData());
            json.writeEndObject();
        } else if (command.hasPublish()) {
            json.writeObjectFieldStart("publish");
            json.writeStringField("channel", command.getPublish().getChannel());
            writeData(json, command.getPublish().getData());
            json.writeEndObject();
        } else if (!command.equals(Command.getDefaultInstance())) {
            throw new IllegalArgumentException("the benchmark clients send no such command: " + command);
        }
        json.writeEndObject();
    }

    private static void writeData(JsonGenerator json, ByteString data) throws IOException {
        if (!data.isEmpty()) {
            json.writeFieldName("data");
            json.writeRawValue(data.toStringUtf8());
        }
    }

    /** One reply (one line of the JSON protocol). */
    static Reply reply(byte[] line) throws IOException {
        try (JsonParser json = FACTORY.createParser(line)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            Reply.Builder reply = Reply.newBuilder();
            fields(json, field -> {
                switch (field) {
                    case "id" -> reply.setId(json.getIntValue());
                    case "error" -> {
                        CodeAndText error = codeAndText(json, "message");
                        reply.setError(Error.newBuilder().setCode(error.code()).setMessage(error.text()));
                    }
                    case "connect" -> reply.setConnect(connect(json));
                    case "subscribe" -> {
                        json.skipChildren();
                        reply.setSubscribe(SubscribeResult.getDefaultInstance());
                    }
                    case "push" -> reply.setPush(push(json, line));
                    default -> json.skipChildren();
                }
            });
            return reply.build();
        }
    }

    /** Reads one field's value, the parser on its first token; what it does not read it must skip. */
    @FunctionalInterface
    private interface FieldReader {
        void read(String field) throws IOException;
    }

    /** Every field of the object whose start the parser is on. */
    private static void fields(JsonParser json, FieldReader reader) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            reader.read(field);
        }
    }

    /** An error ({@code code}, {@code message}), an unsubscribe or a disconnect ({@code code}, {@code reason}). */
    private record CodeAndText(int code, String text) {
    }

    private static CodeAndText codeAndText(JsonParser json, String textField) throws IOException {
        int[] code = {0};
        String[] text = {""};
        fields(json, field -> {
            if (field.equals("code")) {
                code[0] = json.getIntValue();
            } else if (field.equals(textField)) {
                text[0] = json.getText();
            } else {
                json.skipChildren();
            }
        });
        return new CodeAndText(code[0], text[0]);
    }

    private static ConnectResult connect(JsonParser json) throws IOException {
        ConnectResult.Builder connect = ConnectResult.newBuilder();
        fields(json, field -> {
            switch (field) {
                case "pong" -> connect.setPong(json.getBooleanValue());
                case "ping" -> connect.setPing(json.getIntValue());
                case "session" -> connect.setSession(json.getText());
                case "node" -> connect.setNode(json.getText());
                default -> json.skipChildren();
            }
        });
        return connect.build();
    }

    private static Push push(JsonParser json, byte[] line) throws IOException {
        Push.Builder push = Push.newBuilder();
        fields(json, field -> {
            switch (field) {
                case "channel" -> push.setChannel(json.getText());
                case "pub" -> push.setPub(publication(json, line));
                case "unsubscribe" -> {
                    CodeAndText end = codeAndText(json, "reason");
                    push.setUnsubscribe(Unsubscribe.newBuilder().setCode(end.code()).setReason(end.text()));
                }
                case "disconnect" -> {
                    CodeAndText end = codeAndText(json, "reason");
                    push.setDisconnect(Disconnect.newBuilder().setCode(end.code()).setReason(end.text()));
                }
                default -> json.skipChildren();
            }
        });
        return push.build();
    }

    /** A publication; its data, embedded JSON, is cut out of the line as it is. */
    private static Publication publication(JsonParser json, byte[] line) throws IOException {
        Publication.Builder publication = Publication.newBuilder();
        fields(json, field -> {
            if (field.equals("data")) {
                int start = (int) json.currentTokenLocation().getByteOffset();
                json.skipChildren();
                json.finishToken();
                int end = (int) json.currentLocation().getByteOffset();
                publication.setData(UnsafeByteOperations.unsafeWrap(line, start, end - start));
            } else {
                json.skipChildren();
            }
        });
        return publication.build();
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + ", got " + token);
        }
    }
}
