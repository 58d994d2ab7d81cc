package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.producer.publish.RowToRecord;
import io.streamlab.pipeline.producer.publish.SortedRecords;
import io.streamlab.pipeline.producer.publish.SourcePosition;
import io.streamlab.pipeline.records.InvalidRecordException;
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
 *
 * <p>A position in this order is a ticket's {@code created_at} and row ({@link SourcePosition}). Invalid
 * rows take their place in it too, and are reported when the replay reaches them, as in file order: a
 * resumed replay neither reports nor counts again those before its position. A row refused as the job
 * would refuse it has a {@code created_at} to be placed by; a row that could not be read as a ticket has
 * none at hand, and comes before every ticket (its row number keeps the file's order among them).
 */
public final class EventTimeReplay implements RecordSource {
    public static final Duration MAX_GAP = Duration.ofSeconds(30);
    public static final long SORT_MEMORY_BYTES = 64L << 20;

    /** Where an invalid row without a {@code created_at} is placed: before every ticket. */
    static final long BEFORE_EVERY_TICKET = Long.MIN_VALUE;

    private final SortedRecords sorted;
    private final Rejects rejects;
    private final double speed;
    private final StopSignal stop;
    private SortedRecords.Timed upcoming;
    private long taken; // entries of the sort (records and invalid rows), for the progress
    private long published;
    private long previousTime;
    private long startNanos;
    private long dueOffsetNanos;

    private EventTimeReplay(SortedRecords sorted, Rejects rejects, double speed, StopSignal stop) {
        this.sorted = sorted;
        this.rejects = rejects;
        this.speed = speed;
        this.stop = stop;
    }

    /**
     * Reads every row of {@code reader} and closes it; the invalid ones go to {@code rejects} when the replay
     * reaches their place.
     *
     * @throws InterruptedException when {@code stop} is requested while the file is read and sorted (the
     *                              sort's files are deleted first)
     */
    public static EventTimeReplay of(
            RowReader<Ticket> reader, Rejects rejects, RowToRecord<Ticket> toRecord, double speed, StopSignal stop)
            throws IOException, InterruptedException {
        return of(
                reader,
                rejects,
                toRecord,
                speed,
                stop,
                SORT_MEMORY_BYTES,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    static EventTimeReplay of(
            RowReader<Ticket> reader,
            Rejects rejects,
            RowToRecord<Ticket> toRecord,
            double speed,
            StopSignal stop,
            long sortMemory,
            Path tempDir)
            throws IOException, InterruptedException {
        SortedRecords sorted = new SortedRecords(sortMemory, tempDir);
        try (reader) {
            long rows = 0;
            for (Row<Ticket> row = reader.next(); row != null; row = reader.next()) {
                if ((++rows & 1023) == 0 && stop.requested()) {
                    throw new InterruptedException("stopped while reading the file to sort it; nothing was published");
                }
                if (row instanceof Row.Valid<Ticket> valid) {
                    long time = valid.value().eventTimeMillis();
                    SourcePosition position = new SourcePosition(time, rows);
                    try {
                        sorted.add(time, toRecord.apply(valid.value()).at(position));
                    } catch (InvalidRecordException e) {
                        sorted.addInvalid(time, row.line(), e.getMessage(), position);
                    }
                } else {
                    sorted.addInvalid(
                            BEFORE_EVERY_TICKET,
                            row.line(),
                            ((Row.Invalid<Ticket>) row).reason(),
                            new SourcePosition(BEFORE_EVERY_TICKET, rows));
                }
            }
            sorted.finish();
        } catch (IOException | RuntimeException | InterruptedException e) {
            sorted.close();
            throw e;
        }
        return new EventTimeReplay(sorted, rejects, speed, stop);
    }

    /** The next entry of the sort, left there to be taken (null after the last). */
    private SortedRecords.Timed peek() throws IOException {
        if (upcoming == null) {
            upcoming = sorted.next();
        }
        return upcoming;
    }

    private SortedRecords.Timed take() throws IOException {
        SortedRecords.Timed t = peek();
        upcoming = null;
        if (t != null) {
            taken++;
        }
        return t;
    }

    /**
     * The next record, left there to be taken (null after the last). The invalid rows before it are reported
     * on the way: everything before them was read, so the replay has reached their place.
     */
    private SortedRecords.Timed peekRecord() throws IOException {
        for (SortedRecords.Timed t = peek(); t != null; t = peek()) {
            if (t.record() != null) {
                return t;
            }
            take();
            rejects.reject(t.invalidRow().line(), t.invalidRow().reason());
        }
        return null;
    }

    /**
     * Without waiting: the pacing starts at the first record published after the skipped ones. Invalid rows
     * on the way are not reported: they come before records that an earlier run published.
     */
    @Override
    public OutgoingRecord skipNext() throws IOException {
        for (SortedRecords.Timed t = take(); t != null; t = take()) {
            if (t.record() != null) {
                return t.record();
            }
        }
        return null;
    }

    @Override
    public boolean hasPositions() {
        return true;
    }

    /** Without waiting, as {@link #skipNext()}; the invalid rows up to the position are not reported again. */
    @Override
    public boolean skipThrough(SourcePosition position, StopSignal stop) throws IOException {
        for (long n = 0; ; n++) {
            if ((n & 1023) == 0 && stop.requested()) {
                return false;
            }
            SortedRecords.Timed next = peek();
            if (next == null || next.position().compareTo(position) > 0) {
                return true;
            }
            take();
        }
    }

    @Override
    public boolean paced() {
        return speed > 0;
    }

    /** How long until the next ticket is due: the publisher commits what it holds rather than wait with it. */
    @Override
    public long nanosUntilNextDue() throws IOException {
        if (speed <= 0 || published == 0) {
            return 0;
        }
        SortedRecords.Timed next = peekRecord();
        if (next == null) {
            return 0;
        }
        return startNanos + dueOffsetNanos + gapNanos(next.time()) - System.nanoTime();
    }

    private long gapNanos(long time) {
        return Math.min((long) ((time - previousTime) * 1e6 / speed), MAX_GAP.toNanos());
    }

    @Override
    public OutgoingRecord next() throws IOException {
        SortedRecords.Timed ticket = peekRecord();
        if (ticket == null) {
            return null;
        }
        take();
        if (speed > 0) {
            if (published == 0) {
                startNanos = System.nanoTime();
            } else {
                dueOffsetNanos += gapNanos(ticket.time());
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
        return sorted.size() == 0 ? 1.0 : (double) taken / sorted.size();
    }

    /** Deletes the sort's run files. */
    @Override
    public void close() throws IOException {
        sorted.close();
    }
}
