package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Converts any protobuf message to and from JSON the way Centrifuge does, driven by descriptors:
 * keys are proto field names, {@code bytes} fields hold raw embedded JSON (not base64), integers
 * (64-bit too) and enums are numbers, maps are objects. Unknown keys and nulls are skipped.
 * Writing omits default values but writes set message fields, even empty ones, as {@code {}}.
 *
 * <p>Both directions go through the protobuf wire format: JSON is converted into wire bytes that
 * the generated parser then reads, and a message is serialized by its generated code and the bytes
 * are converted to JSON. That keeps reflection off the hot path and makes every message type work
 * without per-type code. Thread-safe.
 */
public final class ProtoJson {
    private final Set<FieldDescriptor> alwaysEmitted;
    private final ConcurrentMap<Descriptor, MessageSchema> schemas = new ConcurrentHashMap<>();

    /** @param alwaysEmitted fields written even when they hold the default value */
    public ProtoJson(Set<FieldDescriptor> alwaysEmitted) {
        this.alwaysEmitted = Set.copyOf(alwaysEmitted);
    }

    /**
     * Reads the JSON object the parser is positioned at (its START_OBJECT token) as a message of
     * the prototype's type; the parser is left on the matching END_OBJECT.
     */
    @SuppressWarnings("unchecked")
    public <T extends Message> T read(JsonParser parser, T prototype) throws ProtocolException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new ProtocolException("expected a JSON object");
        }
        WireBuffer wire = new WireBuffer();
        try {
            JsonToWire.message(parser, schema(prototype.getDescriptorForType()), wire);
            return (T) prototype.getParserForType().parseFrom(wire.array(), 0, wire.size());
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * Writes the message as one JSON object. The generator must write bytes (created over an
     * OutputStream): strings and raw payloads are copied as UTF-8 without decoding.
     */
    public void write(Message message, JsonGenerator generator) throws IOException {
        CodedInputStream wire = CodedInputStream.newInstance(message.toByteArray());
        wire.enableAliasing(true); // strings and payloads are copied to the output from the array
        WireToJson.message(wire, schema(message.getDescriptorForType()), generator);
    }

    static ProtocolException malformed(IOException e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new ProtocolException("malformed JSON: " + reason, e);
    }

    MessageSchema schema(Descriptor descriptor) {
        // Building a schema never looks up another one, so computeIfAbsent does not recurse.
        return schemas.computeIfAbsent(descriptor, type -> new MessageSchema(type, this));
    }

    boolean isAlwaysEmitted(FieldDescriptor field) {
        return alwaysEmitted.contains(field);
    }
}
