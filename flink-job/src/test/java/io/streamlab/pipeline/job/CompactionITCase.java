package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of the Parquet part files (issue #17) on the whole streaming job: tickets arrive over many
 * checkpoints, and {@code tickets_enriched} (a row per ticket, written on every checkpoint by both sink
 * subtasks) ends up in at most one file per {@code sink.compaction.checkpoints} checkpoints per day
 * folder, with every ticket exactly once. While the job runs, what a reader lists ({@link CommittedFiles})
 * is only ever whole, committed files without a row twice, although the part files waiting for their
 * merge are on disk beside them (hidden).
 */
class CompactionITCase {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int BATCHES = 16;
    private static final int TICKETS_PER_BATCH = 25;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    private final List<JobClient> jobs = new ArrayList<>();

    @AfterEach
    void cancelJobs() throws Exception {
        for (JobClient job : jobs) {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theFilesOfTenCheckpointsBecomeOneWithEveryRowOnceAndNothingHiddenVisible(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        int every = 10;
        PipelineConfig config = config("every10-", "--sink.compaction.checkpoints", Integer.toString(every));
        Path output = Path.of(config.outputDir());
        JobClient job = start(config);

        Map<String, byte[]> published = new TreeMap<>();
        Observations seen = new Observations();
        long firstCheckpoint = completedCheckpoints(cluster, job);
        for (int b = 0; b < BATCHES; b++) {
            publish(config, "E" + b + "-", b, published);
            // each batch in a checkpoint of its own: without compaction, a part file (or two) per batch
            long before = completedCheckpoints(cluster, job);
            TestPipelines.await("a checkpoint after batch " + b, WAIT, () -> {
                seen.observe(output);
                return completedCheckpoints(cluster, job) > before;
            });
        }
        TestPipelines.await("every ticket committed to tickets_enriched", WAIT, () -> {
            seen.observe(output);
            return seen.lastTicketIds.size() == published.size();
        });
        long checkpoints = completedCheckpoints(cluster, job) - firstCheckpoint;

        // every ticket exactly once, as written
        assertThat(ticketIds(output)).containsExactlyInAnyOrderElementsOf(published.keySet());
        assertThat(ParquetDatasets.read(output, Dataset.TICKETS_ENRICHED.folder()))
                .allSatisfy(row -> assertThat(ParquetDatasets.str(row, "client_id"))
                        .isNotNull()
                        .isEqualTo(clientId(published.get(ParquetDatasets.str(row, "ticket_id")))));
        OutputSnapshot.of(output).assertNoDuplicates();

        // files: at most one per 'every' checkpoints and day folder, all merged ones; without compaction
        // the 16 batches, each in its own checkpoint, would have left 16 files or more
        long bound = checkpoints / every + 1;
        assertThat(bound).as("the bound says something").isLessThan(BATCHES);
        Map<Path, List<Path>> byFolder = filesByFolder(output, Dataset.TICKETS_ENRICHED);
        assertThat(byFolder).isNotEmpty();
        byFolder.forEach((folder, files) -> assertThat(files)
                .as("committed files in %s after %d checkpoints", folder, checkpoints)
                .hasSizeLessThanOrEqualTo((int) bound)
                .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("compacted-tickets_enriched-")));

        // while it ran: hidden part files (in progress, waiting for or in their merge) were there, and no
        // reader listed them
        assertThat(seen.maxHidden)
                .as("hidden part files seen on disk beside the listed ones")
                .isPositive();
        assertThat(seen.problems).as("what a reader saw while the job ran").isEmpty();
        // the merged files' sources are deleted once the merged file is committed
        TestPipelines.await(
                "no part file of tickets_enriched left waiting",
                WAIT,
                () -> hiddenFiles(output).isEmpty());
    }

    @Test
    void aFolderWhoseWaitingFilesReachTheThresholdIsMergedEarlyAndADrainMergesTheRest(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        // the checkpoint trigger would never fire within the test: only the size does
        PipelineConfig config = config(
                "size-", "--sink.compaction.checkpoints", "100000", "--sink.compaction.threshold-bytes", "20000");
        Path output = Path.of(config.outputDir());
        JobClient job = start(config);

        Map<String, byte[]> published = new TreeMap<>();
        Observations seen = new Observations();
        for (int b = 0; b < BATCHES; b++) {
            publish(config, "S" + b + "-", b, published);
            long before = completedCheckpoints(cluster, job);
            TestPipelines.await("a checkpoint after batch " + b, WAIT, () -> {
                seen.observe(output);
                return completedCheckpoints(cluster, job) > before;
            });
        }
        TestPipelines.await("tickets merged by size and committed", WAIT, () -> {
            seen.observe(output);
            return !seen.lastTicketIds.isEmpty();
        });
        // a part file holds one checkpoint's rows of one subtask, far below the threshold: a merged file
        // holds the tickets of several batches
        assertThat(CommittedFiles.of(output, Dataset.TICKETS_ENRICHED).committed())
                .anySatisfy(f -> assertThat(ParquetDatasets.readFile(f).stream()
                                .map(r -> ParquetDatasets.str(r, "ticket_id").split("-")[0])
                                .distinct())
                        .as("batches in %s", f)
                        .hasSizeGreaterThan(1));

        // a draining stop merges and commits what still waits
        job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        assertThat(ticketIds(output)).containsExactlyInAnyOrderElementsOf(published.keySet());
        OutputSnapshot.of(output).assertNoDuplicates();
        assertThat(seen.problems).as("what a reader saw while the job ran").isEmpty();
        assertThat(CommittedFiles.of(output, Dataset.TICKETS_ENRICHED).committed())
                .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith("compacted-tickets_enriched-"));
        assertThat(ParquetDatasets.uncommittedFiles(output))
                .as("nothing left hidden after the drain")
                .isEmpty();
    }

    @Test
    void aSavepointHoldingFilesThatWaitForTheirMergeIsRefusedWithCompactionOffAndCommittedWithItOn(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        Map<String, byte[]> published = new TreeMap<>();
        String savepoint = savepointWithEveryFileWaiting(cluster, "switch-", "W", 4, published);
        Path output = Path.of(PipelineConfig.load(argsOf("switch-"), Map.of()).outputDir());

        // off: the sinks have no compaction operators, so the state of those that hold the waiting files
        // cannot be restored, and the job refuses to start rather than drop them
        List<String> offArgs = argsOf("switch-");
        offArgs.addAll(
                List.of("--sink.compaction.checkpoints", "0", "--flink.execution.state-recovery.path", savepoint));
        PipelineConfig off = PipelineConfig.load(offArgs, Map.of());
        assertThatThrownBy(() -> start(off).getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator");
        assertThat(ticketIds(output)).isEmpty();

        // on again: the waiting files are merged and committed, once; a drain merges everything
        List<String> onArgs = argsOf("switch-");
        onArgs.addAll(
                List.of("--sink.compaction.checkpoints", "100000", "--flink.execution.state-recovery.path", savepoint));
        JobClient resumed = start(PipelineConfig.load(onArgs, Map.of()));
        TestPipelines.await("the job resumed", WAIT, () -> completedCheckpoints(cluster, resumed) > 0);
        stop(resumed, true);
        assertThat(ticketIds(output)).containsExactlyInAnyOrderElementsOf(published.keySet());
    }

    /**
     * The everyday stop (a savepoint without a drain, as Ctrl+C of the local run takes it) leaves part files
     * waiting for their merge: the resumed job merges and commits them at its own next merge, while it
     * runs, each ticket once, together with what it reads after the resume.
     */
    @Test
    void aResumedJobMergesTheFilesItsSavepointLeftWaitingWithoutADrain(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Map<String, byte[]> published = new TreeMap<>();
        String savepoint = savepointWithEveryFileWaiting(cluster, "resume-merge-", "R", 3, published);
        Path output =
                Path.of(PipelineConfig.load(argsOf("resume-merge-"), Map.of()).outputDir());

        List<String> args = argsOf("resume-merge-");
        args.addAll(List.of("--sink.compaction.checkpoints", "3", "--flink.execution.state-recovery.path", savepoint));
        PipelineConfig every3 = PipelineConfig.load(args, Map.of());
        JobClient resumed = start(every3);
        publish(every3, "A-", 99, published);
        Observations seen = new Observations();
        TestPipelines.await(
                "every ticket, from before and after the resume, committed while the job runs", WAIT, () -> {
                    seen.observe(output);
                    return seen.lastTicketIds.size() >= published.size();
                });
        assertThat(resumed.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        assertThat(ticketIds(output)).containsExactlyInAnyOrderElementsOf(published.keySet());
        OutputSnapshot.of(output).assertNoDuplicates();
        assertThat(seen.problems).as("what a reader saw while the job ran").isEmpty();
        TestPipelines.await(
                "the merged files' sources deleted",
                WAIT,
                () -> hiddenFiles(output).isEmpty());
    }

    /**
     * Runs the job on topics of {@code prefix} with a merge that never comes (every part file waits,
     * hidden), publishes {@code batches} batches of tickets, each in a checkpoint of its own, and stops it
     * with a savepoint without a drain: the savepoint holds every file, none is committed.
     */
    private String savepointWithEveryFileWaiting(
            MiniCluster cluster, String prefix, String idPrefix, int batches, Map<String, byte[]> published)
            throws Exception {
        PipelineConfig waiting = config(prefix, "--sink.compaction.checkpoints", "100000");
        Path output = Path.of(waiting.outputDir());
        JobClient job = start(waiting);
        for (int b = 0; b < batches; b++) {
            publish(waiting, idPrefix + b + "-", b, published);
            long before = completedCheckpoints(cluster, job);
            TestPipelines.await(
                    "a checkpoint after batch " + b, WAIT, () -> completedCheckpoints(cluster, job) > before);
        }
        TestPipelines.await(
                "every ticket consumed and checkpointed",
                WAIT,
                () -> KafkaTopics.consumed(
                        KAFKA.bootstrapServers(),
                        waiting.job().groupId(),
                        waiting.topics().tickets()));
        String savepoint = stop(job, false);
        assertThat(ticketIds(output)).as("nothing merged, so nothing committed").isEmpty();
        assertThat(hiddenFiles(output)).as("part files waiting for their merge").isNotEmpty();
        return savepoint;
    }

    private String stop(JobClient job, boolean drain) throws Exception {
        String savepoint = job.stopWithSavepoint(
                        drain, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(90, TimeUnit.SECONDS);
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        return savepoint;
    }

    // ------------------------------------------------------------------------------------------------

    /** A configuration on topics and a consumer group of its own (created here) and the test's folders. */
    private PipelineConfig config(String prefix, String... extra) {
        List<String> args = argsOf(prefix);
        args.addAll(List.of(extra));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        return config;
    }

    private List<String> argsOf(String prefix) {
        List<String> args = new ArrayList<>(TestPipelines.configArgs(KAFKA.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs(prefix));
        args.addAll(List.of("--job.group-id", prefix + "group"));
        return args;
    }

    private JobClient start(PipelineConfig config) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        jobs.add(job);
        return job;
    }

    private static void publish(PipelineConfig config, String idPrefix, long seed, Map<String, byte[]> published) {
        List<Map.Entry<String, byte[]>> batch = new ArrayList<>();
        for (TestTickets.Generated t :
                TestTickets.generate(idPrefix, TICKETS_PER_BATCH, System.currentTimeMillis(), 10, seed)) {
            batch.add(Map.entry(t.ticketId(), t.json()));
            published.put(t.ticketId(), t.json());
        }
        KafkaTopics.publish(KAFKA.bootstrapServers(), config.topics().tickets(), batch);
    }

    private static String clientId(byte[] json) {
        try {
            return io.streamlab.pipeline.records.Json.MAPPER
                    .readTree(json)
                    .get("client_id")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ticketIds(Path output) {
        return ParquetDatasets.read(output, Dataset.TICKETS_ENRICHED.folder()).stream()
                .map(r -> ParquetDatasets.str(r, "ticket_id"))
                .toList();
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) {
        try {
            return cluster.getExecutionGraph(job.getJobID())
                    .get(30, TimeUnit.SECONDS)
                    .getCheckpointStatsSnapshot()
                    .getCounts()
                    .getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the checkpoints of " + job.getJobID(), e);
        }
    }

    private static Map<Path, List<Path>> filesByFolder(Path output, Dataset dataset) {
        return CommittedFiles.of(output, dataset).committed().stream()
                .collect(Collectors.groupingBy(Path::getParent, TreeMap::new, Collectors.toList()));
    }

    private static List<Path> hiddenFiles(Path output) {
        return CommittedFiles.of(output, Dataset.TICKETS_ENRICHED).hidden();
    }

    /**
     * What a reader of {@code tickets_enriched} sees at moments of the run: every listed file must be a
     * whole Parquet file with no name starting with '.', and no ticket may be listed twice (a merged file
     * and one of its sources both visible). Records how many hidden part files were on disk meanwhile.
     */
    private static final class Observations {
        final List<String> problems = new ArrayList<>();
        List<String> lastTicketIds = List.of();
        int maxHidden;

        void observe(Path output) {
            CommittedFiles listed = CommittedFiles.of(output, Dataset.TICKETS_ENRICHED);
            maxHidden = Math.max(maxHidden, listed.notCommitted());
            Map<String, Integer> times = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (Path file : listed.committed()) {
                if (file.getFileName().toString().startsWith(".")) {
                    problems.add("listed a hidden file: " + file);
                }
                List<GenericRecord> rows;
                try {
                    rows = ParquetDatasets.readFile(file);
                } catch (RuntimeException e) {
                    problems.add(
                            Files.exists(file)
                                    ? "cannot read the listed file " + file + ": " + e
                                    : "a listed file vanished (a committed file is never deleted): " + file);
                    continue;
                }
                for (GenericRecord row : rows) {
                    String id = ParquetDatasets.str(row, "ticket_id");
                    ids.add(id);
                    times.merge(id, 1, Integer::sum);
                }
            }
            times.forEach((id, n) -> {
                if (n > 1 && problems.size() < 20) {
                    problems.add("ticket " + id + " seen " + n + " times in " + listed.committed());
                }
            });
            lastTicketIds = ids;
        }
    }
}
