package io.sluice.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.common.Json;
import io.sluice.bench.soak.Wire.Incoming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One soak client: a WebSocket on the JSON or Protobuf protocol that behaves as the SDKs do (reconnect
 * after a reconnecting disconnect, resubscribe after 2500 or a subscribe error, with a short jittered
 * delay) and checks what it receives as it goes: stream publications numbered without gap or reorder,
 * the end code matching the backend's end marker. Channels are {@code feed:*} streams, one
 * {@code chat:room*} for server-API broadcasts and one personal {@code chat:me*} (flooded when stalled).
 */
final class SoakClient {

    /** Disconnect codes of the reference's table (3000–3014 reconnect, 3500–3509 terminal). */
    static final Set<Integer> DOCUMENTED_CODES = Set.of(3000, 3001, 3004, 3005, 3006, 3008, 3009, 3010, 3011, 3012,
            3013, 3014, 3500, 3501, 3502, 3503, 3504, 3505, 3506, 3507, 3508, 3509);
    /** The code the JDK reports when a connection ends without a close frame. */
    private static final int ABNORMAL = 1006;

    private enum State { IDLE, SUBSCRIBING, SUBSCRIBED }

    private static final class Channel {
        final String name;
        final boolean stream;
        State state = State.IDLE;
        int epoch;
        String streamId;
        long lastSeq;
        String endMarker;

        Channel(String name) {
            this.name = name;
            this.stream = name.startsWith("feed:");
        }
    }

    /** How a stream ended, as this client saw it; checked against the backend's end log afterwards. */
    record StreamEnd(String streamId, long lastSeq, String marker, int code, long atNanos) {
    }

    private final String name;
    private final Wire wire;
    private final Supplier<URI> nodes;
    private final ScheduledExecutorService timers;
    private final Findings findings;
    private final Map<String, StreamEnd> streamEnds;
    private final boolean ephemeral;
    private final Random random;
    private final HttpClient http;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<Integer, Channel> pending = new HashMap<>();
    private final Set<Long> broadcastsReceived = new HashSet<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private WebSocket socket;
    private boolean connected;
    private boolean leaving;
    private boolean stalled;
    private boolean readHeld;
    private int nextId = 1;
    private long lastFrameNanos = System.nanoTime();
    private long connectedNanos;
    private URI node;
    private int stalls;

    SoakClient(String name, Wire wire, List<String> channelNames, boolean ephemeral, Supplier<URI> nodes,
               ScheduledExecutorService timers, Findings findings, Map<String, StreamEnd> streamEnds, HttpClient http,
               long seed) {
        this.name = name;
        this.wire = wire;
        this.nodes = nodes;
        this.timers = timers;
        this.findings = findings;
        this.streamEnds = streamEnds;
        this.ephemeral = ephemeral;
        this.http = http;
        this.random = new Random(seed);
        channelNames.forEach(c -> channels.put(c, new Channel(c)));
    }

    String name() {
        return name;
    }

    synchronized void connect() {
        if (leaving) {
            return;
        }
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(3));
        if (wire == Wire.PROTOBUF) {
            builder.subprotocols("centrifuge-protobuf");
        }
        node = nodes.get();
        builder.buildAsync(node, new Listener()).whenComplete((ws, error) -> {
            if (error != null) {
                retryConnect();
            }
        });
    }

    /** Leaves for good: closes normally, no reconnect. */
    synchronized void leave() {
        leaving = true;
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "leaving");
            socket.abort();
        }
    }

    /** Stops reading for {@code millis}: the node sees a client that does not keep up. */
    synchronized void stall(long millis) {
        stalled = true;
        stalls++;
        timers.schedule(this::unstall, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void unstall() {
        stalled = false;
        if (readHeld && socket != null) {
            readHeld = false;
            socket.request(1);
        }
    }

    /**
     * Connected and every channel subscribed, as far as this client can tell: never while it is stalled,
     * since the node may have cut it meanwhile (3008) and it learns that only once it reads again.
     */
    synchronized boolean settled() {
        return !stalled && connected && channels.values().stream().allMatch(c -> c.state == State.SUBSCRIBED);
    }

    synchronized int liveStreams() {
        return (int) channels.values().stream().filter(c -> c.stream && c.state == State.SUBSCRIBED).count();
    }

    /** The subscription epoch of {@code channel} when subscribed, else -1. */
    synchronized int epoch(String channel) {
        Channel c = channels.get(channel);
        return c != null && c.state == State.SUBSCRIBED ? c.epoch : -1;
    }

    synchronized boolean received(long broadcast) {
        return broadcastsReceived.contains(broadcast);
    }

    synchronized String describe() {
        StringBuilder out = new StringBuilder(name).append(connected ? " connected" : " disconnected")
                .append(String.format(" (last frame %.1f s ago, stalled %d times)",
                        (System.nanoTime() - lastFrameNanos) / 1e9, stalls));
        channels.values().forEach(c -> out.append(' ').append(c.name).append('=').append(c.state));
        return out.toString();
    }

    private void retryConnect() {
        if (!ephemeral) {
            timers.schedule(this::connect, 200 + random.nextInt(800), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void send(ByteBuffer frame) {
        if (socket == null) {
            return;
        }
        try {
            if (wire.text()) {
                socket.sendText(StandardCharsets.UTF_8.decode(frame), true).join();
            } else {
                socket.sendBinary(frame, true).join();
            }
        } catch (RuntimeException e) {
            // The connection is going away; onClose or onError follows and reconnects.
        }
    }

    private synchronized void subscribe(Channel channel) {
        if (!connected || channel.state != State.IDLE) {
            return;
        }
        channel.state = State.SUBSCRIBING;
        int id = nextId++;
        pending.put(id, channel);
        send(wire.subscribe(id, channel.name));
    }

    private void resubscribeLater(Channel channel) {
        timers.schedule(() -> subscribe(channel), 100 + random.nextInt(400), TimeUnit.MILLISECONDS);
    }

    private synchronized void handle(Incoming in) {
        switch (in.kind()) {
            case PING -> send(wire.pong());
            case CONNECTED -> {
                connected = true;
                connectedNanos = System.nanoTime();
                channels.values().forEach(this::subscribe);
            }
            case SUBSCRIBED -> subscribed(pending.remove(in.id()), in.data());
            case ERROR -> {
                Channel channel = pending.remove(in.id());
                if (channel != null) {
                    findings.count("subscribe errors " + in.code());
                    channel.state = State.IDLE;
                    resubscribeLater(channel);
                }
            }
            case PUBLICATION -> publication(channels.get(in.channel()), in.data());
            case UNSUBSCRIBED -> unsubscribed(channels.get(in.channel()), in.code());
            default -> { }
        }
    }

    private void subscribed(Channel channel, String data) {
        if (channel == null) {
            return;
        }
        channel.state = State.SUBSCRIBED;
        channel.epoch++;
        if (channel.stream) {
            channel.streamId = parse(data).path("s").asText();
            channel.lastSeq = 0;
            channel.endMarker = null;
            findings.count("streams opened");
        }
    }

    private void publication(Channel channel, String data) {
        if (channel == null || channel.state != State.SUBSCRIBED) {
            return;
        }
        JsonNode pub = parse(data);
        if (!channel.stream) {
            if (pub.has("p")) {
                broadcastsReceived.add(pub.path("p").asLong());
            }
            return;
        }
        findings.count("stream publications checked");
        String stream = pub.path("s").asText();
        long seq = pub.path("n").asLong();
        if (!stream.equals(channel.streamId) || seq != channel.lastSeq + 1 || channel.endMarker != null) {
            findings.violation(Invariant.STREAM_ORDER, name + " " + channel.name + ": expected " + channel.streamId
                    + " #" + (channel.lastSeq + 1) + (channel.endMarker != null ? " nothing after the end marker" : "")
                    + ", got " + data);
        }
        channel.lastSeq = seq;
        if (pub.has("end")) {
            channel.endMarker = pub.path("end").asText();
        }
    }

    private void unsubscribed(Channel channel, int code) {
        if (channel == null) {
            return;
        }
        channel.state = State.IDLE;
        if (channel.stream) {
            streamEnds.put(channel.streamId, new StreamEnd(channel.streamId, channel.lastSeq, channel.endMarker, code,
                    System.nanoTime()));
            findings.count("stream ends " + code);
            String expected = code == 2000 ? "clean" : "error";
            // A clean end told as 2500 may be a reload or a backend kill that beat the end to the node:
            // the run's final check judges those, knowing when the faults came.
            if (channel.endMarker != null && !channel.endMarker.equals(expected) && code != 2500) {
                findings.violation(Invariant.STREAM_ORDER, name + " " + channel.name + " stream " + channel.streamId
                        + " ended '" + channel.endMarker + "' but the client got " + code);
            }
            if (code == 2000 && channel.endMarker == null) {
                findings.violation(Invariant.STREAM_ORDER, name + " " + channel.name + " stream " + channel.streamId
                        + " got 2000 before its last publication (saw #" + channel.lastSeq + ")");
            }
        }
        // 2500 as the SDKs do; after a terminal code the application subscribes again.
        if (!ephemeral) {
            resubscribeLater(channel);
        }
    }

    private synchronized void closed(int code, boolean byServer) {
        boolean wasConnected = connected;
        connected = false;
        socket = null;
        pending.clear();
        channels.values().forEach(c -> c.state = State.IDLE);
        if (leaving) {
            return;
        }
        if (byServer) {
            findings.count("disconnects " + (code == ABNORMAL ? "abnormal (no close frame)" : String.valueOf(code))
                    + (stalled ? " while stalled" : ""));
            // A client that stops reading may miss the close frame: the node closes the socket under it.
            boolean stallEnd = stalled && (code == ABNORMAL || code == 3008 || code == 3012);
            if (!DOCUMENTED_CODES.contains(code) && !stallEnd) {
                findings.violation(Invariant.DISCONNECT_CODES, String.format("%s closed with %d by %s, %s", name, code,
                        node, wasConnected ? String.format("connected %.2f s before", (System.nanoTime() - connectedNanos) / 1e9)
                                : "before its connect reply"));
            }
        }
        retryConnect();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            synchronized (SoakClient.this) {
                socket = webSocket;
                if (leaving) {
                    webSocket.abort();
                    return;
                }
                send(wire.connect(nextId++));
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return onFrame(webSocket, StandardCharsets.UTF_8.encode(data.toString()), last);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            return onFrame(webSocket, data, last);
        }

        private CompletionStage<?> onFrame(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            synchronized (SoakClient.this) {
                lastFrameNanos = System.nanoTime();
                partial.writeBytes(bytes);
                if (last) {
                    ByteBuffer frame = ByteBuffer.wrap(partial.toByteArray());
                    partial.reset();
                    wire.decode(frame).forEach(SoakClient.this::handle);
                }
                if (stalled) {
                    readHeld = true;
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode, true);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(ABNORMAL, true);
        }
    }
}
