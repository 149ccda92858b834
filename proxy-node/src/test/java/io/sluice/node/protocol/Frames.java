package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.Reply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The client's side of each format, for tests: writes command frames and reads reply frames. */
enum Frames {
    JSON(ClientCodecs.JSON) {
        @Override
        ByteBuf commands(List<Command> commands) {
            ByteBuf frame = Unpooled.buffer();
            try (JsonGenerator g = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(frame))) {
                for (Command command : commands) {
                    JsonClientCodec.PROTO_JSON.write(command, g);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return frame;
        }

        @Override
        List<Reply> replies(ByteBuf frame) {
            List<Reply> replies = new ArrayList<>();
            for (String line : text(frame).split("\n", -1)) {
                try (JsonParser p = FACTORY.createParser(line)) {
                    p.nextToken();
                    replies.add(JsonClientCodec.PROTO_JSON.read(p, Reply.getDefaultInstance()));
                } catch (IOException | ProtocolException e) {
                    throw new AssertionError("unreadable reply line: " + line, e);
                }
            }
            return replies;
        }
    },

    PROTOBUF(ClientCodecs.PROTOBUF) {
        @Override
        ByteBuf commands(List<Command> commands) {
            return delimited(commands);
        }

        @Override
        List<Reply> replies(ByteBuf frame) {
            List<Reply> replies = new ArrayList<>();
            try (InputStream in = new ByteBufInputStream(frame, true)) {
                for (Reply reply; (reply = Reply.parseDelimitedFrom(in)) != null; ) {
                    replies.add(reply);
                }
            } catch (IOException e) {
                throw new AssertionError("unreadable reply frame", e);
            }
            return replies;
        }
    };

    /** Separates the commands in a frame by '\n', as centrifuge-js does. */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator("\n").build();

    final ClientCodec codec;

    Frames(ClientCodec codec) {
        this.codec = codec;
    }

    /** One frame holding the commands, as an SDK would send them. */
    abstract ByteBuf commands(List<Command> commands);

    /** The replies in a frame the codec wrote; releases the frame. */
    abstract List<Reply> replies(ByteBuf frame);

    static ByteBuf delimited(List<? extends MessageLite> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (MessageLite message : messages) {
                message.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Unpooled.wrappedBuffer(out.toByteArray());
    }

    static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** The frame's content as UTF-8 text; releases the frame. */
    static String text(ByteBuf frame) {
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }
}
