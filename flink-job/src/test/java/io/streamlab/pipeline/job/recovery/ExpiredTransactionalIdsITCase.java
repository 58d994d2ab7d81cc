package io.streamlab.pipeline.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.job.sinks.ForgottenTransactionsCommitter;
import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint resumed after the broker forgot the job's transactional ids ({@code
 * transactional.id.expiration.ms}, 7 days by default: a stop before a holiday, a job left FAILED over a
 * week-end and more). The restored job commits the Kafka transactions of its snapshot again, as it must,
 * not knowing whether they were; their ids are gone, so the broker answers "invalid producer id mapping",
 * which the connector took for a lost commit and restarted the job, to fail the same way at every restart:
 * the savepoint could never be resumed. Here the broker forgets ids after 2 s.
 */
class ExpiredTransactionalIdsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension()
            .withBrokerProperty("transactional.id.expiration.ms", "2000")
            .withBrokerProperty("transaction.remove.expired.transaction.cleanup.interval.ms", "500");

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManagerReportingTo(METRICS);

    @TempDir
    Path work;

    @Test
    void aSavepointResumedAfterTheBrokerForgotItsTransactionalIdsRunsOnWithNothingLostOrDoubled(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "expired-ids", "--restart.attempts", "0")) {
            // no checkpoint before the savepoint: its transactions hold every record of the first part, so
            // the savepoint holds their commits, which the stop makes and the resumed job makes again
            s.publishFirstPart();
            JobClient first = s.start(
                    s.config("--checkpoint.interval", "2min", "--checkpoint.tolerable-failures", "0"), env -> {});
            JobMetrics metrics = new JobMetrics(METRICS, first.getJobID());
            TestPipelines.await(
                    "the first part read",
                    RecoveryScenario.WAIT,
                    () -> metrics.counted(PipelineMetrics.Input.TICKETS.parsed()) == s.splitTicket()
                            && metrics.counted(PipelineMetrics.Input.TICKETS.invalid()) == 1);
            // seen while the job runs: after the stop, the broker forgets them within its 2 s expiration
            String prefix = s.config.job().name() + "-";
            TestPipelines.await(
                    "the job's team and dead-letter sinks using transactions",
                    RecoveryScenario.WAIT,
                    () -> !transactionalIds(prefix).isEmpty());
            String savepoint = s.stopWithSavepoint(first);
            TestPipelines.await(
                    "the broker forgot the job's transactional ids",
                    Duration.ofSeconds(60),
                    () -> transactionalIds(prefix).isEmpty(),
                    () -> transactionalIds(prefix));

            s.publishSecondPart();
            JobClient resumed = s.start(s.config("--flink.execution.state-recovery.path", savepoint), env -> {});
            s.awaitConsumedOrEnded(resumed);
            assertThat(RecoveryScenario.status(resumed))
                    .as("the resumed job runs (with no restart allowed, a failed commit ends it)")
                    .isEqualTo(JobStatus.RUNNING);
            assertThat(new JobMetrics(METRICS, resumed.getJobID()).counted(ForgottenTransactionsCommitter.METRIC))
                    .as("the restored commits whose ids the broker forgot")
                    .isPositive();
            s.stopWithDrain(resumed);
            assertThat(RecoveryScenario.graph(cluster, resumed).getStatusTimestamp(JobStatus.RESTARTING))
                    .as("never restarted")
                    .isZero();

            s.assertSameOutputsAs(s.cleanRun());
        }
    }

    /** The transactional ids the broker still knows that start with {@code prefix}. */
    private static List<String> transactionalIds(String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the broker's transactions", e);
        }
    }
}
