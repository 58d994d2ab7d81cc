package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Reasons;
import io.streamlab.pipeline.records.RejectCategory;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Adds the team (from the configured routing: case, whitespace and separators of the type do not
 * matter, unknown types go to the default team), the priority level, the keywords of subject and
 * description, and the processing time. Dead letters of the source pass through, for "Validate
 * tickets" to count and send on.
 *
 * <p>An enriched ticket too large for the team topics' Kafka sink ({@code sink.max-record-bytes})
 * becomes a dead letter ({@code output-too-large}, with its size) here, where the ticket still knows
 * where it was read: sent to the sink it would fail the job at every restart.
 */
public class EnrichTickets implements MapFunction<TicketOrError, EnrichedTicketOrError> {
    private static final long serialVersionUID = 1L;
    /** Kafka's per-record overhead (headers, lengths, attributes) is far below this. */
    static final int RECORD_OVERHEAD_BYTES = 256;
    /**
     * The JSON of an enriched ticket without its texts: field names, braces, commas, the two numbers and
     * {@code null}s, about 230 bytes at most.
     */
    static final int FIXED_JSON_BYTES = 512;

    private final PipelineConfig.Routing routing;
    private final Tokenizer tokenizer;
    private final String topic;
    private final int maxRecordBytes;

    public EnrichTickets(PipelineConfig.Routing routing, Tokenizer tokenizer, String topic, int maxRecordBytes) {
        this.routing = routing;
        this.tokenizer = tokenizer;
        this.topic = topic;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public EnrichedTicketOrError map(TicketOrError read) {
        Ticket ticket = read.ticket();
        if (ticket == null) {
            return EnrichedTicketOrError.error(read.deadLetter());
        }
        EnrichedTicket enriched;
        long size;
        try {
            enriched = enrich(ticket, routing, tokenizer, System.currentTimeMillis());
            size = recordSize(enriched, maxRecordBytes);
        } catch (RuntimeException e) {
            // a ticket the parser let through that enrichment did not foresee: a bug to report, and thrown
            // here it would fail the job again at every restart on the same ticket
            return EnrichedTicketOrError.error(DeadLetter.of(
                    topic,
                    ticket.sourcePartition(),
                    ticket.sourceOffset(),
                    RejectCategory.UNEXPECTED_PARSE_ERROR,
                    "unexpected enrichment error: " + e.getClass().getSimpleName() + ": "
                            + Reasons.shorten(String.valueOf(e.getMessage())),
                    DeadLetters.json(ticket),
                    System.currentTimeMillis()));
        }
        if (size > maxRecordBytes) {
            return EnrichedTicketOrError.error(DeadLetter.of(
                    topic,
                    ticket.sourcePartition(),
                    ticket.sourceOffset(),
                    RejectCategory.OUTPUT_TOO_LARGE,
                    "output too large: the enriched ticket is " + size + " bytes, above sink.max-record-bytes ("
                            + maxRecordBytes + ") of the team topics",
                    DeadLetters.json(ticket),
                    System.currentTimeMillis()));
        }
        return EnrichedTicketOrError.of(new SourcedEnrichedTicket(ticket, enriched));
    }

    public static EnrichedTicket enrich(Ticket t, PipelineConfig.Routing routing, Tokenizer tokenizer, long now) {
        return new EnrichedTicket(
                t.ticketId(),
                t.clientId(),
                t.createdAt(),
                t.type(),
                t.priority(),
                t.subject(),
                t.description(),
                t.channel(),
                routing.teamFor(t.type()),
                Tickets.PRIORITY_LEVELS.get(t.priority()),
                tokenizer.keywords(t.subject(), t.description()),
                now);
    }

    /**
     * The size of the ticket's Kafka record (key, JSON value, overhead), exact when it may exceed
     * {@code limit}. Serialising every ticket twice would cost a tenth of the job's time, so an upper
     * bound comes first: no character takes more than 3 bytes of UTF-8 in the key, or 6 bytes of JSON
     * ({@code \\u0001}) in the value. The ticket id is in both: until 2026-12-02 the bound counted it
     * only as the key, so an id of control characters at a raised {@code limits.id.max-chars} passed the
     * check and then failed the team sink at every restart.
     */
    static long recordSize(EnrichedTicket t, int limit) {
        long bound =
                RECORD_OVERHEAD_BYTES + FIXED_JSON_BYTES + 3L * t.ticketId().length();
        for (String text : new String[] {
            t.ticketId(),
            t.clientId(),
            t.createdAt(),
            t.type(),
            t.priority(),
            t.subject(),
            t.description(),
            t.channel(),
            t.team()
        }) {
            bound += text == null ? 0 : 6L * text.length() + 3;
        }
        for (String keyword : t.keywords()) {
            bound += 6L * keyword.length() + 3;
        }
        if (bound <= limit) {
            return bound;
        }
        return RECORD_OVERHEAD_BYTES
                + t.ticketId().getBytes(StandardCharsets.UTF_8).length
                + (long) Json.write(t).length;
    }
}
