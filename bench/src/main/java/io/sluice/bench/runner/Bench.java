package io.sluice.bench.runner;

import io.sluice.bench.common.StreamKind;
import io.sluice.bench.common.StreamSpec;
import io.sluice.bench.generator.LoadSpec;
import io.sluice.bench.generator.OpenResult;
import io.sluice.bench.generator.Transport;
import io.sluice.bench.generator.Window;
import io.sluice.bench.report.LoadAverage;
import io.sluice.bench.runner.process.BackendProcess;
import io.sluice.bench.runner.process.GeneratorProcess;
import io.sluice.bench.runner.process.JavaLaunch;
import io.sluice.bench.runner.process.NodeConfig;
import io.sluice.bench.runner.process.NodeProcess;
import io.sluice.bench.runner.process.Ports;
import io.sluice.bench.runner.process.ProcStats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What scenarios share: the profile, the launchers of node, backend and generator, and the progress line. */
public final class Bench {

    /**
     * Connections per loopback source address. One address reaches one server port from at most the
     * ephemeral range (some 28k ports), and connect() searches even ports first, so it slows down
     * past about 14k: groups of 10k keep every connect fast.
     */
    static final int CONNECTIONS_PER_SOURCE_ADDRESS = 10_000;

    /**
     * @param bench          how to start this module's backend and generator
     * @param node           how to start a Sluice node
     * @param nodeJvmFlags   extra flags for the node's JVM
     * @param logs           where this scenario's configs and process logs go
     * @param descriptorLimit the open-files limit every process here inherits
     * @param jfr            when set, every process records a JFR profile into this directory
     */
    public record Settings(Profile profile, JavaLaunch bench, JavaLaunch node, List<String> nodeJvmFlags, Path logs,
                           long descriptorLimit, Path jfr) {
    }

    private final Settings settings;
    private final ProgressLine progress;
    private final String scenario;

    Bench(Settings settings, ProgressLine progress, String scenario) {
        this.settings = settings;
        this.progress = progress;
        this.scenario = scenario;
    }

    public Profile profile() {
        return settings.profile();
    }

    public ProgressLine progress() {
        return progress;
    }

    Path logs() throws IOException {
        return Files.createDirectories(settings.logs().resolve(scenario));
    }

    public BackendProcess backend() throws IOException, InterruptedException {
        return backend("backend");
    }

    public BackendProcess backend(String name) throws IOException, InterruptedException {
        progress.phase(scenario + ": starting the " + name);
        return BackendProcess.start(name, settings.bench(), recording(name), logs());
    }

    public NodeProcess node(String name, int backendPort, String redisAddress) throws IOException, InterruptedException {
        progress.phase(scenario + ": starting " + name);
        List<String> flags = new ArrayList<>(settings.nodeJvmFlags());
        flags.addAll(recording(name));
        return NodeProcess.start(name, settings.node(), flags,
                new NodeConfig(Ports.free(), backendPort, redisAddress), logs());
    }

    public GeneratorProcess generator(String name) throws IOException {
        return GeneratorProcess.start(name, settings.bench(), recording(name), logs(), progress::generator);
    }

    /** With {@code --jfr DIR}, every process records a CPU profile into DIR/scenario-name.jfr. */
    private List<String> recording(String name) throws IOException {
        if (settings.jfr() == null) {
            return List.of();
        }
        Files.createDirectories(settings.jfr());
        return List.of("-XX:StartFlightRecording=filename=" + settings.jfr().resolve(scenario + "-" + name + ".jfr")
                + ",settings=profile,jdk.ExecutionSample#period=1ms,dumponexit=true");
    }

    public Layout layout(int streams) {
        return layout(streams, 1);
    }

    /** As {@link #layout(int)} for clients that hold {@code socketsPerClient} sockets each (a fallback's two). */
    public Layout layout(int streams, int socketsPerClient) {
        return Layout.of(streams, settings.descriptorLimit() / socketsPerClient);
    }

    public LoadSpec spec(LoadSpec.Route route, int port, Layout layout, List<StreamKind> kinds, StreamSpec stream,
                         double publishRate, int publishSize) {
        return new LoadSpec(route, Transport.WEBSOCKET, "127.0.0.1", port, layout.connections(), layout.streams(), kinds, stream,
                publishRate, publishSize, settings.profile().maxOpening(), CONNECTIONS_PER_SOURCE_ADDRESS);
    }

    /**
     * Opens {@code spec}, runs the warm-up, then measures for {@code seconds}, sampling the CPU and
     * memory of {@code watched} processes (by name) around the window.
     */
    /**
     * Both routes of a scenario that needs nothing else: one backend; through Sluice (a node and a
     * generator); then a fresh generator straight to the backend. The same streams and load each time.
     */
    public Routes proxiedThenDirect(String id, Layout layout, List<StreamKind> kinds, StreamSpec stream, double publishRate,
                                    int publishSize, double seconds) throws IOException, InterruptedException {
        try (BackendProcess backend = backend()) {
            Measured proxied;
            try (NodeProcess node = node("node", backend.port(), null);
                 GeneratorProcess generator = generator("generator-proxied")) {
                progress.watch("node", node.pid());
                proxied = openAndMeasure(id + " proxied", generator,
                        spec(LoadSpec.Route.PROXIED, node.port(), layout, kinds, stream, publishRate, publishSize),
                        seconds, Map.of("node", node.pid()));
            }
            try (GeneratorProcess generator = generator("generator-direct")) {
                progress.watch("generator", generator.pid());
                Measured direct = openAndMeasure(id + " direct", generator,
                        spec(LoadSpec.Route.DIRECT, backend.port(), layout, kinds, stream, publishRate, publishSize),
                        seconds, Map.of("generator", generator.pid()));
                return new Routes(proxied, direct);
            }
        }
    }

    public record Routes(Measured proxied, Measured direct) {
    }

    public Measured openAndMeasure(String label, GeneratorProcess generator, LoadSpec spec, double seconds,
                                   Map<String, Long> watched) throws IOException, InterruptedException {
        return openAndMeasure(label, generator, spec, seconds, watched, () -> { });
    }

    /** As above, running {@code afterOpen} (starting a publisher, say) between opening and the warm-up. */
    public Measured openAndMeasure(String label, GeneratorProcess generator, LoadSpec spec, double seconds,
                                   Map<String, Long> watched, AfterOpen afterOpen) throws IOException, InterruptedException {
        progress.phase(label + ": opening " + String.format("%,d", spec.streams()) + " streams");
        OpenResult open = generator.open(spec);
        afterOpen.run();
        progress.phase(label + ": warm-up");
        generator.measure(profile().warmupSeconds());
        Map<String, ProcStats> before = sample(watched);
        LoadAverage loadBefore = LoadAverage.now();
        progress.phase(label + ": measuring");
        Window window = generator.measure(seconds);
        Map<String, ProcStats> used = new LinkedHashMap<>();
        sample(watched).forEach((name, after) -> used.put(name, after.minus(before.get(name))));
        Map<String, ProcStats> end = sample(watched);
        return new Measured(open, window, used, end, loadBefore, LoadAverage.now());
    }

    /** A step between opening and measuring. */
    @FunctionalInterface
    public interface AfterOpen {
        void run() throws IOException, InterruptedException;
    }

    static Map<String, ProcStats> sample(Map<String, Long> pids) {
        Map<String, ProcStats> stats = new LinkedHashMap<>();
        pids.forEach((name, pid) -> stats.put(name, ProcStats.of(pid)));
        return stats;
    }

    /**
     * One route's measurement.
     *
     * @param used        CPU seconds (and RSS change) of each watched process during the window
     * @param end         CPU and RSS of each watched process when the window closed
     * @param loadBefore  the machine's load average as the window opened (other work skews a route)
     */
    public record Measured(OpenResult open, Window window, Map<String, ProcStats> used, Map<String, ProcStats> end,
                           LoadAverage loadBefore, LoadAverage loadAfter) {

        public double cpuSeconds() {
            return used.values().stream().mapToDouble(ProcStats::cpuSeconds).sum();
        }

        public long errors() {
            return open.snapshot().errors() + window.errors();
        }
    }
}
