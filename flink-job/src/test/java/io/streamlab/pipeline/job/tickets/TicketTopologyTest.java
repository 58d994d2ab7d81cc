package io.streamlab.pipeline.job.tickets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.KafkaWiring;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * The ticket topology as built for production: it builds with generic types disabled, every operator
 * has a stable uid, every record and window state type is a POJO serialised without Kryo.
 */
class TicketTopologyTest {

    static PipelineConfig config(String... extra) {
        List<String> args = new ArrayList<>(List.of("--kafka.bootstrap.servers", "localhost:1"));
        args.addAll(List.of(extra));
        return PipelineConfig.load(args, Map.of());
    }

    static StreamGraph ticketGraph(PipelineConfig config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        TicketAnalytics.Sinks sinks = new TicketAnalytics.Sinks(
                new DiscardingSink<>(),
                TicketAnalytics.teamSinks(config.routing(), (team, topic) -> new DiscardingSink<>()),
                new DiscardingSink<>(),
                new DiscardingSink<>(),
                new DiscardingSink<>());
        TicketAnalytics.build(env, config, KafkaWiring.sources(config).tickets(), sinks)
                .sinkTo(new DiscardingSink<DeadLetter>())
                .name("dead letters")
                .uid("test-dead-letters");
        return env.getStreamGraph();
    }

    @Test
    void everyOperatorHasAStableUidAndNoSerializerIsKryo() {
        StreamGraph graph = ticketGraph(config());
        Set<String> uids = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            assertNotNull(uid, "operator without uid: " + node.getOperatorName());
            assertTrue(uids.add(uid), "duplicate uid " + uid);
            List<TypeSerializer<?>> serializers = new ArrayList<>(List.of(node.getTypeSerializersIn()));
            if (node.getTypeSerializerOut() != null) {
                serializers.add(node.getTypeSerializerOut());
            }
            if (node.getStateKeySerializer() != null) {
                serializers.add(node.getStateKeySerializer());
            }
            for (TypeSerializer<?> s : serializers) {
                assertTrue(!(s instanceof KryoSerializer), node.getOperatorName() + " uses Kryo: " + s);
            }
        }
        assertTrue(
                uids.containsAll(List.of(
                        "tickets-source",
                        "tickets-validate",
                        "tickets-enrich",
                        "tickets-route",
                        "tickets-stats-by-type",
                        "tickets-team-priority",
                        "tickets-stats-by-team",
                        "tickets-keywords",
                        "tickets-word-frequency",
                        "tickets-on-time",
                        "sink-tickets-enriched",
                        "sink-stats-by-type",
                        "sink-stats-by-team",
                        "sink-word-frequency",
                        "sink-team-incident",
                        "sink-team-support_general",
                        "sink-team-produit")),
                uids.toString());
    }

    @Test
    void aTeamAddedInConfigurationGetsItsOwnSink() {
        PipelineConfig config = config(
                "--teams",
                "incident,support_general,produit,facturation",
                "--team.facturation.topic",
                "tickets_equipe_facturation",
                "--routing.type.billing_inquiry",
                "facturation");
        StreamGraph graph = ticketGraph(config);
        List<String> names =
                graph.getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
        assertTrue(
                names.stream().anyMatch(n -> n.contains("Team facturation to tickets_equipe_facturation")),
                names.toString());
        assertTrue(names.stream().anyMatch(n -> n.contains("Route tickets to teams")), names.toString());
    }

    @Test
    void aMissingTeamSinkIsRefusedAtBuildTime() {
        PipelineConfig config = config();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        TicketAnalytics.Sinks sinks = new TicketAnalytics.Sinks(
                new DiscardingSink<>(),
                Map.of("incident", new DiscardingSink<>()),
                new DiscardingSink<>(),
                new DiscardingSink<>(),
                new DiscardingSink<>());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TicketAnalytics.build(
                        env, config, KafkaWiring.sources(config).tickets(), sinks));
        assertTrue(e.getMessage().contains("support_general"), e.getMessage());
    }

    @Test
    void recordsAndWindowStateAreFlinkPojosWithoutKryo() {
        for (Class<?> type : List.of(
                Ticket.class,
                EnrichedTicket.class,
                DeadLetter.class,
                TicketOrError.class,
                SourcedEnrichedTicket.class,
                EnrichedTicketOrError.class,
                TypeStats.class,
                TeamStats.class,
                WordCount.class,
                TeamPriority.class,
                PriorityCounts.class,
                TypeAccumulator.class,
                io.streamlab.pipeline.job.windows.EventTimeProgress.class)) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
