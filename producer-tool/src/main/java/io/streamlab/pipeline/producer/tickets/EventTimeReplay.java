package io.streamlab.pipeline.producer.tickets;

import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.publish.Rejects;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.RowReader;
import io.streamlab.pipeline.records.Ticket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A help-desk export replayed as a stream: its tickets in {@code created_at} order (a stable sort, so
 * tickets of the same instant keep the file's order), optionally paced by event time, {@code speed}
 * seconds of history per second ({@code --speed 60}: a minute of history a second). A streaming job then
 * sees the history as it happened, with no record late. Gaps in the history longer than
 * {@link #MAX_GAP} at that speed are shortened to it, so a quiet weekend does not stall a demo (and an
 * open Kafka transaction never waits long).
 *
 * <p>Ordering needs the whole file in memory: tickets are bounded ({@code limits.*}), so an export of
 * 100,000 tickets takes a few hundred MB at most. Sort a larger file beforehand.
 */
public final class EventTimeReplay implements RecordSource {
    public static final Duration MAX_GAP = Duration.ofSeconds(30);

    private final List<Ticket> tickets;
    private final double speed;
    private final StopSignal stop;
    private int next;
    private long startNanos;
    private long dueOffsetNanos;

    private EventTimeReplay(List<Ticket> tickets, double speed, StopSignal stop) {
        this.tickets = tickets;
        this.speed = speed;
        this.stop = stop;
    }

    /** Reads every valid row of {@code reader} (invalid ones go to {@code rejects}) and closes it. */
    public static EventTimeReplay of(RowReader<Ticket> reader, Rejects rejects, double speed, StopSignal stop)
            throws IOException {
        List<Ticket> tickets = new ArrayList<>();
        try (reader) {
            for (Row<Ticket> row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof Row.Valid<Ticket> valid) {
                    tickets.add(valid.value());
                } else {
                    rejects.reject(row.line(), ((Row.Invalid<Ticket>) row).reason());
                }
            }
        }
        tickets.sort(Comparator.comparingLong(Ticket::eventTimeMillis));
        return new EventTimeReplay(tickets, speed, stop);
    }

    @Override
    public OutgoingRecord next() {
        if (next >= tickets.size()) {
            return null;
        }
        Ticket ticket = tickets.get(next);
        if (speed > 0) {
            if (next == 0) {
                startNanos = System.nanoTime();
            } else {
                long historyMillis =
                        ticket.eventTimeMillis() - tickets.get(next - 1).eventTimeMillis();
                dueOffsetNanos += Math.min((long) (historyMillis * 1e6 / speed), MAX_GAP.toNanos());
            }
            long wait = startNanos + dueOffsetNanos - System.nanoTime();
            if (wait > 0) {
                // a stop ends the wait: the record is still returned, and the publisher stops before the next
                stop.sleep(Duration.ofNanos(wait));
            }
        }
        next++;
        return TicketsCommand.record(ticket);
    }

    @Override
    public double progress() {
        return tickets.isEmpty() ? 1.0 : (double) next / tickets.size();
    }

    /** The tickets, in the order they are published. */
    List<Ticket> tickets() {
        return tickets;
    }
}
