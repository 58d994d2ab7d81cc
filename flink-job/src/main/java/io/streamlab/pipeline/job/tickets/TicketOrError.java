package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.RecordDeserializer;
import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;

/** What the ticket source emits: a valid ticket, or the dead letter of a record that was not one. */
public record TicketOrError(Ticket ticket, DeadLetter deadLetter, long sourceTimestamp) implements ParseResult<Ticket> {
    @Override
    public Ticket value() {
        return ticket;
    }

    public static TicketOrError of(Ticket ticket) {
        return new TicketOrError(ticket, null, Long.MAX_VALUE);
    }

    /** {@code sourceTimestamp}: when Kafka took the record ({@link ParseResult#sourceTimestamp}). */
    public static TicketOrError of(Ticket ticket, long sourceTimestamp) {
        return new TicketOrError(ticket, null, sourceTimestamp);
    }

    public static TicketOrError error(DeadLetter deadLetter) {
        return new TicketOrError(null, deadLetter, Long.MAX_VALUE);
    }

    /** {@code client_tickets} values to tickets that know where they were read, or dead letters. */
    public static RecordDeserializer<Ticket, TicketOrError> deserializer(PipelineConfig.Limits limits) {
        return new RecordDeserializer<>(
                limits,
                Tickets::parse,
                (t, partition, offset, sourceTimestamp, logAppendTime) -> of(
                        t.withSource(partition, offset),
                        ParseResult.writtenAtMost(sourceTimestamp, logAppendTime, t.eventTimeMillis(), limits)),
                TicketOrError::error,
                TicketOrError.class);
    }
}
