package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Ticket;

/** What the ticket source emits: a valid ticket, or the dead letter of a record that was not one. */
public record TicketOrError(Ticket ticket, DeadLetter deadLetter) implements ParseResult<Ticket> {
    @Override
    public Ticket value() {
        return ticket;
    }

    public static TicketOrError of(Ticket ticket) {
        return new TicketOrError(ticket, null);
    }

    public static TicketOrError error(DeadLetter deadLetter) {
        return new TicketOrError(null, deadLetter);
    }
}
