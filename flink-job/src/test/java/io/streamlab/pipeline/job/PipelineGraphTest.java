package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.datasets.WordCount;
import io.streamlab.pipeline.job.testing.InMemory;
import io.streamlab.pipeline.job.testing.InMemory.CollectingSink;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TicketAnalytics;
import io.streamlab.pipeline.job.tickets.TicketOrError;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.job.tracks.TrackAnalytics;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.EnrichedTicket;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole job graph, as production builds it, between in-memory sources and collecting sinks: the
 * fast check of what every output gets, without a broker or a file system (the Kafka and Parquet
 * wiring is covered by the {@code *ITCase}s).
 */
class PipelineGraphTest {
    private static final long T0 = Instant.parse("2025-03-03T10:00:00Z").toEpochMilli();
    private static final long WINDOW_MS = 60_000;
    /** The default routing, written out independently of the configuration code. */
    private static final Map<String, String> DEFAULT_TEAMS =
            Map.of("incident", "incident", "question", "support_general", "feature_request", "produit");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** With an allowed lateness too: it delays each window's one firing, and never fires a window twice. */
    @ParameterizedTest(name = "window.allowed-lateness {0}")
    @ValueSource(strings = {"0s", "30s"})
    void everyOutputGetsItsRowsOnceAndEveryBadRecordBecomesOneDeadLetter(String allowedLateness) throws Exception {
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--kafka.bootstrap.servers",
                        "localhost:1",
                        "--job.parallelism",
                        "1",
                        "--window.allowed-lateness",
                        allowedLateness),
                Map.of());
        List<Track> tracks = TestTracks.generate(300, T0 / 1000, 1000, 5);
        List<byte[]> trackValues =
                new ArrayList<>(tracks.stream().map(Json::write).toList());
        trackValues.add(150, bytes("{\"track_id\": \"t-bad\", "));
        trackValues.add(bytes("{\"track_id\": \"t-x\", \"popularity\": 150}"));
        List<TestTickets.Generated> tickets = TestTickets.generate("G-", 200, T0, 1500, 9);
        List<byte[]> ticketValues = new ArrayList<>(
                tickets.stream().map(TestTickets.Generated::json).toList());
        ticketValues.add(100, bytes("[1, 2]"));

        CollectingSink<GenreStats> genreStats = InMemory.sink();
        CollectingSink<ArtistStats> artistStats = InMemory.sink();
        CollectingSink<TracksSummary> summary = InMemory.sink();
        CollectingSink<EnrichedTicket> enriched = InMemory.sink();
        Map<String, CollectingSink<EnrichedTicket>> teams = new LinkedHashMap<>();
        CollectingSink<TypeStats> byType = InMemory.sink();
        CollectingSink<TeamStats> byTeam = InMemory.sink();
        CollectingSink<WordCount> words = InMemory.sink();
        CollectingSink<DeadLetter> deadLetterTopic = InMemory.sink();
        CollectingSink<DeadLetter> deadLetterFiles = InMemory.sink();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.build(
                env,
                config,
                new PipelineJob.Sources(
                        InMemory.source(
                                config.topics().tracks(), trackValues, TrackOrError.deserializer(config.limits())),
                        InMemory.source(
                                config.topics().tickets(), ticketValues, TicketOrError.deserializer(config.limits()))),
                new PipelineJob.Sinks(
                        new TrackAnalytics.Sinks(genreStats, artistStats, summary),
                        new TicketAnalytics.Sinks(
                                enriched,
                                TicketAnalytics.teamSinks(config.routing(), (team, topic) -> {
                                    CollectingSink<EnrichedTicket> sink = InMemory.sink();
                                    teams.put(team, sink);
                                    return sink;
                                }),
                                byType,
                                byTeam,
                                words),
                        deadLetterTopic,
                        deadLetterFiles));
        env.execute("pipeline-graph-test");

        // tracks: every genre row equals the figures computed here, every window summarised once
        Map<String, GenreStats> expected = ExpectedTrackStats.genreStats(tracks, WINDOW_MS);
        Map<String, GenreStats> actual = new TreeMap<>();
        genreStats
                .collected()
                .forEach(g -> assertThat(actual.put(g.windowStart() + "|" + g.genre(), g))
                        .as("one row per window and genre")
                        .isNull());
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, row) -> Rows.assertClose(row, actual.get(key)));
        assertThat(artistStats.collected().stream()
                        .mapToLong(ArtistStats::trackCount)
                        .sum())
                .as("every artist of every track counted once")
                .isEqualTo(tracks.stream()
                        .mapToLong(t -> ExpectedTrackStats.artistsOf(t).size())
                        .sum());
        assertThat(summary.collected())
                .extracting(TracksSummary::windowStart)
                .doesNotHaveDuplicates()
                .hasSameSizeAs(expected.values().stream()
                        .map(GenreStats::windowStart)
                        .distinct()
                        .toList());
        assertThat(summary.collected().stream()
                        .mapToLong(TracksSummary::trackCount)
                        .sum())
                .isEqualTo(tracks.size());

        // tickets: each once in tickets_enriched and in its team's sink, and counted once per window
        assertThat(enriched.collected())
                .extracting(EnrichedTicket::ticketId)
                .containsExactlyInAnyOrderElementsOf(
                        tickets.stream().map(TestTickets.Generated::ticketId).toList());
        Map<String, String> teamOf = new TreeMap<>();
        teams.forEach((team, sink) -> sink.collected()
                .forEach(t -> assertThat(teamOf.put(t.ticketId(), team))
                        .as(t.ticketId() + " routed once")
                        .isNull()));
        Map<String, String> expectedTeams = new TreeMap<>();
        tickets.forEach(g ->
                expectedTeams.put(g.ticketId(), DEFAULT_TEAMS.getOrDefault(g.normalisedType(), "support_general")));
        assertThat(teamOf).isEqualTo(expectedTeams);
        assertThat(byTeam.collected().stream().mapToLong(TeamStats::ticketCount).sum())
                .isEqualTo(tickets.size());
        assertThat(byType.collected().stream().mapToLong(TypeStats::ticketCount).sum())
                .isEqualTo(tickets.size());
        assertThat(words.collected())
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.count()).isPositive());

        // dead letters: the three bad records (a JSON array is not a ticket object: invalid-json), once each
        // on both dead-letter sinks
        assertThat(deadLetterTopic.collected())
                .extracting(d -> d.sourceTopic() + "@" + d.offset() + " " + d.category())
                .containsExactlyInAnyOrder(
                        config.topics().tracks() + "@150 invalid-json",
                        config.topics().tracks() + "@" + (tracks.size() + 1) + " missing-field",
                        config.topics().tickets() + "@100 invalid-json");
        assertThat(deadLetterFiles.collected()).containsExactlyInAnyOrderElementsOf(deadLetterTopic.collected());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
