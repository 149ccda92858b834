package io.sluice.node.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.GeneratedMessageLite;
import io.github.centrifugal.centrifuge.internal.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.sluice.node.protocol.Samples.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our client.proto against the one compiled into the official centrifuge-java SDK: shared fields
 * must agree on number and type, and each side must read what the other writes.
 */
class SdkCompatibilityTest {
    private static final FileDescriptor OURS = Command.getDescriptor().getFile();
    private static final Map<String, Class<?>> SDK = sdkMessages();

    @Test
    void sharedFieldsAgreeOnNumberAndType() throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> info = new ArrayList<>();
        Set<String> reachable = reachableFrom("Command", "Reply");
        SDK.forEach((name, sdkClass) -> {
            Descriptor ours = OURS.findMessageTypeByName(name);
            // Messages an SDK command or reply can carry are ones Sluice serves: gaps there fail.
            List<String> gaps = reachable.contains(name) ? problems : info;
            if (ours == null) {
                gaps.add("message " + name + " is in the SDK only");
                return;
            }
            Map<String, Integer> sdkFields = fieldNumbers(sdkClass);
            sdkFields.forEach((field, number) -> {
                FieldDescriptor our = ours.findFieldByName(field);
                if (our == null) {
                    gaps.add(name + "." + field + " = " + number + " is in the SDK only");
                } else if (our.getNumber() != number) {
                    problems.add(name + "." + field + ": number " + our.getNumber() + " here, " + number + " in the SDK");
                } else if (!ourType(our).equals(sdkType(sdkClass, field))) {
                    problems.add(name + "." + field + ": type " + ourType(our) + " here, "
                            + sdkType(sdkClass, field) + " in the SDK");
                }
            });
            for (FieldDescriptor our : ours.getFields()) {
                if (sdkFields.containsKey(our.getName())) {
                    continue;
                }
                String clash = sdkFields.entrySet().stream().filter(e -> e.getValue() == our.getNumber())
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (clash != null) {
                    problems.add(name + "." + our.getName() + " = " + our.getNumber() + " is " + clash + " in the SDK");
                } else {
                    info.add(name + "." + our.getName() + " = " + our.getNumber() + " is newer than the SDK (it skips it)");
                }
            }
        });
        sdkReservedNumbers().forEach((name, numbers) -> {
            Descriptor ours = OURS.findMessageTypeByName(name);
            for (int number : numbers) {
                FieldDescriptor our = ours == null ? null : ours.findFieldByNumber(number);
                if (our != null) {
                    info.add(name + "." + our.getName() + " = " + number + " is reserved in the SDK's client.proto");
                }
            }
        });
        info.forEach(line -> System.out.println("[sdk-compat] " + line));
        assertThat(problems).isEmpty();
    }

    @Test
    void sdkReadsOurProtobufReplies() throws IOException {
        Reply connect = Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder().setClient("c1")
                .setVersion("0.1.0").setExpires(true).setTtl(3600).setData(json("{\"a\":1}")).setPing(25).setPong(true))
                .build();
        Reply pub = Samples.push(Push.newBuilder().setPub(Samples.publication(42)));
        ByteBuf frame = ClientCodecs.PROTOBUF.encode(PooledByteBufAllocator.DEFAULT,
                List.of(connect, pub, Reply.getDefaultInstance()));

        try (InputStream in = new ByteBufInputStream(frame, true)) {
            Protocol.Reply connected = Protocol.Reply.parseDelimitedFrom(in);
            assertThat(connected.getId()).isEqualTo(1);
            Protocol.ConnectResult result = connected.getConnect();
            assertThat(result.getClient()).isEqualTo("c1");
            assertThat(result.getVersion()).isEqualTo("0.1.0");
            assertThat(result.getExpires()).isTrue();
            assertThat(result.getTtl()).isEqualTo(3600);
            assertThat(result.getData().toStringUtf8()).isEqualTo("{\"a\":1}");
            assertThat(result.getPing()).isEqualTo(25);
            assertThat(result.getPong()).isTrue();

            Protocol.Reply pushed = Protocol.Reply.parseDelimitedFrom(in);
            assertThat(pushed.getId()).isZero();
            assertThat(pushed.getPush().getChannel()).isEqualTo(Samples.CHANNEL);
            Protocol.Publication publication = pushed.getPush().getPub();
            assertThat(publication.getData().toStringUtf8()).isEqualTo("{\"a\":1}");
            assertThat(publication.getOffset()).isEqualTo(42);
            assertThat(publication.getTagsMap()).containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "kind", "x"));
            assertThat(publication.getInfo().getUser()).isEqualTo("u1");
            assertThat(publication.getInfo().getClient()).isEqualTo("c1");
            assertThat(publication.getInfo().getConnInfo().toStringUtf8()).isEqualTo("{\"name\":\"Ann\"}");

            assertThat(Protocol.Reply.parseDelimitedFrom(in)).isEqualTo(Protocol.Reply.getDefaultInstance());
            assertThat(Protocol.Reply.parseDelimitedFrom(in)).isNull();
        }
    }

    @Test
    void weDecodeSdkCommands() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Protocol.Command.newBuilder().setId(1).setConnect(Protocol.ConnectRequest.newBuilder()
                .setToken("jwt").setName("java").setVersion("0.4.1").setData(json("{\"d\":1}"))
                .putSubs("news", Protocol.SubscribeRequest.newBuilder().setRecover(true).setOffset(5).setEpoch("e")
                        .build())).build().writeDelimitedTo(out);
        Protocol.Command.newBuilder().setId(2).setSubscribe(Protocol.SubscribeRequest.newBuilder()
                .setChannel(Samples.CHANNEL).setToken("sub").setRecover(true).setEpoch("ep").setOffset(1L << 40)
                .setData(json("{\"q\":\"x\"}")).setPositioned(true).setRecoverable(true).setJoinLeave(true))
                .build().writeDelimitedTo(out);
        Protocol.Command.newBuilder().setId(3).setPublish(Protocol.PublishRequest.newBuilder()
                .setChannel(Samples.CHANNEL).setData(json("[1]"))).build().writeDelimitedTo(out);
        Protocol.Command.newBuilder().setId(4).setHistory(Protocol.HistoryRequest.newBuilder()
                .setChannel(Samples.CHANNEL).setLimit(10).setReverse(true)
                .setSince(Protocol.StreamPosition.newBuilder().setOffset(3).setEpoch("ep"))).build().writeDelimitedTo(out);
        Protocol.Command.newBuilder().setId(5).setSubRefresh(Protocol.SubRefreshRequest.newBuilder()
                .setChannel(Samples.CHANNEL).setToken("fresh")).build().writeDelimitedTo(out);
        Protocol.Command.getDefaultInstance().writeDelimitedTo(out); // pong

        ByteBuf frame = Unpooled.wrappedBuffer(out.toByteArray());
        List<Command> commands = ClientCodecs.PROTOBUF.decode(frame);
        frame.release();

        assertThat(commands).hasSize(6);
        Command connect = commands.get(0);
        assertThat(connect.getId()).isEqualTo(1);
        assertThat(connect.getConnect().getToken()).isEqualTo("jwt");
        assertThat(connect.getConnect().getName()).isEqualTo("java");
        assertThat(connect.getConnect().getVersion()).isEqualTo("0.4.1");
        assertThat(connect.getConnect().getData().toStringUtf8()).isEqualTo("{\"d\":1}");
        assertThat(connect.getConnect().getSubsMap().get("news").getOffset()).isEqualTo(5);
        assertThat(connect.getConnect().getSubsMap().get("news").getRecover()).isTrue();
        var subscribe = commands.get(1).getSubscribe();
        assertThat(subscribe.getChannel()).isEqualTo(Samples.CHANNEL);
        assertThat(subscribe.getToken()).isEqualTo("sub");
        assertThat(subscribe.getRecover()).isTrue();
        assertThat(subscribe.getEpoch()).isEqualTo("ep");
        assertThat(subscribe.getOffset()).isEqualTo(1L << 40);
        assertThat(subscribe.getData().toStringUtf8()).isEqualTo("{\"q\":\"x\"}");
        assertThat(subscribe.getPositioned() && subscribe.getRecoverable() && subscribe.getJoinLeave()).isTrue();
        assertThat(commands.get(2).getPublish().getData().toStringUtf8()).isEqualTo("[1]");
        var history = commands.get(3).getHistory();
        assertThat(history.getLimit()).isEqualTo(10);
        assertThat(history.getReverse()).isTrue();
        assertThat(history.getSince().getOffset()).isEqualTo(3);
        assertThat(history.getSince().getEpoch()).isEqualTo("ep");
        assertThat(commands.get(4).getSubRefresh().getToken()).isEqualTo("fresh");
        assertThat(commands.get(5)).isEqualTo(Command.getDefaultInstance());
    }

    /** The SDK's message classes by message name. */
    private static Map<String, Class<?>> sdkMessages() {
        Map<String, Class<?>> messages = new TreeMap<>();
        for (Class<?> nested : Protocol.class.getDeclaredClasses()) {
            if (GeneratedMessageLite.class.isAssignableFrom(nested)) {
                messages.put(nested.getSimpleName(), nested);
            }
        }
        assertThat(messages).containsKeys("Command", "Reply", "Push", "Publication");
        return messages;
    }

    /** Lite gencode keeps a {@code NAME_FIELD_NUMBER} constant per field. */
    private static Map<String, Integer> fieldNumbers(Class<?> sdkClass) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        for (Field constant : sdkClass.getDeclaredFields()) {
            String name = constant.getName();
            if (Modifier.isStatic(constant.getModifiers()) && name.endsWith("_FIELD_NUMBER")) {
                try {
                    numbers.put(name.substring(0, name.length() - "_FIELD_NUMBER".length()).toLowerCase(),
                            constant.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return numbers;
    }

    /** Names of the SDK messages a Command or Reply can contain, transitively. */
    private static Set<String> reachableFrom(String... roots) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(Arrays.asList(roots));
        while (!queue.isEmpty()) {
            String name = queue.pop();
            if (seen.add(name)) {
                for (String field : fieldNumbers(SDK.get(name)).keySet()) {
                    String type = sdkType(SDK.get(name), field).replaceAll("^(map<\\w+,|list<)|>$", "");
                    if (SDK.containsKey(type)) {
                        queue.push(type);
                    }
                }
            }
        }
        return seen;
    }

    private static String ourType(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return "map<" + scalarType(entry.findFieldByNumber(1)) + "," + scalarType(entry.findFieldByNumber(2)) + ">";
        }
        return field.isRepeated() ? "list<" + scalarType(field) + ">" : scalarType(field);
    }

    private static String scalarType(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case INT -> "int";
            case LONG -> "long";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case STRING -> "String";
            case BYTE_STRING -> "ByteString";
            case ENUM -> field.getEnumType().getName();
            case MESSAGE -> field.getMessageType().getName();
        };
    }

    /** The field's type as the SDK's accessors declare it, spelled like {@link #ourType}. */
    private static String sdkType(Class<?> sdkClass, String field) {
        String accessor = "get" + camelCase(field);
        Method map = method(sdkClass, accessor + "Map");
        if (map != null) {
            Type[] kv = ((ParameterizedType) map.getGenericReturnType()).getActualTypeArguments();
            return "map<" + typeName(kv[0]) + "," + typeName(kv[1]) + ">";
        }
        Method list = method(sdkClass, accessor + "List");
        if (list != null) {
            return "list<" + typeName(((ParameterizedType) list.getGenericReturnType()).getActualTypeArguments()[0]) + ">";
        }
        return typeName(method(sdkClass, accessor).getReturnType());
    }

    private static String typeName(Type type) {
        Class<?> c = (Class<?>) type;
        return switch (c.getSimpleName()) {
            case "Integer" -> "int";
            case "Long" -> "long";
            case "Boolean" -> "boolean";
            case "Float" -> "float";
            case "Double" -> "double";
            default -> c.getSimpleName();
        };
    }

    private static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder();
        for (String part : snake.split("_")) {
            camel.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return camel.toString();
    }

    private static Method method(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** {@code reserved} numbers per message, from the client.proto bundled in the SDK jar. */
    private static Map<String, List<Integer>> sdkReservedNumbers() throws IOException {
        String proto = null;
        for (URL url : Collections.list(SdkCompatibilityTest.class.getClassLoader().getResources("client.proto"))) {
            if (url.toString().contains("centrifuge-java")) {
                try (InputStream in = url.openStream()) {
                    proto = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(proto).as("client.proto in the centrifuge-java jar").isNotNull();
        Map<String, List<Integer>> reserved = new TreeMap<>();
        Matcher message = Pattern.compile("message\\s+(\\w+)\\s*\\{([^}]*)}").matcher(proto);
        while (message.find()) {
            Matcher numbers = Pattern.compile("reserved\\s+([\\d,\\s]+);").matcher(message.group(2));
            while (numbers.find()) {
                for (String number : numbers.group(1).split(",")) {
                    reserved.computeIfAbsent(message.group(1), k -> new ArrayList<>()).add(Integer.parseInt(number.trim()));
                }
            }
        }
        assertThat(reserved).containsKey("Command");
        return reserved;
    }
}
