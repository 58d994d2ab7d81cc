package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * "Route tickets to teams": every valid ticket, late or not, goes on the main output (for
 * {@code tickets_enriched}) and to the side output of its team ({@link #tag}), one per configured team,
 * each read by that team's Kafka sink. Counted per team in {@code ticketsRouted}, in the metric group
 * {@code team=<name>}.
 */
public class RouteTickets extends ProcessFunction<SourcedEnrichedTicket, EnrichedTicket> {
    private static final long serialVersionUID = 1L;
    public static final String METRIC_GROUP = "team";

    private final ArrayList<String> teams;
    private transient Map<String, Route> routes;

    public RouteTickets(List<String> teams) {
        if (teams.isEmpty()) {
            throw new IllegalArgumentException("At least one team is needed to route tickets");
        }
        this.teams = new ArrayList<>(teams);
    }

    /** The side output of a team's tickets. Tags with the same team are equal. */
    public static OutputTag<EnrichedTicket> tag(String team) {
        return new OutputTag<>("team-" + team, TypeInformation.of(EnrichedTicket.class));
    }

    @Override
    public void open(OpenContext openContext) {
        routes = new HashMap<>();
        for (String team : teams) {
            routes.put(
                    team,
                    new Route(
                            tag(team),
                            getRuntimeContext()
                                    .getMetricGroup()
                                    .addGroup(METRIC_GROUP, team)
                                    .counter(PipelineMetrics.TICKETS_ROUTED)));
        }
    }

    @Override
    public void processElement(SourcedEnrichedTicket read, Context ctx, Collector<EnrichedTicket> out) {
        EnrichedTicket ticket = read.enriched();
        Route route = routes.get(ticket.team());
        if (route == null) {
            // EnrichTickets only assigns configured teams (the configuration is validated at start-up)
            throw new IllegalStateException("Ticket " + ticket.ticketId() + " was assigned team '" + ticket.team()
                    + "', which is not one of the configured teams " + teams);
        }
        out.collect(ticket);
        ctx.output(route.tag, ticket);
        route.routed.inc();
    }

    private record Route(OutputTag<EnrichedTicket> tag, Counter routed) {}
}
