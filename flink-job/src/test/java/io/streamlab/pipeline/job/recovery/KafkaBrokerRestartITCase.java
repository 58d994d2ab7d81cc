package io.streamlab.pipeline.job.recovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker goes down and comes back (same port, same data) while the job runs: the job gets
 * over it on its own (its clients reconnect, or it restarts from its latest checkpoint), goes on with the
 * records published after the restart, and its outputs equal those of a run that saw no outage; open
 * transactions of the team and dead-letter sinks are committed or aborted, never doubled.
 */
class KafkaBrokerRestartITCase {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerRestartITCase.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path work;

    @Test
    void theJobRidesOutABrokerRestartWithExactlyOnceOutputs(@InjectMiniCluster MiniCluster cluster) throws Exception {
        // an outage can fail a task several times in a row (each attempt waits for the broker): allow a few
        try (RecoveryScenario s = RecoveryScenario.create(
                KAFKA, work, "broker-restart", "--restart.attempts", "5", "--restart.delay", "1s")) {
            s.publishFirstPart();
            JobClient job = s.start();
            TestPipelines.await(
                    "a completed checkpoint",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.completedCheckpoints(cluster, job) > 0);
            s.awaitCommittedOutput();

            // the second part is flowing in when the broker goes down; its producer waits and goes on
            PacedPublisher second = new PacedPublisher(s, s.secondPartBatches(8), Duration.ofMillis(150));
            TestPipelines.await("the second part flowing", RecoveryScenario.WAIT, () -> second.sent() >= 2);
            long before = RecoveryScenario.completedCheckpoints(cluster, job);
            long started = System.nanoTime();
            KAFKA.restart();
            LOG.info(
                    "Broker restarted in {} ms ({} checkpoints completed before, {} of 8 batches sent)",
                    (System.nanoTime() - started) / 1_000_000,
                    before,
                    second.sent());
            second.join();
            s.awaitConsumed();
            // a task that failed over the outage may still be restarting when its records are all counted
            TestPipelines.await(
                    "the job recovered on its own",
                    RecoveryScenario.WAIT,
                    () -> RecoveryScenario.status(job) == JobStatus.RUNNING);
            long after = RecoveryScenario.completedCheckpoints(cluster, job);
            assertTrue(after > before, "checkpoints complete again after the restart: " + before + " -> " + after);
            LOG.info(
                    "After the broker restart: {} checkpoints completed, {} restore(s) from a checkpoint",
                    after,
                    RecoveryScenario.checkpoints(cluster, job).getCounts().getNumberOfRestoredCheckpoints());
            s.stopWithDrain(job);

            s.assertSameOutputsAs(s.cleanRun());
        }
    }
}
