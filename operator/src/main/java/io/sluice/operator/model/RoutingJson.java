package io.sluice.operator.model;

import io.sluice.proto.GoDuration;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Renders a {@link RoutingConfig} as the node's routing file: the {@code stream_backends},
 * {@code namespaces} and {@code proxy_stream_connect_*} keys, fixed key order, fixed indentation,
 * "\n" line ends, so equal routing is byte-identical.
 */
public final class RoutingJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private RoutingJson() {
    }

    public static String render(RoutingConfig routing) {
        ObjectNode root = NODES.objectNode();
        ArrayNode backends = root.putArray("stream_backends");
        routing.backends().forEach(b -> backends.add(backend(b)));
        ArrayNode namespaces = root.putArray("namespaces");
        routing.namespaces().forEach(n -> namespaces.add(namespace(n)));
        if (routing.connect() != null) {
            root.put("proxy_stream_connect_backend", routing.connect().backend());
            root.put("proxy_stream_connect_bidirectional", routing.connect().bidirectional());
        }
        try {
            return WRITER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings, numbers and booleans always renders", e);
        }
    }

    /** The content hash stamped on the ConfigMap, so a glance tells whether two nodes' files agree. */
    public static String sha256(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ObjectNode backend(RoutingConfig.Backend b) {
        ObjectNode node = NODES.objectNode();
        node.put("name", b.name());
        node.put("endpoint", b.endpoint());
        node.put("contract", b.contract());
        node.put("timeout", GoDuration.formatInOneUnit(b.timeout()));
        node.put("tls", b.tls());
        if (b.tlsCertFile() != null) {
            node.put("tls_cert_file", b.tlsCertFile());
        }
        if (b.tlsServerName() != null) {
            node.put("tls_server_name", b.tlsServerName());
        }
        ObjectNode metadata = node.putObject("grpc_metadata");
        b.grpcMetadata().forEach(metadata::put);
        ArrayNode headers = node.putArray("http_headers");
        b.httpHeaders().forEach(headers::add);
        node.put("include_connection_meta", b.includeConnectionMeta());
        node.put("connections", b.connections());
        return node;
    }

    private static ObjectNode namespace(RoutingConfig.Namespace n) {
        ObjectNode node = NODES.objectNode();
        node.put("name", n.name());
        node.put("proxy_stream_subscribe_backend", n.backend());
        node.put("proxy_stream_subscribe_bidirectional", n.bidirectional());
        // Unset options are left out so the node's base config (merged by name) decides them.
        if (n.presence() != null) {
            node.put("presence", n.presence());
        }
        if (n.joinLeave() != null) {
            node.put("join_leave", n.joinLeave());
        }
        if (n.forcePushJoinLeave() != null) {
            node.put("force_push_join_leave", n.forcePushJoinLeave());
        }
        return node;
    }
}
