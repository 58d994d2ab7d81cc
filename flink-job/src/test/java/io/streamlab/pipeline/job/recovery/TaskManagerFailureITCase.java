package io.streamlab.pipeline.job.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.job.testing.Checkpoints;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.RestoredCheckpointStats;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task manager is lost in the middle of the stream, while records are flowing: the job restarts from
 * its latest checkpoint on a new task manager and, once it has read everything, its outputs equal those
 * of a run without failure, row for row, and every ticket is exactly once in its team's topic.
 *
 * <p>Two task managers with one slot each, the job at parallelism 2: each runs half of every operator,
 * so losing one fails the job for sure; a new one is started for the restart. Run for both state
 * backends, {@code hashmap} and {@code rocksdb} (incremental checkpoints), selected by configuration only,
 * and once with compaction on, whose pending merges are part of the checkpoint.
 */
class TaskManagerFailureITCase {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerFailureITCase.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2)
            .setNumberSlotsPerTaskManager(1)
            .build());

    /** Task managers keep their index when terminated; each test kills the oldest live one and starts one. */
    private static int nextToKill = 0;

    @TempDir
    Path work;

    @ParameterizedTest(name = "state.backend {0}, sink.compaction.checkpoints {1}")
    @CsvSource({"hashmap, 0", "rocksdb, 0", "hashmap, 3"})
    void losingATaskManagerMidStreamChangesNoOutput(
            String backend, int compactionCheckpoints, @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(
                KAFKA,
                work,
                "tm-loss-" + backend + "-" + compactionCheckpoints,
                "--state.backend",
                backend,
                "--sink.compaction.checkpoints",
                Integer.toString(compactionCheckpoints))) {
            s.publishFirstPart();
            JobClient job = s.start();

            // mid-stream: a checkpoint completed, output committed, and the second part flowing in
            TestPipelines.await(
                    "a completed checkpoint",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.completedCheckpoints(cluster, job) > 0);
            s.awaitCommittedOutput();
            PacedPublisher second = new PacedPublisher(s, s.secondPartBatches(8), Duration.ofMillis(150));
            TestPipelines.await("the second part flowing", RecoveryScenario.WAIT, () -> second.sent() >= 3);
            int ticketsBefore =
                    ParquetDatasets.read(s.output(), "tickets_enriched").size();
            LOG.info(
                    "Terminating task manager {} ({} tickets committed, {} of 8 batches of the second part sent)",
                    nextToKill,
                    ticketsBefore,
                    second.sent());
            cluster.terminateTaskManager(nextToKill++).get(60, TimeUnit.SECONDS);
            cluster.startTaskManager();
            second.join();

            TestPipelines.await(
                    "the job restored from a checkpoint",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.latestRestore(cluster, job) != null);
            s.awaitConsumed();
            RestoredCheckpointStats restore = RecoveryScenario.latestRestore(cluster, job);
            assertNotNull(restore);
            assertTrue(!restore.getProperties().isSavepoint(), "restored from a checkpoint: " + restore);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(30, TimeUnit.SECONDS), "recovered on its own");
            String stateBackend =
                    RecoveryScenario.graph(cluster, job).getStateBackendName().orElse("?");
            assertTrue(
                    stateBackend.toLowerCase().contains(backend.equals("rocksdb") ? "rocksdb" : "hashmap"),
                    "state backend chosen by configuration: " + stateBackend);
            // (checked while the job runs: a finished job discards its retained checkpoints)
            List<Path> jobDirs = Checkpoints.jobDirs(s.checkpointDir());
            assertEquals(1, jobDirs.size(), "one job, one checkpoint directory: " + jobDirs);
            if (backend.equals("rocksdb")) {
                assertTrue(
                        Checkpoints.sharedFiles(jobDirs.get(0)) > 0,
                        "incremental RocksDB checkpoints upload their SST files to shared/");
            }
            s.stopWithDrain(job);
            LOG.info(
                    "{}: restored from checkpoint {} ({}), state backend {}",
                    s.name,
                    restore.getCheckpointId(),
                    restore.getExternalPath(),
                    stateBackend);

            if (compactionCheckpoints > 0) {
                // files waiting for their merge, merges under way and merged files not yet committed were in
                // the checkpoint the job restored: each row still comes out once, in merged files only
                assertTrue(
                        ParquetDatasets.committedFiles(s.output(), "tickets_enriched").stream()
                                .allMatch(f -> f.getFileName().toString().startsWith("compacted-")),
                        "only merged files are committed");
            }
            s.assertSameOutputsAs(s.cleanRun());
        }
    }
}
