package io.sluice.node.sdk;

import io.sluice.node.testing.RedisProcess;
import io.sluice.node.testing.TcpBalancer;
import io.sluice.node.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy-stream scenarios over the fallbacks with each node pair behind a TCP balancer that
 * alternates connections between two Redis-backed nodes, as a Kubernetes Service without sticky
 * sessions does: the stream lands on one node and most emulation requests on the other, which
 * forwards them through Redis.
 */
@ParameterizedClass(name = "centrifuge-js over {1} ({0}) across two nodes")
@CsvSource({"json, http_stream", "protobuf, http_stream", "json, sse"})
class JsFallbackAcrossNodesTest extends StreamSdkScenarios {

    private static RedisProcess redis;
    private static TestNode nodeB;
    private static TestNode uniConnectNodeB;
    private static TcpBalancer service;
    private static TcpBalancer uniConnectService;

    @Parameter(0)
    private String protocol;

    @Parameter(1)
    private String transport;

    /** After the single-node set-up: its nodes give way to the same configs on Redis, twice each, behind balancers. */
    @BeforeAll
    static void startNodePairs() throws Exception {
        node.close();
        uniConnectNode.close();
        redis = RedisProcess.start();
        String engine = "\"engine\": \"redis\", \"redis_address\": \"" + redis.url() + "\", ";
        node = TestNode.start(engine + streamNodeConfig());
        nodeB = TestNode.start(engine + streamNodeConfig());
        uniConnectNode = TestNode.start(engine + uniConnectNodeConfig());
        uniConnectNodeB = TestNode.start(engine + uniConnectNodeConfig());
        service = TcpBalancer.alternating(List.of(node.port(), nodeB.port()));
        uniConnectService = TcpBalancer.alternating(List.of(uniConnectNode.port(), uniConnectNodeB.port()));
        wsUrls = target -> target == node ? service.wsUrl() : uniConnectService.wsUrl();
    }

    /** Before the single-node tear-down (which closes the backend; its second close of the nodes does nothing). */
    @AfterAll
    static void stopNodePairs() throws Exception {
        wsUrls = TestNode::wsUrl;
        double forwarded = 0;
        for (TestNode each : List.of(node, nodeB, uniConnectNode, uniConnectNodeB)) {
            forwarded += each.metric("sluice_emulation_requests_total{outcome=\"forwarded\"}");
        }
        assertThat(forwarded).as("emulation requests that landed on the other node of a pair and were forwarded")
                .isPositive();
        service.close();
        uniConnectService.close();
        for (TestNode each : List.of(uniConnectNodeB, uniConnectNode, nodeB, node)) {
            each.close();
        }
        redis.close();
    }

    @Override
    SdkDriver sdk() {
        return JsDrivers.get(protocol, transport);
    }

    @AfterParameterizedClassInvocation
    static void stopSdk(String protocol, String transport) {
        JsDrivers.stop(protocol, transport);
    }
}
