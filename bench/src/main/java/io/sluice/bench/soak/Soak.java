package io.sluice.bench.soak;

import io.sluice.bench.common.Json;
import io.sluice.bench.runner.process.ChildProcess;
import io.sluice.bench.runner.process.JavaLaunch;
import io.sluice.bench.runner.process.Jcmd;
import io.sluice.bench.runner.process.NodeProcess;
import io.sluice.bench.runner.process.Ports;
import io.sluice.bench.runner.process.RedisProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos soak: two Redis-backed nodes from the packaged jar, the soak backend and a redis-server as
 * processes, a population of JSON and Protobuf clients, and a seeded schedule of faults, one at a time
 * with quiet checkpoints between rounds. See {@link Invariant} for what is checked.
 */
final class Soak {

    enum Fault { BACKEND_KILL, REDIS_RESTART, ROUTING_RELOAD, NODE_RESTART, CLIENT_STALL, FAST_CLIENTS }

    record Settings(long seed, Duration duration, JavaLaunch node, JavaLaunch bench, Path logs) {
    }

    static final String API_KEY = "soak-api-key";
    private static final int CLIENTS = 24;
    private static final int ROOMS = 4;
    private static final int STREAMS_PER_CLIENT = 2;
    private static final int FAST_CLIENTS_PER_FAULT = 8;
    private static final long STALL_MILLIS = 4000;
    /** Above what a stalled client's queue holds, so the node has to let it go. */
    private static final int FLOOD_MESSAGES = 12;
    private static final int FLOOD_BYTES = 40_000;
    private static final Duration FINAL_QUIET = Duration.ofSeconds(15);
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final Duration OPEN_STREAMS_QUIET = Duration.ofSeconds(2);
    /** Redisson re-subscribes a node's channels after Redis returns; publications before that are not counted. */
    private static final Duration REDIS_RESUBSCRIBE_GRACE = Duration.ofSeconds(5);
    /** Long enough for a stalled client to have read again or been disconnected. */
    private static final Duration BROADCAST_CHECK_AGE = Duration.ofSeconds(6);
    private static final long HEAP_BOUND_KB = 160 * 1024;
    private static final List<String> NODE_FLAGS = List.of("-Xmx256m");

    private final Settings settings;
    private final Random random;
    private final Findings findings = new Findings();
    private final Map<String, SoakClient.StreamEnd> streamEnds = new ConcurrentHashMap<>();
    private final List<Long> reloadNanos = new CopyOnWriteArrayList<>();
    private final List<Long> backendKillNanos = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<SoakClient> population = new ArrayList<>();
    private final List<Broadcast> broadcasts = new CopyOnWriteArrayList<>();
    private final AtomicLong broadcastIds = new AtomicLong();
    private final AtomicInteger countTokens = new AtomicInteger();
    private final List<Path> nodeLogs = new ArrayList<>();
    private final List<Path> backendLogs = new ArrayList<>();
    private final Map<Fault, Integer> faults = new ConcurrentHashMap<>();

    private final int backendPort = Ports.free();
    private final int[] nodePorts = {Ports.free(), Ports.free()};
    private final NodeProcess[] nodes = new NodeProcess[2];
    private final int[] nodeStarts = new int[2];
    private RedisProcess redis;
    private volatile boolean redisDown;
    private volatile long redisUpSinceNanos = System.nanoTime();
    private ChildProcess backend;
    private boolean routeToB;
    private long maxLiveHeapKb;
    private final long startNanos = System.nanoTime();

    /** A server-API publication and who had to get it: clients subscribed to its room when it was sent. */
    private record Broadcast(long id, String room, long ackNanos, Map<SoakClient, Integer> recipients) {
    }

    Soak(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    Findings findings() {
        return findings;
    }

    Map<Fault, Integer> faults() {
        return new java.util.TreeMap<>(faults);
    }

    long maxLiveHeapKb() {
        return maxLiveHeapKb;
    }

    void run(java.util.function.Consumer<String> progress) throws Exception {
        redis = RedisProcess.start();
        try {
            startBackend();
            writeConfigs();
            for (int i = 0; i < 2; i++) {
                startNode(i);
            }
            for (int i = 0; i < CLIENTS; i++) {
                List<String> channels = new ArrayList<>();
                for (int s = 0; s < STREAMS_PER_CLIENT; s++) {
                    channels.add("feed:c" + i + "-" + s);
                }
                channels.add("chat:room" + (i % ROOMS));
                channels.add("chat:me" + i);
                SoakClient client = new SoakClient("c" + i, i % 2 == 0 ? Wire.JSON : Wire.PROTOBUF, channels, false,
                        this::anyNode, timers, findings, streamEnds, http, random.nextLong());
                population.add(client);
                client.connect();
            }
            var publisher = timers.scheduleWithFixedDelay(this::publishAndCheck, 200, 200, TimeUnit.MILLISECONDS);
            long faultsEnd = System.nanoTime() + settings.duration().minus(FINAL_QUIET).toNanos();
            quietCheckpoint(progress, "start");
            int round = 0;
            while (System.nanoTime() < faultsEnd) {
                List<Fault> order = new ArrayList<>(List.of(Fault.values()));
                Collections.shuffle(order, random);
                for (Fault fault : order) {
                    if (System.nanoTime() >= faultsEnd) {
                        break;
                    }
                    progress.accept(String.format("t=%.1fs %s", (System.nanoTime() - startNanos) / 1e9, fault));
                    inject(fault, progress);
                    faults.merge(fault, 1, Integer::sum);
                    checkNodesAlive();
                    Thread.sleep(1000 + random.nextInt(2000));
                }
                quietCheckpoint(progress, "round " + ++round);
            }
            publisher.cancel(false);
            Thread.sleep(BROADCAST_CHECK_AGE.toMillis());
            quietCheckpoint(progress, "end");
            checkBroadcasts(Long.MAX_VALUE);
            checkScriptedEnds();
            checkNodeLogs();
        } finally {
            population.forEach(SoakClient::leave);
            timers.shutdownNow();
            for (NodeProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
            if (backend != null) {
                backend.close();
            }
            redis.close();
        }
    }

    // ---- processes ----

    private void startBackend() throws IOException, InterruptedException {
        Path log = settings.logs().resolve("backend-" + (backendLogs.size() + 1) + ".log");
        backendLogs.add(log);
        backend = ChildProcess.start("backend", settings.bench().command(List.of("-Xmx128m"), List.of("soak-backend",
                "--port", String.valueOf(backendPort), "--seed", String.valueOf(random.nextLong()))), log);
        if (backend.awaitLogLine(SoakBackend.READY, Duration.ofSeconds(30)).isEmpty()) {
            throw new IllegalStateException("the soak backend did not start:\n" + backend.logTail(20));
        }
    }

    private Path baseConfig(int node) {
        return settings.logs().resolve("node-" + node + "-base.json");
    }

    private Path routingConfig() {
        return settings.logs().resolve("routing.json");
    }

    private void writeConfigs() throws IOException {
        for (int i = 0; i < 2; i++) {
            Map<String, Object> base = Map.of("address", "127.0.0.1", "port", nodePorts[i],
                    "allow_anonymous_connect_without_token", true, "api_key", API_KEY, "engine", "redis",
                    "redis_address", redis.address(), "client_queue_max_size", 262_144);
            Files.writeString(baseConfig(i), Json.MAPPER.writeValueAsString(base));
        }
        writeRouting();
    }

    /** Both backends are the same process; switching the feed namespace between them is a routing change. */
    private void writeRouting() throws IOException {
        String endpoint = "grpc://127.0.0.1:" + backendPort;
        Map<String, Object> routing = Map.of(
                "stream_backends", List.of(Map.of("name", "soak-a", "endpoint", endpoint, "timeout", "2s"),
                        Map.of("name", "soak-b", "endpoint", endpoint, "timeout", "3s")),
                "namespaces", List.of(
                        Map.of("name", "feed", "proxy_stream_subscribe_backend", routeToB ? "soak-b" : "soak-a"),
                        Map.of("name", "chat", "allow_subscribe_for_client", true, "allow_subscribe_for_anonymous", true)));
        Path temp = routingConfig().resolveSibling("routing.json.tmp");
        Files.writeString(temp, Json.MAPPER.writeValueAsString(routing));
        Files.move(temp, routingConfig(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void startNode(int i) throws IOException, InterruptedException {
        String name = "node-" + (char) ('a' + i) + "-" + ++nodeStarts[i];
        nodeLogs.add(settings.logs().resolve(name + ".log"));
        nodes[i] = NodeProcess.start(name, settings.node(), NODE_FLAGS, List.of(baseConfig(i), routingConfig()),
                nodePorts[i], settings.logs());
    }

    /** Clients reach "the service": either node, as through a load balancer. */
    private URI anyNode() {
        int i = ThreadLocalRandom.current().nextInt(2);
        return URI.create("ws://127.0.0.1:" + nodePorts[i] + "/connection/websocket");
    }

    // ---- faults ----

    private void inject(Fault fault, java.util.function.Consumer<String> progress) throws Exception {
        switch (fault) {
            case BACKEND_KILL -> {
                backendKillNanos.add(System.nanoTime());
                backend.kill();
                Thread.sleep(500 + random.nextInt(1500));
                startBackend();
            }
            case REDIS_RESTART -> {
                redisDown = true;
                redis.close();
                Thread.sleep(1000 + random.nextInt(2000));
                redis = RedisProcess.start(redis.port());
                redisUpSinceNanos = System.nanoTime();
                redisDown = false;
            }
            case ROUTING_RELOAD -> {
                routeToB = !routeToB;
                reloadNanos.add(System.nanoTime());
                writeRouting();
            }
            case NODE_RESTART -> {
                int i = random.nextInt(2);
                progress.accept("SIGTERM to node port " + nodePorts[i]);
                nodes[i].close();
                startNode(i);
            }
            case CLIENT_STALL -> {
                SoakClient stalled = population.get(random.nextInt(population.size()));
                progress.accept("stalling " + stalled.name());
                stalled.stall(STALL_MILLIS);
                String fill = "x".repeat(FLOOD_BYTES);
                for (int n = 0; n < FLOOD_MESSAGES; n++) {
                    publish(random.nextInt(2), "chat:me" + stalled.name().substring(1), "{\"fill\":\"" + fill + "\"}");
                }
            }
            case FAST_CLIENTS -> {
                for (int n = 0; n < FAST_CLIENTS_PER_FAULT; n++) {
                    SoakClient fast = new SoakClient("fast" + n, n % 2 == 0 ? Wire.JSON : Wire.PROTOBUF,
                            List.of("feed:fast-" + random.nextInt(1_000_000)), true, this::anyNode, timers, findings,
                            new ConcurrentHashMap<>(), http, random.nextLong());
                    fast.connect();
                    timers.schedule(fast::leave, random.nextInt(300), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void checkNodesAlive() {
        for (int i = 0; i < 2; i++) {
            if (!nodes[i].isAlive()) {
                findings.violation(Invariant.NODE_HEALTH, "node " + i + " exited by itself:\n" + tail(nodeLogs));
                try {
                    startNode(i);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot restart a crashed node", e);
                }
            }
        }
    }

    private static String tail(List<Path> logs) {
        try {
            List<String> lines = Files.readAllLines(logs.get(logs.size() - 1));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---- server-API broadcasts ----

    /** True when the node's server API acknowledged the publication. */
    private boolean publish(int node, String channel, String dataJson) {
        String body = "{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + nodePorts[node] + "/api/publish"))
                    .header("X-API-Key", API_KEY).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().contains("\"error\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void publishAndCheck() {
        long id = broadcastIds.incrementAndGet();
        String room = "chat:room" + (id % ROOMS);
        Map<SoakClient, Integer> recipients = new java.util.HashMap<>();
        for (SoakClient client : population) {
            int epoch = client.epoch(room);
            if (epoch >= 0) {
                recipients.put(client, epoch);
            }
        }
        boolean redisSettled = !redisDown && System.nanoTime() - redisUpSinceNanos > REDIS_RESUBSCRIBE_GRACE.toNanos();
        boolean acknowledged = publish((int) (id % 2), room, "{\"p\":" + id + "}");
        findings.count(acknowledged ? "broadcasts acknowledged" : "broadcasts refused (node or Redis down)");
        if (acknowledged && redisSettled && !redisDown) {
            broadcasts.add(new Broadcast(id, room, System.nanoTime(), recipients));
        }
        checkBroadcasts(System.nanoTime() - BROADCAST_CHECK_AGE.toNanos());
    }

    /** Checks the broadcasts acknowledged before {@code ackedBefore} (nanoTime) and forgets them. */
    private void checkBroadcasts(long ackedBefore) {
        for (Broadcast b : broadcasts) {
            if (b.ackNanos() > ackedBefore) {
                continue;
            }
            broadcasts.remove(b);
            b.recipients().forEach((client, epoch) -> {
                if (client.epoch(b.room()) != epoch) {
                    findings.count("broadcast deliveries not checked (subscriber left)");
                } else if (client.received(b.id())) {
                    findings.count("broadcast deliveries checked");
                } else {
                    findings.violation(Invariant.BROADCAST, "publication " + b.id() + " to " + b.room()
                            + " never reached " + client.describe() + ", subscribed throughout");
                }
            });
        }
    }

    // ---- quiet checkpoints ----

    private void quietCheckpoint(java.util.function.Consumer<String> progress, String label) throws Exception {
        backend.send("calm");
        try {
            checkNodesAlive();
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (!population.stream().allMatch(SoakClient::settled) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<String> unsettled = population.stream().filter(c -> !c.settled()).map(SoakClient::describe).toList();
            findings.count("recovery checks");
            if (!unsettled.isEmpty()) {
                findings.violation(Invariant.RECOVERY, label + ": " + unsettled.size() + " clients not subscribed after "
                        + RECOVERY.toSeconds() + " s, e.g. " + unsettled.get(0));
            }
            checkOpenStreams(label);
            sampleHeap();
            progress.accept(label + ": " + findings.totalViolations() + " violations so far, faults " + faults());
        } finally {
            backend.send("churn");
        }
    }

    private void checkOpenStreams(String label) throws Exception {
        long deadline = System.nanoTime() + OPEN_STREAMS_QUIET.toNanos();
        int live;
        int open;
        do {
            live = population.stream().mapToInt(SoakClient::liveStreams).sum();
            open = backendOpenStreams();
            if (live == open) {
                findings.count("open-stream checks");
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        findings.violation(Invariant.OPEN_STREAMS, label + ": backend has " + open + " open streams, clients "
                + live + " live stream subscriptions");
    }

    private int backendOpenStreams() throws IOException, InterruptedException {
        String token = String.valueOf(countTokens.incrementAndGet());
        backend.send("count " + token);
        Optional<String> count = backend.awaitLogLine("open " + token + " ", Duration.ofSeconds(5));
        return count.map(Integer::parseInt).orElse(-1);
    }

    private void sampleHeap() throws IOException, InterruptedException {
        for (NodeProcess node : nodes) {
            Jcmd.gc(node.pid());
            long live = Jcmd.heapUsedKb(node.pid());
            maxLiveHeapKb = Math.max(maxLiveHeapKb, live);
            if (live > HEAP_BOUND_KB) {
                findings.violation(Invariant.NODE_HEALTH, "node pid " + node.pid() + " holds " + live / 1024
                        + " MB live heap after a full GC (bound " + HEAP_BOUND_KB / 1024 + " MB)");
            }
        }
    }

    // ---- after the run ----

    /** Every stream the backend ended on purpose, whose client was still there to be told, got all of it. */
    private void checkScriptedEnds() throws IOException {
        for (Path log : backendLogs) {
            for (String line : Files.readAllLines(log)) {
                if (!line.startsWith(SoakBackend.END)) {
                    continue;
                }
                String[] words = line.split(" ");
                String id = words[1];
                long last = Long.parseLong(words[2]);
                findings.count("backend stream ends " + words[3]);
                SoakClient.StreamEnd seen = streamEnds.get(id);
                if (seen == null) {
                    findings.count("backend stream ends not checked (client gone first)");
                } else if (seen.lastSeq() == last && words[3].equals(seen.marker())
                        && seen.code() == (words[3].equals("clean") ? 2000 : 2500)) {
                    findings.count("backend stream ends checked complete");
                } else if (seen.code() == 2500 && near(reloadNanos, seen.atNanos())) {
                    findings.count("backend stream ends not checked (routing reload came first)");
                } else if (seen.code() == 2500 && near(backendKillNanos, seen.atNanos())) {
                    // What the killed backend had not yet flushed died with it; the node never got it.
                    findings.count("backend stream ends not checked (backend killed before its end left it)");
                } else {
                    findings.violation(Invariant.STREAM_ORDER, "stream " + id + " ended " + words[3] + " after #" + last
                            + ", its client got " + seen.code() + " after #" + seen.lastSeq());
                }
            }
        }
    }

    /** Within 3 s of one of {@code faults}: a reload applies up to a poll interval after its file is written. */
    private static boolean near(List<Long> faults, long nanos) {
        return faults.stream().anyMatch(r -> Math.abs(nanos - r) < TimeUnit.SECONDS.toNanos(3));
    }

    private void checkNodeLogs() throws IOException {
        for (Path log : nodeLogs) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(" ERROR ") || line.contains("Exception in thread") || line.contains("OutOfMemoryError")) {
                    findings.violation(Invariant.NODE_HEALTH, log.getFileName() + ": " + line);
                }
            }
        }
        findings.count("node log lines checked", nodeLogs.stream().mapToLong(Soak::lineCount).sum());
    }

    private static long lineCount(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
