package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.StopSignal;
import java.io.IOException;

/**
 * Where published records come from (a CSV file, a generator...). Read one record at a time so a file
 * is streamed, never loaded whole. Invalid input is reported to the {@link Rejects} the source was made
 * with and skipped: {@link #next()} only returns records to publish.
 */
public interface RecordSource extends AutoCloseable {

    /** The next record to publish, or null when the source is exhausted. */
    OutgoingRecord next() throws IOException;

    /**
     * The next record, read only to be skipped (a resumed publish drops what earlier runs committed): a
     * source that paces its records hands it over without waiting.
     */
    default OutgoingRecord skipNext() throws IOException {
        return next();
    }

    /**
     * Reads and drops every record at or before {@code position} (what earlier runs committed), without
     * reporting its rows again, for a source whose records carry a {@link SourcePosition}. False when
     * {@code stop} was requested first.
     */
    default boolean skipThrough(SourcePosition position, StopSignal stop) throws IOException {
        throw new UnsupportedOperationException("the records of this input have no position to resume from");
    }

    /** Whether the records carry a {@link SourcePosition} (the rows of a file do; a generator's do not). */
    default boolean hasPositions() {
        return false;
    }

    /**
     * True when {@link #next()} waits to pace the records itself (a replay at event-time speed): such a
     * source is never read ahead, or its records would reach Kafka in bursts, long after they were due.
     */
    default boolean paced() {
        return false;
    }

    /**
     * For a {@link #paced()} source, how long until its next record is due (0 or less: due now), so that
     * what was sent is committed before the wait rather than held in an open transaction through it.
     */
    default long nanosUntilNextDue() throws IOException {
        return 0;
    }

    /** Share of the input consumed so far, from 0 to 1, for the ETA; NaN when unknown. */
    default double progress() {
        return Double.NaN;
    }

    @Override
    default void close() throws IOException {}
}
