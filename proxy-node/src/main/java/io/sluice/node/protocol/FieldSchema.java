package io.sluice.node.protocol;

import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.Descriptors.FieldDescriptor;

/** What the JSON conversion needs to know about one field, worked out once per descriptor. */
final class FieldSchema {
    final FieldDescriptor descriptor;
    final String name;
    /** The JSON key, pre-encoded so generators copy it instead of escaping it each time. */
    final SerializedString jsonName;
    final int number;
    final FieldDescriptor.Type type;
    /** Tag of one (unpacked) element: field number and wire type. */
    final int tag;
    /** True for maps too: protobuf models a map as repeated key/value entries. */
    final boolean repeated;
    final boolean map;
    /** Repeated scalar: protobuf-java writes it packed into one length-delimited record. */
    final boolean packable;
    /** uint64/fixed64: values above Long.MAX_VALUE arrive as negative longs. */
    final boolean unsigned64;
    /** Key (field 1) and value (field 2) of a map entry; null unless {@link #map}. */
    final FieldSchema mapKey;
    final FieldSchema mapValue;

    private final ProtoJson owner;
    private MessageSchema message; // looked up on first use, since schemas may be recursive

    FieldSchema(FieldDescriptor descriptor, ProtoJson owner) {
        this(descriptor, descriptor.getName(), owner);
    }

    /** @param name the JSON key, or for map entries "map.key" and "map.value" to name them in errors */
    private FieldSchema(FieldDescriptor descriptor, String name, ProtoJson owner) {
        if (descriptor.getType() == FieldDescriptor.Type.GROUP) {
            throw new IllegalArgumentException("proto2 groups are not supported: " + descriptor.getFullName());
        }
        this.descriptor = descriptor;
        this.owner = owner;
        this.name = name;
        this.jsonName = new SerializedString(name);
        this.number = descriptor.getNumber();
        this.type = descriptor.getType();
        this.tag = (number << 3) | descriptor.getLiteType().getWireType();
        this.repeated = descriptor.isRepeated();
        this.map = descriptor.isMapField();
        this.packable = descriptor.isPackable();
        this.unsigned64 = type == FieldDescriptor.Type.UINT64 || type == FieldDescriptor.Type.FIXED64;
        this.mapKey = map ? entryField(1, ".key") : null;
        this.mapValue = map ? entryField(2, ".value") : null;
    }

    private FieldSchema entryField(int number, String suffix) {
        return new FieldSchema(descriptor.getMessageType().findFieldByNumber(number), name + suffix, owner);
    }

    /** Schema of a message-typed field. */
    MessageSchema message() {
        MessageSchema schema = message;
        if (schema == null) {
            // A benign race: every thread resolves the same immutable schema.
            schema = owner.schema(descriptor.getMessageType());
            message = schema;
        }
        return schema;
    }
}
