package io.streamlab.pipeline.job.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.testing.PreAggregatedWindowHarness;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Ticket;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The ticket windows as the job builds them ({@link TicketAnalytics#statsByType} and friends), run in
 * operator harnesses with hand-placed watermarks: what is counted, when it fires, what is late.
 */
@SuppressWarnings("try") // the harnesses' close() may throw InterruptedException
class TicketWindowsTest {
    static final long MIN = 60_000;

    static PipelineConfig.EventTime eventTime(Duration allowedLateness) {
        return new PipelineConfig.EventTime(
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                allowedLateness,
                Duration.ofDays(1));
    }

    static Ticket ticket(String id, String client, String type, String priority, long eventTime) {
        return new Ticket(
                id,
                client,
                java.time.Instant.ofEpochMilli(eventTime).toString(),
                type,
                priority,
                "s",
                "d",
                null,
                eventTime,
                1,
                100L + eventTime / 1000);
    }

    static PreAggregatedWindowHarness<EnrichedTicket, TypeStats> typeWindow() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<EnrichedTicket> input = env.fromData(
                List.of(enriched(ticket("x", "C", "incident", "low", 0))), TypeInformation.of(EnrichedTicket.class));
        return PreAggregatedWindowHarness.<EnrichedTicket, TypeStats>of(
                        TicketAnalytics.statsByType(input, eventTime(Duration.ZERO), TestPipelines.lateAtWindows()))
                .open();
    }

    static EnrichedTicket enriched(Ticket t) {
        return EnrichTickets.enrich(t, PipelineConfig.defaults().routing(), new Tokenizer(3, 20), 0L);
    }

    static void process(PreAggregatedWindowHarness<EnrichedTicket, ?> harness, Ticket t) throws Exception {
        harness.processElement(enriched(t), t.eventTimeMillis());
    }

    @Test
    void countsTicketsPerNormalisedTypeAndWindow() throws Exception {
        try (var harness = typeWindow()) {
            process(harness, ticket("t1", "C1", "incident", "high", 10_000));
            process(harness, ticket("t2", "C2", "Incident", "low", 20_000));
            process(harness, ticket("t3", "C1", "incident", "critical", 30_000));
            process(harness, ticket("t4", "C3", "Feature request", "medium", 50_000));
            process(harness, ticket("t5", "C3", "feature-request", "medium", 59_999));
            process(harness, ticket("t6", "C4", "incident", "low", MIN + 5_000));
            assertEquals(List.of(), harness.extractOutputValues(), "nothing fires before the watermark");

            harness.processWatermark(MIN - 1);
            assertEquals(
                    List.of(
                            new TypeStats(0, MIN, "feature_request", 2, 0, 2, 0, 0, 1),
                            new TypeStats(0, MIN, "incident", 3, 1, 0, 1, 1, 2)),
                    sorted(harness.extractOutputValues()));

            process(harness, ticket("t7", "C9", "incident", "high", 15_000));
            harness.processWatermark(2 * MIN - 1);
            List<TypeStats> rows = sorted(harness.extractOutputValues());
            assertEquals(3, rows.size(), "a window fires once, a late ticket changes nothing: " + rows);
            assertEquals(new TypeStats(MIN, 2 * MIN, "incident", 1, 1, 0, 0, 0, 1), rows.get(2));
        }
    }

    @Test
    void allowedLatenessDelaysTheOneFiringInsteadOfFiringAgain() {
        assertEquals(Duration.ofSeconds(40), eventTime(Duration.ofSeconds(30)).watermarkDelay());
    }

    @Test
    void teamWindowCountsPerTeamAndPriority() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<TeamStats> teams = TicketAnalytics.statsByTeam(
                env.fromData(
                        List.of(RouteTicketsTest.enriched("x", "incident", "incident")),
                        TypeInformation.of(EnrichedTicket.class)),
                eventTime(Duration.ZERO),
                TestPipelines.lateAtWindows());
        // statsByTeam maps each ticket to its team and priority, then pre-aggregates: drive that part
        try (var harness =
                PreAggregatedWindowHarness.<TeamPriority, TeamStats>of(teams).open()) {
            harness.processElement(new TeamPriority("incident", "high"), 1_000);
            harness.processElement(new TeamPriority("support_general", "low"), 2_000);
            harness.processElement(new TeamPriority("incident", "critical"), 3_000);
            harness.processElement(new TeamPriority("incident", "high"), MIN);
            harness.processWatermark(MIN - 1);
            List<TeamStats> rows = harness.extractOutputValues().stream()
                    .sorted(Comparator.comparing(TeamStats::team))
                    .toList();
            assertEquals(
                    List.of(
                            new TeamStats(0, MIN, "incident", 2, 0, 0, 1, 1),
                            new TeamStats(0, MIN, "support_general", 1, 1, 0, 0, 0)),
                    rows);
        }
    }

    @Test
    void wordWindowCountsTicketsPerKeyword() throws Exception {
        EnrichedTicket sample = RouteTicketsTest.enriched("x", "incident", "incident");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SingleOutputStreamOperator<WordCount> words = TicketAnalytics.wordFrequency(
                env.fromData(List.of(sample), TypeInformation.of(EnrichedTicket.class)),
                eventTime(Duration.ZERO),
                TestPipelines.lateAtWindows());
        try (var harness =
                PreAggregatedWindowHarness.<String, WordCount>of(words).open()) {
            for (String w : List.of("printer", "écran", "printer", "printer")) {
                harness.processElement(w, 1_000);
            }
            harness.processElement("printer", MIN + 1);
            harness.processWatermark(2 * MIN);
            assertEquals(3, harness.partialsSent(), "one partial per word and window crosses the shuffle, not 5 words");
            List<WordCount> rows = harness.extractOutputValues().stream()
                    .sorted(Comparator.comparing(WordCount::windowStart).thenComparing(WordCount::word))
                    .toList();
            assertEquals(
                    List.of(
                            new WordCount(0, MIN, "printer", 3),
                            new WordCount(0, MIN, "écran", 1),
                            new WordCount(MIN, 2 * MIN, "printer", 1)),
                    rows);
        }
    }

    private static List<TypeStats> sorted(List<TypeStats> rows) {
        return rows.stream()
                .sorted(Comparator.comparing(TypeStats::windowStart).thenComparing(TypeStats::type))
                .toList();
    }
}
