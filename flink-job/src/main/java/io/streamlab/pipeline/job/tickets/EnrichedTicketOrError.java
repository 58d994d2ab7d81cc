package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.records.DeadLetter;

/**
 * What "Enrich tickets" passes on: an enriched ticket, or the dead letter of a record that was not a
 * valid ticket or whose enriched form is too large for the team topics.
 */
public record EnrichedTicketOrError(SourcedEnrichedTicket value, DeadLetter deadLetter)
        implements ParseResult<SourcedEnrichedTicket> {
    public static EnrichedTicketOrError of(SourcedEnrichedTicket value) {
        return new EnrichedTicketOrError(value, null);
    }

    public static EnrichedTicketOrError error(DeadLetter deadLetter) {
        return new EnrichedTicketOrError(null, deadLetter);
    }
}
