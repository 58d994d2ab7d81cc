package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.SourcedRecord;
import io.streamlab.pipeline.records.Ticket;

/**
 * A valid ticket as read, with its enrichment: what "Validate tickets" decides on (the ticket knows its
 * event time and where it was read, for a late dead letter) before it is routed and counted.
 */
public record SourcedEnrichedTicket(Ticket ticket, EnrichedTicket enriched) implements SourcedRecord {
    @Override
    public int sourcePartition() {
        return ticket.sourcePartition();
    }

    @Override
    public long sourceOffset() {
        return ticket.sourceOffset();
    }

    @Override
    public long eventTimeMillis() {
        return ticket.eventTimeMillis();
    }

    /** A late ticket's dead letter holds the ticket as read, as every other ticket dead letter does. */
    @Override
    public Object deadLetterPayload() {
        return ticket;
    }
}
