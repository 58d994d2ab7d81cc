package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/** Adds the team (from the configured routing), the priority level and the processing time. */
public class EnrichTickets implements MapFunction<Ticket, EnrichedTicket> {
    private static final long serialVersionUID = 1L;
    private final PipelineConfig.Routing routing;

    public EnrichTickets(PipelineConfig.Routing routing) {
        this.routing = routing;
    }

    @Override
    public EnrichedTicket map(Ticket t) {
        return new EnrichedTicket(t.ticketId(), t.clientId(), t.createdAt(), t.type(), t.priority(), t.subject(),
                t.description(), t.channel(), routing.teamFor(t.type()), Tickets.PRIORITY_LEVELS.get(t.priority()),
                List.of(), System.currentTimeMillis());
    }
}
