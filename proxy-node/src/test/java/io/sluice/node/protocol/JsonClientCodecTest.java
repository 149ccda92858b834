package io.sluice.node.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Command;
import io.sluice.proto.client.ConnectRequest;
import io.sluice.proto.client.ConnectResult;
import io.sluice.proto.client.Error;
import io.sluice.proto.client.HistoryResult;
import io.sluice.proto.client.Join;
import io.sluice.proto.client.PresenceResult;
import io.sluice.proto.client.PresenceStatsResult;
import io.sluice.proto.client.Publication;
import io.sluice.proto.client.PublishResult;
import io.sluice.proto.client.Push;
import io.sluice.proto.client.Reply;
import io.sluice.proto.client.SubscribeResult;
import io.sluice.proto.client.Unsubscribe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.sluice.node.protocol.Samples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON shapes of reference §3.4 and how malformed frames are refused. */
class JsonClientCodecTest {
    private final ClientCodec codec = ClientCodecs.JSON;

    // --- decoding commands

    @Test
    void decodesConnect() throws ProtocolException {
        assertThat(decode("{\"id\":1,\"connect\":{\"token\":\"t\",\"name\":\"js\"}}")).containsExactly(
                Command.newBuilder().setId(1).setConnect(ConnectRequest.newBuilder().setToken("t").setName("js"))
                        .build());
    }

    @Test
    void keepsSubscribeDataAsRawJson() throws ProtocolException {
        Command command = decodeOne("{\"id\":2,\"subscribe\":{\"channel\":\"streams:abc\",\"data\":{\"q\":\"x\"}}}");
        assertThat(command.getId()).isEqualTo(2);
        assertThat(command.getSubscribe().getChannel()).isEqualTo("streams:abc");
        assertThat(command.getSubscribe().getData().toStringUtf8()).isEqualTo("{\"q\":\"x\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{ \"a\" : [ 1 , 2 ] ,\t \"b\" : { } }|{\"a\":[1,2],\"b\":{}}",
            "[ \"x\" , null ]|[\"x\",null]",
            "\"text with \\\"quotes\\\" and \\n escapes\"|\"text with \\\"quotes\\\" and \\n escapes\"",
            "\"caf\\u00e9\"|\"café\"",
            "1.50|1.50",
            "12345678901234567890123|12345678901234567890123",
            "-7|-7",
            "true|true",
            "false|false"})
    void capturesAnyJsonValueCompactly(String value, String captured) throws ProtocolException {
        Command command = decodeOne("{\"id\":4,\"publish\":{\"channel\":\"c\",\"data\":" + value + "}}");
        assertThat(command.getPublish().getData().toStringUtf8()).isEqualTo(captured);
    }

    @Test
    void decodesThePongAsAnEmptyCommand() throws ProtocolException {
        assertThat(decode("{}")).containsExactly(Command.getDefaultInstance());
    }

    @Test
    void decodesSeveralCommandsInOneFrame() throws ProtocolException {
        List<Command> commands = decode(" {\"id\":1,\"presence\":{\"channel\":\"a\"}}\r\n\n\t\n{\"id\":2,\"unsubscribe\":{}}\n{}\n");
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0).getPresence().getChannel()).isEqualTo("a");
        assertThat(commands.get(1).hasUnsubscribe()).isTrue();
        assertThat(commands.get(2)).isEqualTo(Command.getDefaultInstance());
    }

    @Test
    void ignoresUnknownKeysAtEveryLevel() throws ProtocolException {
        Command command = decodeOne("{\"id\":1,\"future\":{\"a\":[1,{\"b\":[]}],\"c\":null},\"list\":[[1],{\"x\":{}}],"
                + "\"connect\":{\"token\":\"t\",\"flag\":1,\"dict\":\"d\",\"tf\":{\"op\":[{\"k\":\"v\"}]}},\"n\":1.5}");
        assertThat(command).isEqualTo(Command.newBuilder().setId(1)
                .setConnect(ConnectRequest.newBuilder().setToken("t")).build());
    }

    @Test
    void treatsNullAsUnset() throws ProtocolException {
        assertThat(decodeOne("{\"id\":1,\"subscribe\":null,\"connect\":{\"token\":null,\"data\":null,\"subs\":null}}"))
                .isEqualTo(Command.newBuilder().setId(1).setConnect(ConnectRequest.getDefaultInstance()).build());
    }

    @Test
    void acceptsQuotedAndLargeUnsigned64BitNumbers() throws ProtocolException {
        assertThat(decodeOne("{\"subscribe\":{\"offset\":\"18446744073709551615\"}}").getSubscribe().getOffset())
                .isEqualTo(-1L);
        assertThat(decodeOne("{\"subscribe\":{\"offset\":18446744073709551615}}").getSubscribe().getOffset())
                .isEqualTo(-1L);
        assertThat(decodeOne("{\"subscribe\":{\"offset\":\"42\"}}").getSubscribe().getOffset()).isEqualTo(42);
    }

    @Test
    void readsStringMaps() throws ProtocolException {
        assertThat(decodeOne("{\"connect\":{\"headers\":{\"a\":\"1\",\"b\":\"2\"}}}").getConnect().getHeadersMap())
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|malformed JSON",
            "{\"id\":1|malformed JSON",
            "{\"id\":1,}|malformed JSON",
            "[{\"id\":1}]|expected a JSON object",
            "\"connect\"|expected a JSON object",
            "{\"id\":2,\"subscribe\":\"streams:abc\"}|subscribe: expected an object",
            "{\"subscribe\":{\"channel\":5}}|channel: expected a string",
            "{\"subscribe\":{\"recover\":\"yes\"}}|recover: expected a boolean",
            "{\"connect\":{\"headers\":[\"a\"]}}|headers: expected an object",
            "{\"connect\":{\"headers\":{\"a\":1}}}|headers.value: expected a string",
            "{\"id\":\"one\"}|id: expected an integer",
            "{\"id\":1.5}|id: expected an integer",
            "{\"id\":-1}|id: -1 is out of range",
            "{\"id\":4294967296}|id: 4294967296 is out of range",
            "{\"subscribe\":{\"offset\":-1}}|offset: -1 is out of range",
            "{\"subscribe\":{\"offset\":18446744073709551616}}|offset: 18446744073709551616 is out of range",
            "{\"history\":{\"limit\":2147483648}}|limit: 2147483648 is out of range",
            "{\"id\":1} {\"id\":2}|more than one JSON value on a line",
            "{\"id\":1}x|malformed JSON"})
    void refusesMalformedCommands(String frame, String reason) {
        assertThatThrownBy(() -> decode(frame)).isInstanceOf(ProtocolException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "  \n\r\n\t"})
    void refusesFramesWithoutCommands(String frame) {
        assertThatThrownBy(() -> decode(frame)).isInstanceOf(ProtocolException.class).hasMessage("empty frame");
    }

    @Test
    void refusesInvalidUtf8() {
        ByteBuf frame = Unpooled.wrappedBuffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed JSON");
        frame.release();
    }

    // --- encoding replies

    @Test
    void encodesConnectResult() {
        assertThat(encode(Reply.newBuilder().setId(1).setConnect(ConnectResult.newBuilder()
                .setClient("1b1c-uuid").setVersion("x").setPing(25).setPong(true)).build()))
                .isEqualTo("{\"id\":1,\"connect\":{\"client\":\"1b1c-uuid\",\"version\":\"x\",\"ping\":25,\"pong\":true}}");
    }

    @Test
    void encodesSetButEmptyResultsAsEmptyObjects() {
        assertThat(encode(Reply.newBuilder().setId(2).setSubscribe(SubscribeResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":2,\"subscribe\":{}}");
        assertThat(encode(Reply.newBuilder().setId(3).setPublish(PublishResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":3,\"publish\":{}}");
    }

    @Test
    void encodesPublicationPushWithRawData() {
        assertThat(encode(Samples.push(Push.newBuilder().setPub(Publication.newBuilder()
                .setData(json("{\"a\":1}")).putTags("k", "v")))))
                .isEqualTo("{\"push\":{\"channel\":\"streams:abc\",\"pub\":{\"data\":{\"a\":1},\"tags\":{\"k\":\"v\"}}}}");
    }

    @Test
    void encodesUnsubscribePush() {
        assertThat(encode(Samples.push(Push.newBuilder().setUnsubscribe(Unsubscribe.newBuilder()
                .setCode(2500).setReason("insufficient state")))))
                .isEqualTo("{\"push\":{\"channel\":\"streams:abc\",\"unsubscribe\":{\"code\":2500,\"reason\":\"insufficient state\"}}}");
    }

    @Test
    void encodesErrorReply() {
        assertThat(encode(Reply.newBuilder().setId(2).setError(Error.newBuilder()
                .setCode(103).setMessage("permission denied")).build()))
                .isEqualTo("{\"id\":2,\"error\":{\"code\":103,\"message\":\"permission denied\"}}");
    }

    @Test
    void encodesTheServerPingAsAnEmptyObject() {
        assertThat(encode(Reply.getDefaultInstance())).isEqualTo("{}");
    }

    @Test
    void joinsRepliesWithNewlinesWithoutATrailingOne() {
        String frame = Frames.text(codec.encode(UnpooledByteBufAllocator.DEFAULT, List.of(
                Reply.getDefaultInstance(), Reply.newBuilder().setId(7).build(), Reply.getDefaultInstance())));
        assertThat(frame).isEqualTo("{}\n{\"id\":7}\n{}");
    }

    @Test
    void removesRawNewlinesFromPayloads() {
        String frame = encode(Samples.push(Push.newBuilder().setPub(Publication.newBuilder()
                .setData(json("{\n  \"text\": \"line\\nbreak\"\n}\n")))));
        assertThat(frame).isEqualTo("{\"push\":{\"channel\":\"streams:abc\",\"pub\":{\"data\":{  \"text\": \"line\\nbreak\"}}}}");
    }

    @Test
    void escapesStrings() {
        assertThat(encode(Reply.newBuilder().setError(Error.newBuilder().setMessage("\"quoted\"\n\u0001 é ✓")).build()))
                .isEqualTo("{\"error\":{\"message\":\"\\\"quoted\\\"\\n\\u0001 é ✓\"}}");
    }

    @Test
    void writesUnsigned64BitNumbersAboveLongMax() {
        assertThat(encode(Samples.push(Push.newBuilder().setPub(Publication.newBuilder().setOffset(-1L)))))
                .isEqualTo("{\"push\":{\"channel\":\"streams:abc\",\"pub\":{\"offset\":18446744073709551615}}}");
    }

    @Test
    void alwaysWritesTheFieldsSdksReadWithoutFallback() {
        assertThat(encode(Samples.push(Push.newBuilder().setJoin(Join.newBuilder()
                .setInfo(ClientInfo.newBuilder().setClient("c9"))))))
                .isEqualTo("{\"push\":{\"channel\":\"streams:abc\",\"join\":{\"info\":{\"user\":\"\",\"client\":\"c9\"}}}}");
        assertThat(encode(Reply.newBuilder().setId(5).setPresenceStats(PresenceStatsResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":5,\"presence_stats\":{\"num_clients\":0,\"num_users\":0}}");
        assertThat(encode(Reply.newBuilder().setId(6).setHistory(HistoryResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":6,\"history\":{\"publications\":[],\"epoch\":\"\",\"offset\":0}}");
        assertThat(encode(Reply.newBuilder().setId(6).setHistory(HistoryResult.newBuilder().setOffset(3)).build()))
                .isEqualTo("{\"id\":6,\"history\":{\"publications\":[],\"epoch\":\"\",\"offset\":3}}");
        assertThat(encode(Reply.newBuilder().setId(7).setPresence(PresenceResult.getDefaultInstance()).build()))
                .isEqualTo("{\"id\":7,\"presence\":{\"presence\":{}}}");
    }

    private List<Command> decode(String frame) throws ProtocolException {
        ByteBuf buf = Frames.text(frame);
        try {
            return codec.decode(buf);
        } finally {
            buf.release();
        }
    }

    private Command decodeOne(String frame) throws ProtocolException {
        List<Command> commands = decode(frame);
        assertThat(commands).hasSize(1);
        return commands.get(0);
    }

    private String encode(Reply reply) {
        return Frames.text(codec.encode(UnpooledByteBufAllocator.DEFAULT, reply));
    }
}
