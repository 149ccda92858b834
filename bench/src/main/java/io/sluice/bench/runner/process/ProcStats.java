package io.sluice.bench.runner.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, from {@code /proc/PID/stat} and {@code /proc/PID/status}
 * (all its threads together).
 */
public record ProcStats(double cpuSeconds, long rssKb) {

    /** Kernel clock ticks per second: 100 on every mainstream Linux build (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    public static ProcStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcStats(ticks / TICKS_PER_SECOND, rss);
        } catch (IOException | RuntimeException e) {
            return new ProcStats(0, 0);
        }
    }

    public ProcStats minus(ProcStats earlier) {
        return new ProcStats(cpuSeconds - earlier.cpuSeconds, rssKb - earlier.rssKb);
    }
}
