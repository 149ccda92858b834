package io.sluice.bench.runner;

import io.sluice.bench.generator.GeneratorLine;
import io.sluice.bench.generator.Snapshot;
import io.sluice.bench.runner.process.ProcStats;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The runner's live status: one line rewritten in place on a terminal (a plain line every few
 * seconds otherwise) with the phase, what the generator sees and the watched process's CPU and memory.
 */
public final class ProgressLine {

    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String phase = "";
    private long watchedPid;
    private String watchedName = "";
    private ProcStats lastStats;
    private long lastStatsNanos;
    private long lastPlainNanos;
    private int lastWidth;

    public ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Starts a phase: ends the previous line and shows {@code text}. */
    public synchronized void phase(String text) {
        endLine();
        phase = text;
        render(phase);
    }

    /** Whose CPU and RSS to show (the node in proxied phases, the generator in direct ones). */
    public synchronized void watch(String name, long pid) {
        watchedName = name;
        watchedPid = pid;
        lastStats = null;
    }

    public synchronized void generator(GeneratorLine line) {
        Snapshot s = line.progress();
        StringBuilder text = new StringBuilder(phase).append(String.format(Locale.ROOT,
                " | conns %,d streams %,d | %,.0f msg/s | errors %,d", s.connections(), s.streams(),
                line.deliveredPerSecond(), s.errors()));
        if (watchedPid != 0) {
            ProcStats now = ProcStats.of(watchedPid);
            long nanos = System.nanoTime();
            if (lastStats != null) {
                double cpu = (now.cpuSeconds() - lastStats.cpuSeconds()) / ((nanos - lastStatsNanos) / 1e9) * 100;
                text.append(String.format(Locale.ROOT, " | %s cpu %.0f%% rss %,d MB", watchedName, cpu, now.rssKb() / 1024));
            }
            lastStats = now;
            lastStatsNanos = nanos;
        }
        render(text.toString());
    }

    /** A line of its own (results, warnings), kept above the live line. */
    public synchronized void note(String text) {
        endLine();
        out.println(text);
        out.flush();
    }

    public synchronized void endLine() {
        if (terminal && lastWidth > 0) {
            out.println();
        }
        lastWidth = 0;
    }

    private void render(String text) {
        if (terminal) {
            String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
            out.print("\r" + padded);
            lastWidth = text.length();
        } else if (System.nanoTime() - lastPlainNanos > PLAIN_EVERY_NANOS || text.equals(phase)) {
            out.println(text);
            lastPlainNanos = System.nanoTime();
        }
        out.flush();
    }
}
