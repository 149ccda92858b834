package io.sluice.bench.generator;

/** A set of clients of one route, opened once and closed at the end. */
public interface Load extends AutoCloseable {

    /** Opens every connection and stream, at most {@link LoadSpec#maxOpening()} at a time; returns when all settled. */
    OpenResult open() throws InterruptedException;

    /** Open streams whose last message arrived before {@code nanos} (a {@link System#nanoTime()} value). */
    int silentStreamsSince(long nanos);

    @Override
    void close();
}
