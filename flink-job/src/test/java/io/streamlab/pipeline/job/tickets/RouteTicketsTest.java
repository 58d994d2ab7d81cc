package io.streamlab.pipeline.job.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The routing operator on its own: main output, one side output per team, the per-team counters. */
@SuppressWarnings("try") // the harnesses' close() may throw InterruptedException
class RouteTicketsTest {
    static final List<String> TEAMS = List.of("incident", "support_general", "produit");

    static EnrichedTicket enriched(String id, String type, String team) {
        return new EnrichedTicket(
                id, "C1", "2025-03-04T10:00:00Z", type, "high", "s", "d", null, team, 3, List.of("word"), 1L);
    }

    /** What routing receives: the ticket as read, with its enrichment. */
    static SourcedEnrichedTicket read(String id, String type, String team) {
        EnrichedTicket e = enriched(id, type, team);
        return new SourcedEnrichedTicket(
                new Ticket(
                        id,
                        e.clientId(),
                        e.createdAt(),
                        type,
                        e.priority(),
                        e.subject(),
                        e.description(),
                        null,
                        0L,
                        0,
                        0L),
                e);
    }

    @Test
    void everyTicketOnTheMainOutputAndOnItsTeamsSideOutput() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourcedEnrichedTicket, EnrichedTicket> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new RouteTickets(TEAMS))) {
            harness.processElement(read("t1", "incident", "incident"), 1_000);
            harness.processElement(read("t2", "question", "support_general"), 2_000);
            harness.processElement(read("t3", "Feature request", "produit"), 3_000);
            harness.processElement(read("t4", "INCIDENT", "incident"), 4_000);

            assertEquals(
                    List.of("t1", "t2", "t3", "t4"),
                    harness.extractOutputValues().stream()
                            .map(EnrichedTicket::ticketId)
                            .toList());
            assertEquals(List.of("t1", "t4"), ids(harness, "incident"));
            assertEquals(List.of("t2"), ids(harness, "support_general"));
            assertEquals(List.of("t3"), ids(harness, "produit"));
            // the event time travels with the ticket to the side output
            assertEquals(
                    List.of(1_000L, 4_000L),
                    harness.getSideOutput(RouteTickets.tag("incident")).stream()
                            .map(StreamRecord::getTimestamp)
                            .toList());
        }
    }

    @Test
    void routingFromConfigurationThroughEnrichment() throws Exception {
        PipelineConfig config = PipelineConfig.load(
                List.of("--routing.type.technical_issue", "incident", "--routing.type.billing_inquiry", "produit"),
                Map.of());
        Tokenizer tokenizer = Tokenizer.of(config.tickets());
        try (OneInputStreamOperatorTestHarness<SourcedEnrichedTicket, EnrichedTicket> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new RouteTickets(config.routing().teams()))) {
            for (String[] t : new String[][] {
                {"a", "Technical issue"}, {"b", "billing  INQUIRY"}, {"c", "something else"}, {"d", "feature_request"}
            }) {
                Ticket ticket = new Ticket(
                        t[0],
                        "C1",
                        "2025-03-04T10:00:00Z",
                        t[1],
                        "low",
                        "Écran noir",
                        "L'écran reste noir",
                        null,
                        0L,
                        0,
                        0L);
                harness.processElement(
                        new SourcedEnrichedTicket(
                                ticket, EnrichTickets.enrich(ticket, config.routing(), tokenizer, 5L)),
                        0L);
            }
            assertEquals(List.of("a"), ids(harness, "incident"));
            assertEquals(List.of("b", "d"), ids(harness, "produit"));
            assertEquals(List.of("c"), ids(harness, "support_general"));
            EnrichedTicket first = harness.extractOutputValues().get(0);
            assertEquals(List.of("écran", "noir", "reste"), first.keywords());
            assertEquals(1, first.priorityLevel());
            assertEquals(5L, first.processedAt());
        }
    }

    @Test
    void countsRoutedTicketsPerTeam() throws Exception {
        Map<String, Counter> routed = new ConcurrentHashMap<>();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> {
                    String team = group.getAllVariables().get("<" + RouteTickets.METRIC_GROUP + ">");
                    if (PipelineMetrics.TICKETS_ROUTED.equals(name) && team != null) {
                        routed.put(team, (Counter) metric);
                    }
                })
                .build();
        TaskMetricGroup taskMetrics = TaskManagerMetricGroup.createTaskManagerMetricGroup(
                        registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "job")
                .addTask(ExecutionAttemptID.randomId(), "task");
        MockEnvironment environment =
                new MockEnvironmentBuilder().setMetricGroup(taskMetrics).build();
        try (OneInputStreamOperatorTestHarness<SourcedEnrichedTicket, EnrichedTicket> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new RouteTickets(TEAMS)), environment)) {
            harness.open();
            harness.processElement(read("t1", "incident", "incident"), 0);
            harness.processElement(read("t2", "incident", "incident"), 0);
            harness.processElement(read("t3", "question", "support_general"), 0);

            assertEquals(
                    TEAMS.stream().sorted().toList(),
                    routed.keySet().stream().sorted().toList(),
                    "one counter per configured team, registered at open");
            assertEquals(2, routed.get("incident").getCount());
            assertEquals(1, routed.get("support_general").getCount());
            assertEquals(0, routed.get("produit").getCount());
        }
    }

    @Test
    void aTeamThatIsNotConfiguredFailsLoudly() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourcedEnrichedTicket, EnrichedTicket> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new RouteTickets(TEAMS))) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> harness.processElement(read("t9", "x", "facturation"), 0));
            assertTrue(e.getMessage().contains("'facturation'"), e.getMessage());
        }
    }

    private static List<String> ids(
            OneInputStreamOperatorTestHarness<SourcedEnrichedTicket, EnrichedTicket> harness, String team) {
        var side = harness.getSideOutput(RouteTickets.tag(team));
        return side == null
                ? List.of()
                : side.stream().map(r -> r.getValue().ticketId()).toList();
    }
}
