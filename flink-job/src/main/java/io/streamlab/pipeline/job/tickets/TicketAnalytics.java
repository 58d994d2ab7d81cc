package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.deadletters.KeyedJsonSerializer;
import io.streamlab.pipeline.job.windows.LateAtWindows;
import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.job.windows.OnTimeGate;
import io.streamlab.pipeline.job.windows.ParseResult;
import io.streamlab.pipeline.job.windows.PreAggregatedWindows;
import io.streamlab.pipeline.job.windows.WindowRow;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The support side of the job. Valid tickets are enriched (team, priority level, keywords), written to
 * {@code tickets_enriched}, routed to their team's topic through one side output per configured team,
 * and counted per event-time window in {@code stats_by_type}, {@code stats_by_team} and
 * {@code word_frequency}. Returns its dead letters (invalid, late and too large tickets) for the
 * shared output.
 *
 * <p>A late ticket (its window was emitted) is dead-lettered once, for the statistics it missed, and
 * still written to {@code tickets_enriched} and routed to its team: routing is not windowed, and a
 * customer's request must reach a team however late it was read.
 */
public final class TicketAnalytics {
    /** Valid tickets on time for their window: the ones the windows count. */
    public static final OutputTag<SourcedEnrichedTicket> ON_TIME_TICKETS =
            new OutputTag<>("on-time-tickets", TypeInformation.of(SourcedEnrichedTicket.class));

    /**
     * Where the ticket outputs go. {@code teamTopics} holds one sink per configured team (see
     * {@link #teamSinks}); a team without a sink stops the job at build time.
     */
    public record Sinks(
            Sink<EnrichedTicket> enriched,
            Map<String, Sink<EnrichedTicket>> teamTopics,
            Sink<TypeStats> statsByType,
            Sink<TeamStats> statsByTeam,
            Sink<WordCount> wordFrequency) {}

    private TicketAnalytics() {}

    /** One sink per configured team, in the configured order: {@code factory(team, topic)}. */
    public static Map<String, Sink<EnrichedTicket>> teamSinks(
            PipelineConfig.Routing routing, BiFunction<String, String, Sink<EnrichedTicket>> factory) {
        Map<String, Sink<EnrichedTicket>> sinks = new LinkedHashMap<>();
        routing.teamTopics().forEach((team, topic) -> sinks.put(team, factory.apply(team, topic)));
        return sinks;
    }

    /** Team topic records: key {@code ticket_id}, value the enriched ticket as JSON. */
    public static KafkaRecordSerializationSchema<EnrichedTicket> teamSerializer(String topic) {
        return new KeyedJsonSerializer<>(topic, EnrichedTicket::ticketId);
    }

    public static DataStream<DeadLetter> build(
            StreamExecutionEnvironment env, PipelineConfig config, Source<TicketOrError, ?, ?> source, Sinks sinks) {
        PipelineConfig.Routing routing = config.routing();
        PipelineConfig.EventTime eventTime = config.eventTime();
        for (String team : routing.teams()) {
            if (sinks.teamTopics() == null || sinks.teamTopics().get(team) == null) {
                throw new IllegalArgumentException("No sink for team '" + team + "': TicketAnalytics.Sinks.teamTopics "
                        + "needs one per configured team " + routing.teams());
            }
        }
        String topic = config.topics().tickets();
        int maxRecordBytes = config.limits().maxSinkRecordBytes();
        Tokenizer tokenizer = Tokenizer.of(config.tickets());

        // One chain from the source to the team topics and tickets_enriched: the gate passes every valid
        // ticket, late or not, to routing, and copies the on-time ones to ON_TIME_TICKETS for the windows.
        // (With late tickets on a path of their own, routing needed a union of two inputs, which Flink
        // cannot chain: every ticket was serialised to a task of its own and read back.)
        SingleOutputStreamOperator<SourcedEnrichedTicket> valid = env.fromSource(
                        source, ParseResult.<Ticket, TicketOrError>watermarks(eventTime), "Tickets from Kafka")
                .uid("tickets-source")
                .map(new EnrichTickets(routing, tokenizer, topic, maxRecordBytes))
                .name("Enrich tickets (team, priority level, keywords)")
                .uid("tickets-enrich")
                .transform(
                        "Validate tickets (invalid, too large and late to dead letters)",
                        TypeInformation.of(SourcedEnrichedTicket.class),
                        new OnTimeGate<EnrichedTicketOrError, SourcedEnrichedTicket>(
                                topic,
                                eventTime.ticketsWindow().toMillis(),
                                PipelineMetrics.Input.TICKETS,
                                ON_TIME_TICKETS))
                .uid("tickets-validate");

        SingleOutputStreamOperator<EnrichedTicket> routed = valid.process(new RouteTickets(routing.teams()))
                .name("Route tickets to teams")
                .uid("tickets-route");

        routed.sinkTo(sinks.enriched()).name(Dataset.TICKETS_ENRICHED.folder()).uid("sink-tickets-enriched");
        routing.teamTopics()
                .forEach((team, teamTopic) -> routed.getSideOutput(RouteTickets.tag(team))
                        .sinkTo(sinks.teamTopics().get(team))
                        .name("Team " + team + " to " + teamTopic)
                        .uid("sink-team-" + team));

        DataStream<EnrichedTicket> enriched = valid.getSideOutput(ON_TIME_TICKETS)
                .map(SourcedEnrichedTicket::enriched)
                .returns(TypeInformation.of(EnrichedTicket.class))
                .name("On-time tickets to the windows")
                .uid("tickets-on-time");
        LateAtWindows late =
                new LateAtWindows(topic, eventTime.ticketsWindow().toMillis(), PipelineMetrics.Input.TICKETS);
        statsByType(enriched, eventTime, late)
                .sinkTo(sinks.statsByType())
                .name(Dataset.STATS_BY_TYPE.folder())
                .uid("sink-stats-by-type");
        statsByTeam(enriched, eventTime, late)
                .sinkTo(sinks.statsByTeam())
                .name(Dataset.STATS_BY_TEAM.folder())
                .uid("sink-stats-by-team");
        wordFrequency(enriched, eventTime, late)
                .sinkTo(sinks.wordFrequency())
                .name(Dataset.WORD_FREQUENCY.folder())
                .uid("sink-word-frequency");

        return late.unionWith(valid.getSideOutput(DeadLetters.TAG));
    }

    /** {@code stats_by_type}: per normalised type and window, from on-time tickets. */
    public static SingleOutputStreamOperator<TypeStats> statsByType(
            DataStream<EnrichedTicket> tickets, PipelineConfig.EventTime eventTime, LateAtWindows late) {
        return MergingAggregate.of(TypeAccumulator.class, TypeAccumulator::new)
                .preAggregatedRows(
                        tickets,
                        t -> PipelineConfig.Routing.normaliseType(t.type()),
                        eventTime.ticketsWindow(),
                        new WindowRow<TypeAccumulator, TypeStats>(
                                "statsByTypeEmitted",
                                TypeStats.class,
                                eventTime.guardRetention(),
                                (start, end, type, a) -> new TypeStats(
                                        start,
                                        end,
                                        type,
                                        a.priorities.count,
                                        a.priorities.low,
                                        a.priorities.medium,
                                        a.priorities.high,
                                        a.priorities.critical,
                                        a.distinctClients())),
                        "ticket stats per type",
                        "tickets-stats-by-type",
                        late)
                .name("Ticket stats per type and window")
                .uid("tickets-stats-by-type");
    }

    /** {@code stats_by_team}: per team and window. */
    public static SingleOutputStreamOperator<TeamStats> statsByTeam(
            DataStream<EnrichedTicket> enriched, PipelineConfig.EventTime eventTime, LateAtWindows late) {
        DataStream<TeamPriority> teamPriorities = enriched.map(t -> new TeamPriority(t.team(), t.priority()))
                .name("Team and priority of tickets")
                .uid("tickets-team-priority");
        return MergingAggregate.of(PriorityCounts.class, PriorityCounts::new)
                .preAggregatedRows(
                        teamPriorities,
                        TeamPriority::team,
                        eventTime.ticketsWindow(),
                        new WindowRow<PriorityCounts, TeamStats>(
                                "statsByTeamEmitted",
                                TeamStats.class,
                                eventTime.guardRetention(),
                                (start, end, team, p) ->
                                        new TeamStats(start, end, team, p.count, p.low, p.medium, p.high, p.critical)),
                        "ticket stats per team",
                        "tickets-stats-by-team",
                        late)
                .name("Ticket stats per team and window")
                .uid("tickets-stats-by-team");
    }

    /** {@code word_frequency}: per keyword and window, the number of tickets that have it. */
    public static SingleOutputStreamOperator<WordCount> wordFrequency(
            DataStream<EnrichedTicket> enriched, PipelineConfig.EventTime eventTime, LateAtWindows late) {
        DataStream<String> keywords = enriched.flatMap(new TicketKeywords())
                .name("Keywords of tickets")
                .uid("tickets-keywords");
        return PreAggregatedWindows.rows(
                        keywords,
                        word -> word,
                        eventTime.ticketsWindow(),
                        new TicketAggregates.Count(),
                        Types.LONG,
                        Types.LONG,
                        new WindowRow<>(
                                "wordFrequencyEmitted", WordCount.class, eventTime.guardRetention(), WordCount::new),
                        "keywords",
                        "tickets-word-frequency",
                        late)
                .name("Word frequency per window")
                .uid("tickets-word-frequency");
    }
}
