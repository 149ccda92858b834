package io.sluice.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.sluice.node.context.NodeContext;
import io.sluice.node.engine.ControlCommand;
import io.sluice.node.channel.ChannelRules;
import io.sluice.node.protocol.ClientError;
import io.sluice.node.protocol.DisconnectCode;
import io.sluice.proto.client.ClientInfo;
import io.sluice.proto.client.Publication;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The server HTTP API in Centrifugo's JSON shapes: one method name + JSON params in, {@code
 * {"result":…}} or {@code {"error":{"code","message"}}} out (always HTTP 200, as Centrifugo's
 * default error mode). Only a body that is not JSON at all is answered 400.
 */
public final class ServerApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final NodeContext node;
    private final Map<String, Function<JsonNode, CompletableFuture<JsonNode>>> methods;

    public ServerApi(NodeContext node) {
        this.node = node;
        this.methods = Map.ofEntries(
                Map.entry("publish", this::publish),
                Map.entry("broadcast", this::broadcast),
                Map.entry("subscribe", this::subscribe),
                Map.entry("unsubscribe", this::unsubscribe),
                Map.entry("disconnect", this::disconnect),
                Map.entry("refresh", this::refresh),
                Map.entry("presence", this::presence),
                Map.entry("presence_stats", this::presenceStats),
                Map.entry("history", p -> notAvailable()),
                Map.entry("history_remove", p -> notAvailable()),
                Map.entry("info", p -> info()),
                Map.entry("channels", this::channels),
                Map.entry("batch", this::batch));
    }

    /** {@code method} is the path after {@code /api/}; empty means the legacy {@code {"method","params"}} body. */
    public CompletableFuture<ApiResponse> handle(String method, byte[] body) {
        JsonNode request;
        try {
            request = body.length == 0 ? NODES.objectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(ApiResponse.badRequest("malformed JSON"));
        }
        if (request == null || !request.isObject()) {
            return CompletableFuture.completedFuture(ApiResponse.badRequest("request body must be a JSON object"));
        }
        if (method.isEmpty()) {
            method = request.path("method").asText("");
            request = request.path("params");
        }
        return call(method, request).thenApply(ServerApi::render);
    }

    /** Runs one method; its outcome is a reply object holding either {@code result} or {@code error}. */
    private CompletableFuture<ObjectNode> call(String method, JsonNode params) {
        Function<JsonNode, CompletableFuture<JsonNode>> fn = methods.get(method);
        return asReply(attempt(() -> {
            if (fn == null) {
                throw new ApiError(ApiError.NOT_FOUND, "not found");
            }
            return fn.apply(params.isObject() ? params : NODES.objectNode());
        }));
    }

    /** Validation failures thrown before any work starts become failed futures like engine failures. */
    private static CompletableFuture<JsonNode> attempt(Supplier<CompletableFuture<JsonNode>> work) {
        try {
            return work.get();
        } catch (ApiError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A method's outcome as a reply object holding either {@code result} or {@code error}. */
    private static CompletableFuture<ObjectNode> asReply(CompletableFuture<JsonNode> outcome) {
        return outcome.handle((value, failure) -> {
            ObjectNode reply = NODES.objectNode();
            if (failure == null) {
                reply.set("result", value);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                ApiError err = cause instanceof ApiError e ? e : new ApiError(ApiError.INTERNAL, "internal server error");
                reply.putObject("error").put("code", err.code).put("message", err.getMessage());
            }
            return reply;
        });
    }

    private static ApiResponse render(ObjectNode reply) {
        try {
            return ApiResponse.json(JSON.writeValueAsString(reply));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- publishing ----

    private CompletableFuture<JsonNode> publish(JsonNode p) {
        return publishTo(requireChannel(p, "channel"), publication(p));
    }

    private CompletableFuture<JsonNode> publishTo(String channel, Publication publication) {
        return node.broker().publish(channel, publication).thenApply(v -> NODES.objectNode());
    }

    private CompletableFuture<JsonNode> broadcast(JsonNode p) {
        JsonNode channels = p.path("channels");
        if (!channels.isArray() || channels.isEmpty()) {
            throw ApiError.badRequest("channels required");
        }
        Publication publication = publication(p);
        // Each channel is published with the same publication; errors are per channel.
        List<CompletableFuture<ObjectNode>> replies = new ArrayList<>();
        for (JsonNode channel : channels) {
            replies.add(asReply(attempt(() -> publishTo(validChannel(channel.asText()), publication))));
        }
        return arrayResult("responses", replies);
    }

    private static Publication publication(JsonNode p) {
        Publication.Builder publication = Publication.newBuilder().setData(ByteString.copyFrom(data(p)));
        JsonNode tags = p.path("tags");
        if (tags.isObject()) {
            tags.properties().forEach(e -> publication.putTags(e.getKey(), e.getValue().asText()));
        }
        return publication.build();
    }

    /** {@code data} as raw JSON, or {@code b64data} decoded: one of them is required. */
    private static byte[] data(JsonNode p) {
        JsonNode b64 = p.path("b64data");
        if (b64.isTextual() && !b64.asText().isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64.asText());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("b64data is not base64");
            }
        }
        JsonNode data = p.get("data");
        if (data == null || data.isNull()) {
            throw ApiError.badRequest("data required");
        }
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- users and connections ----

    private CompletableFuture<JsonNode> subscribe(JsonNode p) {
        String channel = requireChannel(p, "channel");
        String user = requireUser(p);
        byte[] info = optionalRaw(p, "info", "b64info");
        byte[] data = optionalRaw(p, "data", "b64data");
        return control(new ControlCommand.Subscribe(user, channel, p.path("client").asText(""), info, data));
    }

    private CompletableFuture<JsonNode> unsubscribe(JsonNode p) {
        String channel = requireChannel(p, "channel");
        return control(new ControlCommand.Unsubscribe(requireUser(p), channel, p.path("client").asText("")));
    }

    private CompletableFuture<JsonNode> disconnect(JsonNode p) {
        String user = requireUser(p);
        DisconnectCode code = DisconnectCode.FORCE_DISCONNECT;
        JsonNode advice = p.path("disconnect");
        if (advice.isObject()) {
            int value = advice.path("code").asInt(0);
            if (value < 3000 || value > 4999) {
                throw ApiError.badRequest("disconnect.code must be within 3000-4999");
            }
            String reason = advice.path("reason").asText("");
            if (!DisconnectCode.fitsCloseFrame(reason)) {
                throw ApiError.badRequest("disconnect.reason must fit " + DisconnectCode.MAX_REASON_BYTES + " bytes");
            }
            code = new DisconnectCode(value, reason);
        }
        List<String> whitelist = new ArrayList<>();
        p.path("whitelist").forEach(id -> whitelist.add(id.asText()));
        return control(new ControlCommand.Disconnect(user, code.code(), code.reason(), p.path("client").asText(""),
                List.copyOf(whitelist)));
    }

    private CompletableFuture<JsonNode> refresh(JsonNode p) {
        return control(new ControlCommand.Refresh(requireUser(p), p.path("client").asText(""),
                p.path("expired").asBoolean(false), p.path("expire_at").asLong(0)));
    }

    private CompletableFuture<JsonNode> control(ControlCommand command) {
        return node.broker().publishControl(command).thenApply(v -> NODES.objectNode());
    }

    // ---- presence and introspection ----

    private CompletableFuture<JsonNode> presence(JsonNode p) {
        String channel = presenceChannel(p);
        return node.presence().presence(channel).thenApply(entries -> {
            ObjectNode result = NODES.objectNode();
            ObjectNode presence = result.putObject("presence");
            entries.forEach((client, info) -> presence.set(client, clientInfoJson(info)));
            return result;
        });
    }

    private CompletableFuture<JsonNode> presenceStats(JsonNode p) {
        String channel = presenceChannel(p);
        return node.presence().stats(channel).thenApply(stats -> NODES.objectNode()
                .put("num_clients", stats.numClients())
                .put("num_users", stats.numUsers()));
    }

    private String presenceChannel(JsonNode p) {
        ChannelRules.Checked channel = checkedChannel(p, "channel");
        if (!channel.options().presence()) {
            throw new ApiError(ApiError.NOT_AVAILABLE, "not available");
        }
        return channel.name().name();
    }

    private static ObjectNode clientInfoJson(ClientInfo info) {
        ObjectNode json = NODES.objectNode().put("client", info.getClient()).put("user", info.getUser());
        putRaw(json, "conn_info", info.getConnInfo());
        putRaw(json, "chan_info", info.getChanInfo());
        return json;
    }

    private static void putRaw(ObjectNode json, String key, ByteString raw) {
        if (!raw.isEmpty()) {
            try {
                json.set(key, JSON.readTree(raw.toByteArray()));
            } catch (IOException e) {
                json.put(key, Base64.getEncoder().encodeToString(raw.toByteArray()));
            }
        }
    }

    /** Every live node: this one, and with the Redis engine every node seen in the registry. */
    private CompletableFuture<JsonNode> info() {
        return node.cluster().nodes().thenApply(nodes -> {
            ObjectNode result = NODES.objectNode();
            ArrayNode array = result.putArray("nodes");
            nodes.forEach(info -> array.add(info.toJson()));
            return result;
        });
    }

    /** Channels with subscribers on any node, with their number of clients, filtered by {@code pattern}. */
    private CompletableFuture<JsonNode> channels(JsonNode p) {
        Pattern pattern = globToRegex(p.path("pattern").asText(""));
        return node.cluster().channels().thenApply(counts -> {
            ObjectNode result = NODES.objectNode();
            ObjectNode channels = result.putObject("channels");
            counts.forEach((channel, count) -> {
                if (pattern == null || pattern.matcher(channel).matches()) {
                    channels.putObject(channel).put("num_clients", count);
                }
            });
            return result;
        });
    }

    /** A glob ({@code *} any run, {@code ?} one char) as a regex; null for "match all". */
    static Pattern globToRegex(String glob) {
        if (glob.isEmpty() || glob.equals("*")) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    // ---- batch ----

    private CompletableFuture<JsonNode> batch(JsonNode p) {
        JsonNode commands = p.path("commands");
        if (!commands.isArray()) {
            throw ApiError.badRequest("commands required");
        }
        boolean parallel = p.path("parallel").asBoolean(false);
        List<CompletableFuture<ObjectNode>> replies = new ArrayList<>();
        CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
        for (JsonNode command : commands) {
            var entry = command.isObject() && command.size() == 1 ? command.properties().iterator().next() : null;
            String method = entry == null ? "" : entry.getKey();
            JsonNode params = entry == null ? NODES.objectNode() : entry.getValue();
            // Sequential by default: each command starts once the one before it has finished.
            CompletableFuture<ObjectNode> reply = parallel
                    ? call(method, params)
                    : previous.thenCompose(ignored -> call(method, params));
            replies.add(reply.thenApply(r -> r.has("result") ? NODES.objectNode().set(method, r.get("result")) : r));
            previous = reply;
        }
        return arrayResult("replies", replies);
    }

    // ---- validation helpers ----

    private String requireChannel(JsonNode p, String key) {
        return checkedChannel(p, key).name().name();
    }

    private ChannelRules.Checked checkedChannel(JsonNode p, String key) {
        JsonNode value = p.path(key);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw ApiError.badRequest(key + " required");
        }
        return check(value.asText());
    }

    private String validChannel(String channel) {
        if (channel.isEmpty()) {
            throw ApiError.badRequest("invalid channel name");
        }
        return check(channel).name().name();
    }

    /** The client protocol's channel rules, {@code channel_regex} included, with the same codes: 107 or 102. */
    private ChannelRules.Checked check(String channel) {
        ChannelRules.Checked checked = ChannelRules.check(node.config().get(), channel);
        if (checked.refusal() == ClientError.BAD_REQUEST) {
            throw ApiError.badRequest("invalid channel name");
        }
        if (checked.refused()) {
            throw new ApiError(ApiError.UNKNOWN_CHANNEL, "unknown channel");
        }
        return checked;
    }

    private static String requireUser(JsonNode p) {
        JsonNode user = p.path("user");
        if (!user.isTextual()) {
            throw ApiError.badRequest("user required");
        }
        return user.asText();
    }

    private static byte[] optionalRaw(JsonNode p, String rawKey, String b64Key) {
        JsonNode b64 = p.path(b64Key);
        if (b64.isTextual() && !b64.asText().isEmpty()) {
            try {
                return Base64.getDecoder().decode(b64.asText());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(b64Key + " is not base64");
            }
        }
        JsonNode raw = p.get(rawKey);
        return raw == null || raw.isNull() ? null : raw.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static CompletableFuture<JsonNode> notAvailable() {
        return CompletableFuture.failedFuture(new ApiError(ApiError.NOT_AVAILABLE, "not available"));
    }

    /** {@code {"<key>": [reply, ...]}} once every reply is in, in the order given. */
    private static CompletableFuture<JsonNode> arrayResult(String key, List<CompletableFuture<ObjectNode>> replies) {
        return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).thenApply(v -> {
            ObjectNode result = NODES.objectNode();
            ArrayNode array = result.putArray(key);
            replies.forEach(reply -> array.add(reply.join()));
            return result;
        });
    }
}
