package io.streamlab.pipeline.job.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.job.testing.Checkpoints;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run's JVM is killed with SIGKILL in the middle of the stream (no shutdown hook, no savepoint,
 * an open Kafka transaction and in-progress part files left behind), and started again from its latest
 * retained checkpoint with {@code --flink.execution.state-recovery.path .../chk-N}: once it has read
 * everything, its outputs equal those of a clean run, row for row, and every ticket is exactly once in
 * its team's topic. Each hidden part file the dead JVM left behind is either committed by the restore
 * (it was pending in the checkpoint: rolled at the barrier, killed before the rename) or stays hidden for
 * good (written after the checkpoint); never both, so readers never see its rows twice.
 *
 * <p>The job runs as {@code run-local.sh} runs it (the shaded jar plus {@code target/provided-classpath.txt},
 * {@link io.streamlab.pipeline.job.LocalRunner}), with {@code --state.backend rocksdb}: the local classpath
 * must carry RocksDB, and a restore from an incremental checkpoint is the case that needs its shared files.
 */
class ProcessKillRecoveryITCase {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessKillRecoveryITCase.class);
    private static final Duration PROCESS_WAIT = Duration.ofSeconds(180);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** Only for the clean reference run; the job under test runs in its own JVM. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    @Test
    void aKilledLocalRunResumesFromItsLatestCheckpointWithoutLossOrDuplicates() throws Exception {
        RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "sigkill", "--state.backend", "rocksdb");
        List<LocalJobProcess> started = new ArrayList<>();
        try {
            s.publishFirstPart();
            LocalJobProcess first = LocalJobProcess.start(work, "first-run", s.args());
            started.add(first);
            first.awaitRunning(PROCESS_WAIT);

            // mid-stream: a retained checkpoint on disk, output committed, the second part flowing in
            TestPipelines.await(
                    "a retained checkpoint",
                    PROCESS_WAIT,
                    () -> Checkpoints.latestOfAnyJob(s.checkpointDir()).isPresent());
            s.awaitCommittedOutput();
            PacedPublisher second = new PacedPublisher(s, s.secondPartBatches(8), Duration.ofMillis(150));
            TestPipelines.await("the second part flowing", RecoveryScenario.WAIT, () -> second.sent() >= 3);
            int exit = first.kill();
            LOG.info("Killed the first run (exit {}) after {} of 8 batches of the second part", exit, second.sent());
            assertEquals(137, exit, "SIGKILL (128 + 9)");
            assertFalse(first.console().contains("Stopping the job with a savepoint"), "no shutdown hook ran");
            second.join();

            Path checkpoint = Checkpoints.latestOfAnyJob(s.checkpointDir()).orElseThrow();
            List<Path> leftInProgress = ParquetDatasets.uncommittedFiles(s.output());
            LOG.info(
                    "Latest retained checkpoint {}; the dead run left {} hidden part file(s)",
                    checkpoint,
                    leftInProgress.size());

            RecoveryScenario.Reference reference = s.cleanRun();

            LocalJobProcess resumed = LocalJobProcess.start(
                    work,
                    "resumed-run",
                    s.args(
                            "--flink.execution.state-recovery.path",
                            checkpoint.toUri().toString()));
            started.add(resumed);
            resumed.awaitRunning(PROCESS_WAIT);
            TestPipelines.await(
                    "the restore in the checkpoint statistics",
                    PROCESS_WAIT,
                    () -> resumed.latestRestore().has("external_path"));
            JsonNode restore = resumed.latestRestore();
            assertEquals(Checkpoints.number(checkpoint), restore.path("id").asLong(), restore.toString());
            assertEquals(
                    checkpoint.toUri().getPath().replaceAll("/$", ""),
                    URI.create(restore.path("external_path").asText()).getPath().replaceAll("/$", ""));

            s.awaitConsumed();
            String savepoint = resumed.stopWithDrain(work.resolve("savepoints"), PROCESS_WAIT);
            assertEquals(0, resumed.awaitExit(PROCESS_WAIT), "the local run exits 0 once its job is stopped");
            LOG.info("Resumed run stopped with savepoint {}", savepoint);

            s.assertSameOutputsAs(reference);
            // what the dead run left behind: pending in the checkpoint (the restore commits it by a rename)
            // or written after it (stays hidden, readers skip it); never visible twice
            int committedByRestore = 0;
            for (Path hidden : leftInProgress) {
                String file = hidden.getFileName().toString();
                assertTrue(
                        file.startsWith(".") && file.contains(".inprogress."), "an in-progress part file: " + hidden);
                Path committed = hidden.resolveSibling(file.substring(1, file.indexOf(".inprogress.")));
                if (Files.exists(committed)) {
                    committedByRestore++;
                    assertFalse(Files.exists(hidden), "committed and still hidden: " + committed);
                }
            }
            LOG.info(
                    "Of {} hidden part file(s) the dead run left, the restore committed {} (pending in {})",
                    leftInProgress.size(),
                    committedByRestore,
                    checkpoint.getFileName());
        } catch (AssertionError | RuntimeException e) {
            StringBuilder tails = new StringBuilder(String.valueOf(e.getMessage()));
            started.forEach(p -> tails.append('\n').append(p.tail()));
            throw new AssertionError(tails.toString(), e);
        } finally {
            started.forEach(LocalJobProcess::close);
        }
    }
}
