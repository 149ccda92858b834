package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.HistoryResult;
import io.sluice.proto.client.PresenceResult;
import io.sluice.proto.client.PresenceStatsResult;
import io.sluice.proto.client.Reply;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON format: text frames holding one JSON object per line. Commands are read line by line
 * (blank lines skipped); replies are written compactly and joined by {@code \n} with no trailing
 * newline. Messages are converted by {@link ProtoJson}.
 */
public final class JsonClientCodec implements ClientCodec {
    /**
     * Fields Centrifuge writes even when empty (its generator drops {@code omitempty} for them),
     * because SDKs read them without a fallback: e.g. centrifuge-js reports presence stats of
     * {@code undefined} instead of 0 when {@code num_clients} is missing.
     */
    static final ProtoJson PROTO_JSON = new ProtoJson(Set.of(
            field(ClientInfo.getDescriptor(), "user"),
            field(ClientInfo.getDescriptor(), "client"),
            field(PresenceResult.getDescriptor(), "presence"),
            field(PresenceStatsResult.getDescriptor(), "num_clients"),
            field(PresenceStatsResult.getDescriptor(), "num_users"),
            field(HistoryResult.getDescriptor(), "publications"),
            field(HistoryResult.getDescriptor(), "epoch"),
            field(HistoryResult.getDescriptor(), "offset")));

    /** The generator puts the separator between root values: that is the reply framing. */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator("\n").build();

    /** Room for keys and punctuation on top of a reply's protobuf size; the buffer grows if needed. */
    private static final int JSON_OVERHEAD_PER_REPLY = 64;

    JsonClientCodec() {
    }

    private static FieldDescriptor field(Descriptor message, String name) {
        return Objects.requireNonNull(message.findFieldByName(name), name);
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public boolean binaryFrames() {
        return false;
    }

    @Override
    public List<Command> decode(ByteBuf frame) throws ProtocolException {
        List<Command> commands = new ArrayList<>(1);
        int end = frame.writerIndex();
        int start = frame.readerIndex();
        while (start <= end) {
            int newline = frame.indexOf(start, end, (byte) '\n');
            int lineEnd = newline < 0 ? end : newline;
            Command command = decodeLine(frame.slice(start, lineEnd - start));
            if (command != null) {
                commands.add(command);
            }
            start = lineEnd + 1;
        }
        if (commands.isEmpty()) {
            throw new ProtocolException("empty frame");
        }
        return commands;
    }

    /** The command on one line, or null for a blank line. */
    private static Command decodeLine(ByteBuf line) throws ProtocolException {
        try (JsonParser parser = FACTORY.createParser((InputStream) new ByteBufInputStream(line))) {
            if (parser.nextToken() == null) {
                return null;
            }
            Command command = PROTO_JSON.read(parser, Command.getDefaultInstance());
            if (parser.nextToken() != null) {
                throw new ProtocolException("more than one JSON value on a line");
            }
            return command;
        } catch (IOException e) {
            throw ProtoJson.malformed(e);
        }
    }

    @Override
    public ByteBuf encode(ByteBufAllocator alloc, List<Reply> replies) {
        int estimate = 0;
        for (Reply reply : replies) {
            estimate += reply.getSerializedSize() + JSON_OVERHEAD_PER_REPLY;
        }
        ByteBuf buf = alloc.buffer(estimate);
        try (JsonGenerator generator = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
            for (Reply reply : replies) {
                PROTO_JSON.write(reply, generator);
            }
        } catch (IOException e) {
            buf.release(); // cannot happen: the output is memory
            throw new UncheckedIOException("cannot write a reply as JSON", e);
        }
        return buf;
    }
}
