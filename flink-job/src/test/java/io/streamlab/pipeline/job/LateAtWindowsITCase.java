package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tracks.ArtistStats;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition that goes quiet while the other one moves event time on, then resumes with records of
 * windows the others have already closed: its gate finds them on time (its own watermark stayed
 * behind), the windows find them late. Flink would drop them with no trace but
 * {@code numLateRecordsDropped}; here every one is accounted for, as a {@code late} dead letter of the
 * window it missed, and no window gets a second row. The test waits on the windows' emitted-row counters,
 * not on time.
 */
class LateAtWindowsITCase {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long WINDOW_MS = 60_000;
    private static final long T0 = 1_750_000_000L - 1_750_000_000L % 60;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManagerReportingTo(METRICS);

    @TempDir
    Path work;

    @Test
    void whatAResumedPartitionSendsForClosedWindowsBecomesDeadLettersNotSilentLossOrSecondRows() throws Exception {
        List<String> args = new ArrayList<>(TestPipelines.configArgs(KAFKA.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs("resume-"));
        args.addAll(List.of(
                "--job.group-id", "resume-group",
                "--topic.partitions", "2",
                "--window.tracks.size", "1min",
                "--window.tickets.size", "1min",
                // above the test tickets' jitter: no record is late at its gate
                "--watermark.out-of-orderness", "6s",
                // long enough that a partition whose first fetch comes late on a busy machine is not idle
                // before its records (they would be late behind the other partition's windows)
                "--watermark.idleness", "5s"));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        Path output = Path.of(config.outputDir());

        // partition 0: the first seconds of window 0, then quiet; partition 1: windows 0 to 3, so the
        // windows 0 to 2 close once partition 0 is idle
        List<Track> quietTracks = TestTracks.generate(10, T0, 1_000, 1);
        List<Track> busyTracks = TestTracks.generate(120, T0, 2_000, 2);
        List<TestTickets.Generated> quietTickets = TestTickets.generate("Q-", 5, T0 * 1000 + 5_000, 1_000, 3);
        List<TestTickets.Generated> busyTickets = TestTickets.generate("B-", 120, T0 * 1000 + 5_000, 2_000, 4);
        publish(config, 0, quietTracks, quietTickets);
        publish(config, 1, busyTracks, busyTickets);
        List<Track> onTimeTracks = concat(quietTracks, busyTracks);
        List<TestTickets.Generated> onTimeTickets = concat(quietTickets, busyTickets);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        JobMetrics metrics = new JobMetrics(METRICS, job.getJobID());
        long closedEnd = (T0 + 180) * 1000;
        long genreRowsOfClosedWindows = ExpectedTrackStats.genreStats(onTimeTracks, WINDOW_MS).values().stream()
                .filter(g -> g.windowStart() < closedEnd)
                .count();
        long typeRowsOfClosedWindows = typeCountsPerWindow(onTimeTickets).keySet().stream()
                .filter(k -> Long.parseLong(k.substring(0, k.indexOf('|'))) < closedEnd)
                .count();
        // partition 0 comes back with window 1 (60-120 s), which the windows have emitted, though its
        // gate's watermark is still in window 0
        List<Track> resumedTracks = TestTracks.generate(20, T0 + 70, 500, 5);
        List<TestTickets.Generated> resumedTickets = TestTickets.generate("R-", 10, (T0 + 80) * 1000, 1_000, 6);
        try {
            TestPipelines.await(
                    "the windows 0 to 2 emitted while partition 0 is idle",
                    WAIT,
                    () -> metrics.counted("genreStatsEmitted") == genreRowsOfClosedWindows
                            && metrics.counted("statsByTypeEmitted") == typeRowsOfClosedWindows,
                    () -> metrics.counted("genreStatsEmitted") + " genre rows of " + genreRowsOfClosedWindows + ", "
                            + metrics.counted("statsByTypeEmitted") + " type rows of " + typeRowsOfClosedWindows);
            publish(config, 0, resumedTracks, resumedTickets);
            TestPipelines.await(
                    "the resumed partition read",
                    WAIT,
                    () -> metrics.counted(PipelineMetrics.Input.TRACKS.parsed()) == onTimeTracks.size() + 20
                            && metrics.counted(PipelineMetrics.Input.TICKETS.parsed()) == onTimeTickets.size() + 10);
            job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(90, TimeUnit.SECONDS);
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } finally {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(metrics.counted(PipelineMetrics.Input.TRACKS.late()))
                .as("the gate found every record on time")
                .isZero();
        assertThat(metrics.counted(PipelineMetrics.Input.TICKETS.late())).isZero();

        // the windows: every on-time record once, one row per window and key, nothing of the resumed ones
        Map<String, GenreStats> genres = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, Dataset.GENRE_STATS.folder()), GenreStats.class)
                .forEach(g -> assertThat(genres.put(g.windowStart() + "|" + g.genre(), g))
                        .as("one row per window and genre")
                        .isNull());
        Map<String, GenreStats> expectedGenres = ExpectedTrackStats.genreStats(onTimeTracks, WINDOW_MS);
        assertThat(genres.keySet()).isEqualTo(expectedGenres.keySet());
        expectedGenres.forEach((k, v) -> Rows.assertClose(v, genres.get(k)));
        Map<String, Long> types = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, Dataset.STATS_BY_TYPE.folder()), TypeStats.class)
                .forEach(s -> assertThat(types.put(s.windowStart() + "|" + s.type(), s.ticketCount()))
                        .as("one row per window and type")
                        .isNull());
        assertThat(types).isEqualTo(typeCountsPerWindow(onTimeTickets));

        // and what they refused: every resumed record, in the dead letters of each window it missed
        List<DeadLetter> late = Rows.as(ParquetDatasets.read(output, Dataset.DEAD_LETTERS.folder()), DeadLetter.class);
        assertThat(late).isNotEmpty().allSatisfy(d -> {
            assertThat(d.category()).isEqualTo("late");
            assertThat(d.partition()).isEqualTo(-1);
            assertThat(d.reason()).contains("arrived after the window had been emitted");
        });
        assertThat(partialCounts(late, "genre stats", "count")).isEqualTo(resumedTracks.size());
        long artistTrackPairs = ExpectedTrackStats.artistStats(resumedTracks, WINDOW_MS).values().stream()
                .mapToLong(ArtistStats::trackCount)
                .sum();
        assertThat(late.stream().filter(d -> d.reason().startsWith("late: artist stats input")))
                .hasSize((int) artistTrackPairs);
        assertThat(partialCounts(late, "ticket stats per type", "priorities")).isEqualTo(resumedTickets.size());
        assertThat(partialCounts(late, "ticket stats per team", "count")).isEqualTo(resumedTickets.size());
        assertThat(late.stream().filter(d -> d.reason().startsWith("late: keywords input")))
                .isNotEmpty();
        assertThat(metrics.counted(PipelineMetrics.Input.TRACKS.lateAtWindows())
                        + metrics.counted(PipelineMetrics.Input.TICKETS.lateAtWindows()))
                .as("counted as they were refused")
                .isEqualTo(late.size());
    }

    private void publish(
            PipelineConfig config, int partition, List<Track> tracks, List<TestTickets.Generated> tickets) {
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tracks(),
                partition,
                tracks.stream().map(t -> Map.entry(t.trackId(), Json.write(t))).toList());
        KafkaTopics.publish(
                KAFKA.bootstrapServers(),
                config.topics().tickets(),
                partition,
                tickets.stream().map(t -> Map.entry(t.ticketId(), t.json())).toList());
    }

    /** The number of records in the late partials of the window {@code what}. */
    private static long partialCounts(List<DeadLetter> late, String what, String countField) {
        return late.stream()
                .filter(d -> d.reason().startsWith("late: " + what + " input"))
                .mapToLong(d -> {
                    JsonNode partial = readTree(d.raw()).path("partial");
                    JsonNode counted = partial.path(countField);
                    return counted.isObject() ? counted.path("count").asLong() : counted.asLong();
                })
                .sum();
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    /** {@code windowStart|type} to the number of tickets. */
    private static Map<String, Long> typeCountsPerWindow(List<TestTickets.Generated> tickets) {
        Map<String, Long> counts = new TreeMap<>();
        tickets.forEach(t -> counts.merge(
                Math.floorDiv(t.createdAtMillis(), WINDOW_MS) * WINDOW_MS + "|" + t.normalisedType(), 1L, Long::sum));
        return counts;
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
