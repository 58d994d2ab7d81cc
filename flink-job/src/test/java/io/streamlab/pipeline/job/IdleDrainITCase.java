package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.datasets.TypeStats;
import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tracks.ExpectedTrackStats;
import io.streamlab.pipeline.job.tracks.GenreStats;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Track;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A draining stop after both inputs have been idle longer than {@code watermark.idleness}, the usual
 * state of a stream at the quiet hour chosen for an upgrade: every open window fires and is committed,
 * with and without compaction. Flink 2.2 drops the final watermark of an idle source (FLINK-40499);
 * before OnTimeGate re-emitted it, this drain committed no window it should have fired. Then the job
 * resumes from the drained savepoint: the windows the drain emitted stay closed (a record for one is a
 * late dead letter, not a second row), and a later window fills as usual. The test waits on the gates'
 * idle gauges, not on time.
 */
class IdleDrainITCase {
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

    @ParameterizedTest(name = "sink.compaction.checkpoints {0}")
    @ValueSource(ints = {0, 30})
    void aDrainOfIdleInputsFiresEveryOpenWindowAndItsSavepointResumesAfterThem(int compactionCheckpoints)
            throws Exception {
        String prefix = "idle" + compactionCheckpoints + "-";
        List<String> args = new ArrayList<>(TestPipelines.configArgs(KAFKA.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs(prefix));
        args.addAll(List.of(
                "--job.group-id", prefix + "group",
                "--window.tracks.size", "1min",
                "--window.tickets.size", "1min",
                "--watermark.out-of-orderness", "1s",
                // long enough that a partition whose first fetch comes a second after its neighbour's is not
                // idle yet (with 1 s, its first tickets were late behind the other partition of its subtask)
                "--watermark.idleness", "3s",
                "--sink.compaction.checkpoints", Integer.toString(compactionCheckpoints)));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        Path output = Path.of(config.outputDir());

        // three windows of each (event time 0-150 s after T0); the last stays open until the drain
        List<Track> tracks = TestTracks.generate(300, T0, 500, 11);
        List<TestTickets.Generated> tickets = TestTickets.generate("I-", 90, T0 * 1000 + 5_000, 1_500, 11);
        String savepoint = publishRunUntilIdleAndDrain(config, tracks, tickets);

        assertGenreStats(output, tracks);
        assertSummaries(output, tracks);
        assertTicketsPerWindow(output, tickets);
        assertThat(ParquetDatasets.read(output, Dataset.DEAD_LETTERS.folder())).isEmpty();
        assertThat(ParquetDatasets.uncommittedFiles(output))
                .as("nothing left uncommitted")
                .isEmpty();

        // resumed from the drained savepoint: a record for a window the drain emitted is late, records for
        // the next window (180-240 s) open it as usual
        Track lateTrack = TestTracks.generate(1, T0 + 170, 0, 12).get(0);
        List<Track> laterTracks = TestTracks.generate(100, T0 + 185, 500, 13);
        TestTickets.Generated lateTicket =
                TestTickets.generate("L-", 1, (T0 + 170) * 1000, 0, 12).get(0);
        List<TestTickets.Generated> laterTickets = TestTickets.generate("J-", 30, (T0 + 195) * 1000, 1_000, 13);
        List<Track> resumedTracks = new ArrayList<>(List.of(lateTrack));
        resumedTracks.addAll(laterTracks);
        List<TestTickets.Generated> resumedTickets = new ArrayList<>(List.of(lateTicket));
        resumedTickets.addAll(laterTickets);
        List<String> resumedArgs = new ArrayList<>(args);
        resumedArgs.addAll(List.of("--flink.execution.state-recovery.path", savepoint));
        publishRunUntilIdleAndDrain(PipelineConfig.load(resumedArgs, Map.of()), resumedTracks, resumedTickets);

        List<Track> allTracks = new ArrayList<>(tracks);
        allTracks.addAll(laterTracks);
        assertGenreStats(output, allTracks);
        assertSummaries(output, allTracks);
        List<TestTickets.Generated> allTickets = new ArrayList<>(tickets);
        allTickets.addAll(laterTickets);
        assertTicketsPerWindow(output, allTickets);
        assertThat(Rows.as(ParquetDatasets.read(output, Dataset.DEAD_LETTERS.folder()), DeadLetter.class))
                .extracting(DeadLetter::category)
                .containsExactly("late", "late");
        assertThat(ParquetDatasets.uncommittedFiles(output))
                .as("nothing left uncommitted")
                .isEmpty();
    }

    /** Publishes, runs the job until it has read everything and both inputs are idle, drains it. */
    private String publishRunUntilIdleAndDrain(
            PipelineConfig config, List<Track> tracks, List<TestTickets.Generated> tickets) throws Exception {
        KafkaTopics.publishInputs(KAFKA.bootstrapServers(), config, tracks, tickets);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        JobMetrics metrics = new JobMetrics(METRICS, job.getJobID());
        try {
            TestPipelines.await(
                    "every track and ticket read",
                    WAIT,
                    () -> metrics.counted(PipelineMetrics.Input.TRACKS.parsed()) == tracks.size()
                            && metrics.counted(PipelineMetrics.Input.TICKETS.parsed()) == tickets.size());
            TestPipelines.await(
                    "both inputs idle on every subtask",
                    WAIT,
                    () -> allIdle(
                                    metrics,
                                    PipelineMetrics.Input.TRACKS,
                                    config.job().parallelism())
                            && allIdle(
                                    metrics,
                                    PipelineMetrics.Input.TICKETS,
                                    config.job().parallelism()));
            String savepoint = job.stopWithSavepoint(
                            true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(90, TimeUnit.SECONDS);
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            return savepoint;
        } finally {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertGenreStats(Path output, List<Track> tracks) {
        Map<String, GenreStats> genres = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, Dataset.GENRE_STATS.folder()), GenreStats.class)
                .forEach(g -> assertThat(genres.put(g.windowStart() + "|" + g.genre(), g))
                        .as("one row per window and genre")
                        .isNull());
        Map<String, GenreStats> expected = ExpectedTrackStats.genreStats(tracks, WINDOW_MS);
        assertThat(genres.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> Rows.assertClose(v, genres.get(k)));
    }

    /**
     * Every window's summary holds all its genres: the genre windows fire at the drain one subtask after
     * the other, and the summary must wait for all of them (ToSummaryInput).
     */
    private static void assertSummaries(Path output, List<Track> tracks) {
        Map<Long, TracksSummary> summaries = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, Dataset.TRACKS_SUMMARY.folder()), TracksSummary.class)
                .forEach(t -> assertThat(summaries.put(t.windowStart(), t))
                        .as("one summary per window")
                        .isNull());
        Map<Long, TracksSummary> expected = ExpectedTrackStats.summaries(tracks, WINDOW_MS);
        assertThat(summaries.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> Rows.assertClose(v, summaries.get(k)));
    }

    private static void assertTicketsPerWindow(Path output, List<TestTickets.Generated> tickets) {
        Map<Long, Long> ticketsPerWindow = new TreeMap<>();
        tickets.forEach(
                t -> ticketsPerWindow.merge(Math.floorDiv(t.createdAtMillis(), WINDOW_MS) * WINDOW_MS, 1L, Long::sum));
        assertThat(ticketsPerWindow)
                .as("the tickets span three windows or more")
                .hasSizeGreaterThanOrEqualTo(3);
        Map<Long, Long> countedPerWindow = new TreeMap<>();
        Rows.as(ParquetDatasets.read(output, Dataset.STATS_BY_TYPE.folder()), TypeStats.class)
                .forEach(s -> countedPerWindow.merge(s.windowStart(), s.ticketCount(), Long::sum));
        assertThat(countedPerWindow).isEqualTo(ticketsPerWindow);
    }

    /** Every one of the gate's {@code parallelism} subtasks reports its input idle. */
    private static boolean allIdle(JobMetrics metrics, PipelineMetrics.Input input, int parallelism) {
        List<Object> values = metrics.gauges(input.idle());
        return values.size() == parallelism
                && values.stream().allMatch(v -> Integer.valueOf(1).equals(v));
    }
}
