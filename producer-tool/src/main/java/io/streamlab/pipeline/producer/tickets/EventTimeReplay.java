package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.producer.publish.SortedRecords;
import io.streamlab.pipeline.records.Ticket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A help-desk export replayed as a stream: its tickets in {@code created_at} order (a stable sort, so
 * tickets of the same instant keep the file's order), optionally paced by event time, {@code speed}
 * seconds of history per second ({@code --speed 60}: a minute of history a second). A streaming job then
 * sees the history as it happened, with no record late. Gaps in the history longer than
 * {@link #MAX_GAP} at that speed are shortened to it, so a quiet weekend does not stall a demo (and an
 * open Kafka transaction never waits long).
 *
 * <p>The sort holds at most {@link #SORT_MEMORY_BYTES} of tickets; a larger file is sorted in runs on disk
 * ({@link SortedRecords}), so an export of any size replays in bounded memory.
 */
public final class EventTimeReplay implements RecordSource {
    public static final Duration MAX_GAP = Duration.ofSeconds(30);
    public static final long SORT_MEMORY_BYTES = 64L << 20;

    private final SortedRecords sorted;
    private final double speed;
    private final StopSignal stop;
    private long skipped;
    private long published;
    private long previousTime;
    private long startNanos;
    private long dueOffsetNanos;

    private EventTimeReplay(SortedRecords sorted, double speed, StopSignal stop) {
        this.sorted = sorted;
        this.speed = speed;
        this.stop = stop;
    }

    /** Reads every valid row of {@code reader} (invalid ones go to {@code rejects}) and closes it. */
    public static EventTimeReplay of(RowReader<Ticket> reader, Rejects rejects, double speed, StopSignal stop)
            throws IOException {
        return of(reader, rejects, speed, stop, SORT_MEMORY_BYTES, Path.of(System.getProperty("java.io.tmpdir")));
    }

    static EventTimeReplay of(
            RowReader<Ticket> reader, Rejects rejects, double speed, StopSignal stop, long sortMemory, Path tempDir)
            throws IOException {
        SortedRecords sorted = new SortedRecords(sortMemory, tempDir);
        try (reader) {
            for (Row<Ticket> row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof Row.Valid<Ticket> valid) {
                    sorted.add(valid.value().eventTimeMillis(), TicketsCommand.record(valid.value()));
                } else {
                    rejects.reject(row.line(), ((Row.Invalid<Ticket>) row).reason());
                }
            }
            sorted.finish();
        } catch (IOException | RuntimeException e) {
            sorted.close();
            throw e;
        }
        return new EventTimeReplay(sorted, speed, stop);
    }

    /** Without waiting: the pacing starts at the first record published after the skipped ones. */
    @Override
    public OutgoingRecord skipNext() throws IOException {
        SortedRecords.Timed ticket = sorted.next();
        if (ticket == null) {
            return null;
        }
        skipped++;
        return ticket.record();
    }

    @Override
    public boolean paced() {
        return speed > 0;
    }

    @Override
    public OutgoingRecord next() throws IOException {
        SortedRecords.Timed ticket = sorted.next();
        if (ticket == null) {
            return null;
        }
        if (speed > 0) {
            if (published == 0) {
                startNanos = System.nanoTime();
            } else {
                long historyMillis = ticket.time() - previousTime;
                dueOffsetNanos += Math.min((long) (historyMillis * 1e6 / speed), MAX_GAP.toNanos());
            }
            long wait = startNanos + dueOffsetNanos - System.nanoTime();
            if (wait > 0) {
                // a stop ends the wait: the record is still returned, and the publisher stops before the next
                stop.sleep(Duration.ofNanos(wait));
            }
        }
        previousTime = ticket.time();
        published++;
        return ticket.record();
    }

    @Override
    public double progress() {
        return sorted.size() == 0 ? 1.0 : (double) (skipped + published) / sorted.size();
    }

    /** Deletes the sort's run files. */
    @Override
    public void close() throws IOException {
        sorted.close();
    }
}
