package io.sluice.node.stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.node.testing.JsonClient;
import io.sluice.node.testing.Jwt;
import io.sluice.node.testing.TestBackend;
import io.sluice.node.testing.TestNode;
import io.sluice.proto.proxy.Publication;
import io.sluice.proto.proxy.StreamSubscribeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend message above {@code grpc_max_receive_message_size}: gRPC fails the call, the node logs
 * backend and size and counts it, and the client is told the end for good (2000) instead of 2500,
 * which would make the SDK reopen the stream into the same message again and again.
 */
class OversizedMessageTest {

    private static final int LIMIT = 64 * 1024;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger poolLogger = (Logger) LoggerFactory.getLogger(BackendPool.class);

    @BeforeEach
    void captureLog() {
        log.start();
        poolLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        poolLogger.detachAppender(log);
    }

    private static String json(int bytes) {
        return "{\"fill\":\"" + "x".repeat(bytes) + "\"}";
    }

    private static int publicationSize(String json) {
        return StreamSubscribeResponse.newBuilder().setPublication(Publication.newBuilder().setData(TestBackend.utf8(json)))
                .build().getSerializedSize();
    }

    @Test
    void aRunningStreamEndsWith2000AfterItsEarlierPublicationsAndTheNodeSaysWhy() throws Exception {
        try (TestBackend backend = TestBackend.start();
             TestNode node = TestNode.start("\"stream_backends\": [{\"name\": \"reports\", \"endpoint\": \""
                     + backend.endpoint() + "\", \"grpc_max_receive_message_size\": " + LIMIT + "}],"
                     + " \"namespaces\": [{\"name\": \"feed\", \"proxy_stream_subscribe_backend\": \"reports\"}]");
             JsonClient client = JsonClient.open(node.wsUrl())) {
            backend.onCall(call -> {
                call.accept("{}");
                call.push("{\"n\":1}");
                call.push(json(LIMIT));
            });
            client.connect(Jwt.forUser("ann", 600));
            assertThat(client.subscribe("feed:big", null).has("subscribe")).isTrue();

            assertThat(client.next().path("push").path("pub").path("data").path("n").asInt()).isEqualTo(1);
            JsonNode unsubscribe = client.next().path("push").path("unsubscribe");
            assertThat(unsubscribe.path("code").asInt()).as("terminal: the SDK does not resubscribe").isEqualTo(2000);

            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                    .contains("stream backend reports sent a message of " + publicationSize(json(LIMIT)) + " bytes")
                    .contains("above its limit of " + LIMIT + " bytes (grpc_max_receive_message_size)"));
            assertThat(node.metric("sluice_stream_oversized_messages_total{backend=\"reports\"}")).isEqualTo(1);
            assertThat(node.metric("sluice_stream_ends_total{backend=\"reports\",code=\"2000\",kind=\"subscription\","
                    + "namespace=\"feed\"}")).isEqualTo(1);
        }
    }

    @Test
    void anOversizedFirstMessageIsTheTemporaryError100AndTheDefaultLimitIsGrpcs4MiB() throws Exception {
        try (TestBackend backend = TestBackend.start();
             TestNode node = TestNode.start("\"proxy_stream_subscribe_endpoint\": \"" + backend.endpoint() + "\","
                     + " \"namespaces\": [{\"name\": \"feed\", \"proxy_stream_subscribe\": true}]");
             JsonClient client = JsonClient.open(node.wsUrl())) {
            backend.onCall(call -> call.accept(json(4 * 1024 * 1024)));
            client.connect(Jwt.forUser("ann", 600));
            // The SDK retries a temporary error with its backoff (0.5 s growing to 20 s), not at once.
            JsonNode error = client.subscribe("feed:huge", null).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(100);
            assertThat(error.path("temporary").asBoolean()).isTrue();
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                    .startsWith("stream backend proxy_stream_subscribe sent a message of ")
                    .contains("above its limit of 4194304 bytes"));
            assertThat(node.metric("sluice_stream_oversized_messages_total{backend=\"proxy_stream_subscribe\"}"))
                    .isEqualTo(1);
        }
    }
}
