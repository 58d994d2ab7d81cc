package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.TeamStats;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TestTickets.Generated;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill: three days of history published in shuffled event-time order. The bounded run (BATCH
 * execution: inputs sorted by key and time, no watermark, so nothing is late) puts every record in its
 * window: every row equals figures computed here, and no record is a late dead letter. The same history
 * published in event-time order and run as a stream gives the same rows.
 */
class BackfillITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final long HOUR_MS = 3_600_000;
    static final long T0_MS = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();

    /** The default routing, written out independently of the configuration code. */
    static final Map<String, String> TEAMS =
            Map.of("incident", "incident", "question", "support_general", "feature_request", "produit");

    @TempDir
    Path work;

    @Test
    void aShuffledBackfillCountsEveryRecordInItsWindowAndMatchesAnOrderedStream() throws Exception {
        // 3 days: a track every 7 min 12 s, a ticket every ~8 min 38 s, hourly windows
        List<Track> tracks = TestTracks.generate(600, T0_MS / 1000, 432_000, 41);
        List<Generated> tickets = TestTickets.generate("BF-", 500, T0_MS, 518_400, 43);

        PipelineConfig batch = config("batch-", "--job.bounded", "true");
        List<Track> shuffledTracks = new ArrayList<>(tracks);
        Collections.shuffle(shuffledTracks, new Random(7));
        List<Generated> shuffledTickets = new ArrayList<>(tickets);
        Collections.shuffle(shuffledTickets, new Random(8));
        KafkaTopics.publishInputs(KAFKA.bootstrapServers(), batch, shuffledTracks, shuffledTickets);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(batch));
        assertThat(FlinkSettings.asMap(batch)).containsEntry("execution.runtime-mode", "BATCH");
        PipelineJob.prepare(env, batch).execute("backfill-batch");

        Path out = Path.of(batch.outputDir());
        OutputSnapshot backfill = OutputSnapshot.of(out);
        backfill.assertNoDuplicates();
        assertThat(backfill.size("dead_letters"))
                .as("no record is late in a backfill")
                .isZero();
        Map<String, GenreStats> genres = ExpectedTrackStats.genreStats(tracks, HOUR_MS);
        assertThat(genres.size()).as("many windows over three days").isGreaterThan(72);
        assertThat(backfill.rows("genre_stats").keySet()).isEqualTo(genres.keySet());
        genres.forEach(
                (k, v) -> Rows.assertClose(v, backfill.rows("genre_stats").get(k)));
        ExpectedTrackStats.artistStats(tracks, HOUR_MS)
                .forEach((k, v) ->
                        Rows.assertClose(v, backfill.rows("artist_stats").get(k)));
        assertThat(backfill.size("artist_stats"))
                .isEqualTo(ExpectedTrackStats.artistStats(tracks, HOUR_MS).size());
        ExpectedTrackStats.summaries(tracks, HOUR_MS)
                .forEach((k, v) ->
                        Rows.assertClose(v, backfill.rows("tracks_summary").get(Long.toString(k))));
        assertThat(backfill.size("tracks_summary"))
                .isEqualTo(ExpectedTrackStats.summaries(tracks, HOUR_MS).size());
        assertThat(backfill.rows("stats_by_type")).isEqualTo(expectedTypeStats(tickets));
        assertThat(backfill.rows("stats_by_team")).isEqualTo(expectedTeamStats(tickets));
        assertThat(backfill.size("tickets_enriched")).isEqualTo(tickets.size());
        long keywordTickets = ParquetDatasets.read(out, "word_frequency").stream()
                .mapToLong(r -> ParquetDatasets.lng(r, "count"))
                .sum();
        long expectedKeywordTickets = ParquetDatasets.read(out, "tickets_enriched").stream()
                .mapToLong(r -> ((List<?>) r.get("keywords")).size())
                .sum();
        assertThat(keywordTickets)
                .as("every keyword of every ticket counted once")
                .isEqualTo(expectedKeywordTickets);

        // the same history in event-time order, as a stream: the same rows
        PipelineConfig streaming = config("stream-");
        List<Track> orderedTracks = tracks.stream()
                .sorted(Comparator.comparingLong(Track::timestamp))
                .toList();
        List<Generated> orderedTickets = tickets.stream()
                .sorted(Comparator.comparingLong(Generated::createdAtMillis))
                .toList();
        KafkaTopics.publishInputs(KAFKA.bootstrapServers(), streaming, orderedTracks, orderedTickets);
        StreamExecutionEnvironment streamEnv =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(streaming));
        assertThat(FlinkSettings.asMap(streaming)).doesNotContainKey("execution.runtime-mode");
        JobClient job = PipelineJob.prepare(streamEnv, streaming).executeAsync("backfill-stream");
        TestPipelines.await(
                "the ordered history consumed",
                Duration.ofSeconds(120),
                () -> KafkaTopics.consumed(
                        KAFKA.bootstrapServers(),
                        streaming.job().groupId(),
                        streaming.topics().tracks(),
                        streaming.topics().tickets()));
        job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        OutputSnapshot.of(Path.of(streaming.outputDir())).assertSameAs(backfill);
    }

    private PipelineConfig config(String prefix, String... extra) {
        List<String> args = new ArrayList<>(TestPipelines.topicArgs(prefix));
        args.addAll(List.of(
                "--window.tracks.size", "1h", "--window.tickets.size", "1h", "--job.group-id", prefix + "group"));
        args.addAll(List.of(extra));
        PipelineConfig config =
                TestPipelines.config(KAFKA.bootstrapServers(), work.resolve(prefix), args.toArray(String[]::new));
        KafkaTopics.createAll(KAFKA.broker(), config);
        return config;
    }

    private static long window(long millis) {
        return millis - Math.floorMod(millis, HOUR_MS);
    }

    private static Map<String, Record> expectedTypeStats(List<Generated> tickets) {
        Map<String, List<Generated>> groups = new TreeMap<>();
        tickets.forEach(t -> groups.computeIfAbsent(
                        window(t.createdAtMillis()) + "|" + t.normalisedType(), k -> new ArrayList<>())
                .add(t));
        Map<String, Record> rows = new TreeMap<>();
        groups.forEach((key, group) -> {
            long start = window(group.get(0).createdAtMillis());
            Set<String> clients = new HashSet<>();
            group.forEach(t -> clients.add(t.clientId()));
            rows.put(
                    key,
                    new TypeStats(
                            start,
                            start + HOUR_MS,
                            group.get(0).normalisedType(),
                            group.size(),
                            count(group, "low"),
                            count(group, "medium"),
                            count(group, "high"),
                            count(group, "critical"),
                            clients.size()));
        });
        return rows;
    }

    private static Map<String, Record> expectedTeamStats(List<Generated> tickets) {
        Map<String, List<Generated>> groups = new TreeMap<>();
        tickets.forEach(t -> groups.computeIfAbsent(
                        window(t.createdAtMillis()) + "|" + TEAMS.getOrDefault(t.normalisedType(), "support_general"),
                        k -> new ArrayList<>())
                .add(t));
        Map<String, Record> rows = new TreeMap<>();
        groups.forEach((key, group) -> {
            long start = window(group.get(0).createdAtMillis());
            rows.put(
                    key,
                    new TeamStats(
                            start,
                            start + HOUR_MS,
                            key.substring(key.indexOf('|') + 1),
                            group.size(),
                            count(group, "low"),
                            count(group, "medium"),
                            count(group, "high"),
                            count(group, "critical")));
        });
        return rows;
    }

    private static long count(List<Generated> group, String priority) {
        return group.stream()
                .filter(t -> t.priority().equalsIgnoreCase(priority))
                .count();
    }
}
