package io.sluice.demo.streams;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One log line when a stream opens and one when it closes (with how long it lived and what it sent),
 * so the demo shows streams coming and going as the page subscribes. Also the list of open streams.
 */
public final class StreamLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();

    public StreamLog(PrintStream out) {
        this.out = out;
    }

    /** Logs the opening of a {@code kind} stream ("ticker", "connect-bidi", ...) described by {@code detail}. */
    public OpenStream open(String kind, String detail) {
        OpenStream stream = new OpenStream(kind, detail);
        open.add(stream);
        line("open  " + kind + " " + detail);
        return stream;
    }

    public List<OpenStream> openStreams() {
        return List.copyOf(open);
    }

    private void line(String text) {
        out.println(LocalTime.now().format(TIME) + " " + text);
    }

    /** A stream between its open and close lines; counts what it sent and what flow control made it skip. */
    public final class OpenStream {
        private final String kind;
        private final String detail;
        private final long startedNanos = System.nanoTime();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong skipped = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        private OpenStream(String kind, String detail) {
            this.kind = kind;
            this.detail = detail;
        }

        public String kind() {
            return kind;
        }

        public String detail() {
            return detail;
        }

        public void countSent() {
            sent.incrementAndGet();
        }

        /** A tick whose messages were not produced because the node was not ready to take them. */
        public void countSkipped() {
            skipped.incrementAndGet();
        }

        public long sent() {
            return sent.get();
        }

        public long skipped() {
            return skipped.get();
        }

        /** Logs the close line once, whoever notices the end first (cancel handler, completion, error). */
        public void close(String why) {
            if (closed.compareAndSet(false, true)) {
                open.remove(this);
                double seconds = (System.nanoTime() - startedNanos) / 1e9;
                line(String.format("close %s %s after %.1fs, sent %d, skipped %d: %s",
                        kind, detail, seconds, sent.get(), skipped.get(), why));
            }
        }
    }
}
