package io.sluice.node.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The converter is generic: every scalar type, enums, nested and repeated messages, packed lists
 * and maps with non-string keys, on a schema built at run time (so through DynamicMessage).
 */
class ProtoJsonTest {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Descriptor ALL = allTypes();
    private static final ProtoJson CONVERTER = new ProtoJson(Set.of());

    @Test
    void writesEveryTypeTheCentrifugeWay() throws Exception {
        Message message = DynamicMessage.newBuilder(ALL)
                .setField(field("i32"), -5).setField(field("i64"), Long.MIN_VALUE)
                .setField(field("u32"), -1).setField(field("u64"), -1L)
                .setField(field("s32"), Integer.MIN_VALUE).setField(field("s64"), -3L)
                .setField(field("f32"), -1).setField(field("f64"), Long.MIN_VALUE)
                .setField(field("sf32"), -2).setField(field("sf64"), -4L)
                .setField(field("fl"), 1.5f).setField(field("db"), -0.25)
                .setField(field("b"), true).setField(field("s"), "é\"")
                .setField(field("raw"), ByteString.copyFromUtf8("{\"x\":[1,2]}"))
                .setField(field("kind"), ALL.findEnumTypeByName("Kind").findValueByNumber(1))
                .setField(field("child"), DynamicMessage.newBuilder(ALL).setField(field("b"), true).build())
                .addRepeatedField(field("packed"), 1).addRepeatedField(field("packed"), -2)
                .addRepeatedField(field("names"), "a").addRepeatedField(field("names"), "")
                .addRepeatedField(field("raws"), ByteString.copyFromUtf8("1"))
                .addRepeatedField(field("raws"), ByteString.copyFromUtf8("\"two\""))
                .addRepeatedField(field("children"), DynamicMessage.getDefaultInstance(ALL))
                .addRepeatedField(field("big"), -1L)
                .addRepeatedField(field("by_id"), entry("by_id", -7L, "x"))
                .addRepeatedField(field("by_flag"), entry("by_flag", true,
                        DynamicMessage.newBuilder(ALL).setField(field("i32"), 1).build()))
                .addRepeatedField(field("payloads"), entry("payloads", "p", ByteString.copyFromUtf8("{}")))
                .addRepeatedField(field("counts"), entry("counts", -1L, -1))
                .build();

        String json = write(CONVERTER, message);

        assertThat(json).isEqualTo("{\"i32\":-5,\"i64\":-9223372036854775808,\"u32\":4294967295,"
                + "\"u64\":18446744073709551615,\"s32\":-2147483648,\"s64\":-3,\"f32\":4294967295,"
                + "\"f64\":9223372036854775808,\"sf32\":-2,\"sf64\":-4,\"fl\":1.5,\"db\":-0.25,\"b\":true,"
                + "\"s\":\"é\\\"\",\"raw\":{\"x\":[1,2]},\"kind\":1,\"child\":{\"b\":true},\"packed\":[1,-2],"
                + "\"names\":[\"a\",\"\"],\"raws\":[1,\"two\"],\"children\":[{}],\"big\":[18446744073709551615],"
                + "\"by_id\":{\"-7\":\"x\"},\"by_flag\":{\"true\":{\"i32\":1}},\"payloads\":{\"p\":{}},"
                + "\"counts\":{\"18446744073709551615\":4294967295}}");
        assertThat(read(CONVERTER, json)).isEqualTo(message);
    }

    @Test
    void writesMapEntriesWhoseKeyOrValueIsTheDefault() throws Exception {
        // DynamicMessage entries leave default keys and values out of the wire, generated code does not.
        Message message = DynamicMessage.newBuilder(ALL)
                .addRepeatedField(field("by_id"), entry("by_id", 0L, ""))
                .addRepeatedField(field("by_flag"), entry("by_flag", false, DynamicMessage.getDefaultInstance(ALL)))
                .addRepeatedField(field("payloads"), entry("payloads", "", ByteString.EMPTY))
                .build();

        String json = write(CONVERTER, message);

        assertThat(json).isEqualTo("{\"by_id\":{\"0\":\"\"},\"by_flag\":{\"false\":{}},\"payloads\":{\"\":null}}");
        assertThat(read(CONVERTER, json)).isEqualTo(message);
    }

    @Test
    void readsQuotedIntegersAndSpecialFloats() throws Exception {
        Message message = read(CONVERTER, "{\"i32\":\"-5\",\"i64\":\"-9223372036854775808\",\"u64\":\"18446744073709551615\","
                + "\"fl\":\"NaN\",\"db\":\"-Infinity\",\"sf64\":12,\"by_id\":{\"42\":\"v\"},\"by_flag\":{\"true\":{}}}");

        assertThat(message.getField(field("i32"))).isEqualTo(-5);
        assertThat(message.getField(field("i64"))).isEqualTo(Long.MIN_VALUE);
        assertThat(message.getField(field("u64"))).isEqualTo(-1L);
        assertThat((Float) message.getField(field("fl"))).isNaN();
        assertThat(message.getField(field("db"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(message.getField(field("sf64"))).isEqualTo(12L);
        assertThat(write(CONVERTER, message)).contains("\"by_id\":{\"42\":\"v\"},\"by_flag\":{\"true\":{}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"u32\":-1}|u32: -1 is out of range",
            "{\"i32\":2147483648}|i32: 2147483648 is out of range",
            "{\"s32\":-2147483649}|s32: -2147483649 is out of range",
            "{\"f32\":4294967296}|f32: 4294967296 is out of range",
            "{\"i64\":9223372036854775808}|i64: 9223372036854775808 is out of range",
            "{\"u64\":\"18446744073709551616\"}|u64: 18446744073709551616 is out of range",
            "{\"kind\":\"ONE\"}|kind: expected an integer",
            "{\"fl\":\"fast\"}|fl: expected a number",
            "{\"db\":true}|db: expected a number",
            "{\"child\":[]}|child: expected an object",
            "{\"packed\":1}|packed: expected an array",
            "{\"packed\":[\"x\"]}|packed: expected an integer",
            "{\"by_id\":{\"x\":\"v\"}}|by_id.key: expected an integer",
            "{\"by_flag\":{\"maybe\":{}}}|by_flag.key: expected a boolean key",
            "{\"packed\":[1,|malformed JSON",
            "{\"by_id\":{\"1\":|malformed JSON",
            "{\"raw\":{\"x\":[|malformed JSON"})
    void refusesValuesOfTheWrongTypeOrRange(String json, String reason) {
        assertThatThrownBy(() -> read(CONVERTER, json)).isInstanceOf(ProtocolException.class).hasMessageStartingWith(reason);
    }

    @Test
    void writesAlwaysEmittedFieldsAsDefaultsInFieldOrder() throws IOException {
        ProtoJson converter = new ProtoJson(Set.of(field("b"), field("s"), field("raw"), field("child"),
                field("packed"), field("by_id")));

        assertThat(write(converter, DynamicMessage.getDefaultInstance(ALL)))
                .isEqualTo("{\"b\":false,\"s\":\"\",\"raw\":null,\"child\":{},\"packed\":[],\"by_id\":{}}");
        assertThat(write(converter, DynamicMessage.newBuilder(ALL).setField(field("i32"), 1).setField(field("s"), "x")
                .addRepeatedField(field("packed"), 3).setField(field("u64"), 2L).build()))
                .isEqualTo("{\"i32\":1,\"u64\":2,\"b\":false,\"s\":\"x\",\"raw\":null,\"child\":{},\"packed\":[3],"
                        + "\"by_id\":{}}");
    }

    @Test
    void skipsUnknownFieldsWhenWriting() throws IOException {
        Message message = DynamicMessage.newBuilder(ALL).setField(field("i32"), 1)
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(5).build())
                        .addField(100, UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8("x")).build())
                        .build())
                .build();
        assertThat(write(CONVERTER, message)).isEqualTo("{\"i32\":1}");
    }

    private static String write(ProtoJson converter, Message message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            converter.write(message, generator);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Message read(ProtoJson converter, String json) throws IOException, ProtocolException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            parser.nextToken();
            return converter.read(parser, DynamicMessage.getDefaultInstance(ALL));
        }
    }

    private static FieldDescriptor field(String name) {
        return ALL.findFieldByName(name);
    }

    private static Message entry(String mapField, Object key, Object value) {
        Descriptor entry = field(mapField).getMessageType();
        return DynamicMessage.newBuilder(entry)
                .setField(entry.findFieldByName("key"), key)
                .setField(entry.findFieldByName("value"), value)
                .build();
    }

    /** A proto3 message with a field of every type. */
    private static Descriptor allTypes() {
        DescriptorProto.Builder all = DescriptorProto.newBuilder().setName("All");
        String[][] scalars = {
                {"i32", "INT32"}, {"i64", "INT64"}, {"u32", "UINT32"}, {"u64", "UINT64"}, {"s32", "SINT32"},
                {"s64", "SINT64"}, {"f32", "FIXED32"}, {"f64", "FIXED64"}, {"sf32", "SFIXED32"},
                {"sf64", "SFIXED64"}, {"fl", "FLOAT"}, {"db", "DOUBLE"}, {"b", "BOOL"}, {"s", "STRING"},
                {"raw", "BYTES"}};
        for (String[] scalar : scalars) {
            addField(all, scalar[0], Label.LABEL_OPTIONAL, Type.valueOf("TYPE_" + scalar[1]), null);
        }
        all.addEnumType(EnumDescriptorProto.newBuilder().setName("Kind")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("ZERO").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("ONE").setNumber(1)));
        addField(all, "kind", Label.LABEL_OPTIONAL, Type.TYPE_ENUM, ".test.All.Kind");
        addField(all, "child", Label.LABEL_OPTIONAL, Type.TYPE_MESSAGE, ".test.All");
        addField(all, "packed", Label.LABEL_REPEATED, Type.TYPE_INT32, null);
        addField(all, "names", Label.LABEL_REPEATED, Type.TYPE_STRING, null);
        addField(all, "raws", Label.LABEL_REPEATED, Type.TYPE_BYTES, null);
        addField(all, "children", Label.LABEL_REPEATED, Type.TYPE_MESSAGE, ".test.All");
        addField(all, "big", Label.LABEL_REPEATED, Type.TYPE_UINT64, null);
        addMap(all, "by_id", "ById", Type.TYPE_INT64, Type.TYPE_STRING, null);
        addMap(all, "by_flag", "ByFlag", Type.TYPE_BOOL, Type.TYPE_MESSAGE, ".test.All");
        addMap(all, "payloads", "Payloads", Type.TYPE_STRING, Type.TYPE_BYTES, null);
        addMap(all, "counts", "Counts", Type.TYPE_UINT64, Type.TYPE_UINT32, null);
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("all.proto").setPackage("test").setSyntax("proto3").addMessageType(all).build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("All");
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addField(DescriptorProto.Builder message, String name, Label label, Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name).setNumber(message.getFieldCount() + 1).setLabel(label).setType(type);
        if (typeName != null) {
            field.setTypeName(typeName);
        }
        message.addField(field);
    }

    private static void addMap(DescriptorProto.Builder message, String name, String camel, Type key, Type value,
                               String valueTypeName) {
        DescriptorProto.Builder entry = DescriptorProto.newBuilder().setName(camel + "Entry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true));
        addField(entry, "key", Label.LABEL_OPTIONAL, key, null);
        addField(entry, "value", Label.LABEL_OPTIONAL, value, valueTypeName);
        message.addNestedType(entry);
        addField(message, name, Label.LABEL_REPEATED, Type.TYPE_MESSAGE, ".test.All." + camel + "Entry");
    }
}
