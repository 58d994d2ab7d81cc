package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Adds the team (from the configured routing: case, whitespace and separators of the type do not
 * matter, unknown types go to the default team), the priority level, the keywords of subject and
 * description, and the processing time.
 */
public class EnrichTickets implements MapFunction<Ticket, EnrichedTicket> {
    private static final long serialVersionUID = 1L;
    private final PipelineConfig.Routing routing;
    private final Tokenizer tokenizer;

    public EnrichTickets(PipelineConfig.Routing routing, Tokenizer tokenizer) {
        this.routing = routing;
        this.tokenizer = tokenizer;
    }

    @Override
    public EnrichedTicket map(Ticket t) {
        return enrich(t, routing, tokenizer, System.currentTimeMillis());
    }

    public static EnrichedTicket enrich(Ticket t, PipelineConfig.Routing routing, Tokenizer tokenizer, long now) {
        return new EnrichedTicket(t.ticketId(), t.clientId(), t.createdAt(), t.type(), t.priority(), t.subject(),
                t.description(), t.channel(), routing.teamFor(t.type()), Tickets.PRIORITY_LEVELS.get(t.priority()),
                tokenizer.keywords(t.subject(), t.description()), now);
    }
}
