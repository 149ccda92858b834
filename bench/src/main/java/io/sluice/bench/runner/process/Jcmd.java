package io.sluice.bench.runner.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Diagnostic commands to a JVM the runner started ({@code jcmd PID ...}). */
public final class Jcmd {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** A full GC, so that memory readings compare live data rather than garbage. */
    public static void gc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
    }

    /** The heap in use (live data after {@link #gc}), in KB; -1 when the JVM does not say. */
    public static long heapUsedKb(long pid) throws IOException, InterruptedException {
        Matcher used = HEAP_USED.matcher(run(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }
}
