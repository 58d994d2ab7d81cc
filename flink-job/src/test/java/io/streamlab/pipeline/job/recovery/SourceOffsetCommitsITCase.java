package io.streamlab.pipeline.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics.Input;
import java.nio.file.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sources commit their checkpoints' offsets to the consumer group when the checkpoint completes. The
 * connector queued each commit behind its fetcher's poll, which waits up to 10 s on an idle partition: a
 * job stopped within those 10 s of reading its last records left them uncommitted in the group (lag that
 * never goes away in Kafbat or the consumer-group tools, until the job runs again and reads more).
 */
class SourceOffsetCommitsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManagerReportingTo(METRICS);

    @TempDir
    Path work;

    @Test
    void aJobStoppedAsSoonAsItReadItsInputLeavesItsGroupAtTheEndOfEveryPartition() throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "offset-commits")) {
            s.publishFirstPart();
            long published = s.splitTrack() + 1 + s.splitTicket() + 1; // with one malformed record of each
            JobClient job = s.start();
            JobMetrics metrics = new JobMetrics(METRICS, job.getJobID());
            TestPipelines.await(
                    "every published record read",
                    RecoveryScenario.WAIT,
                    () -> read(metrics, Input.TRACKS) + read(metrics, Input.TICKETS) == published,
                    () -> read(metrics, Input.TRACKS) + " tracks and " + read(metrics, Input.TICKETS)
                            + " tickets read of " + published);
            s.stopWithSavepoint(job);

            assertThat(KafkaTopics.groupOffsets(
                            KAFKA.bootstrapServers(), s.config.job().groupId()))
                    .as("the group's offsets after the stop: the end of every partition")
                    .isEqualTo(KafkaTopics.endOffsets(
                            KAFKA.bootstrapServers(),
                            s.config.topics().tracks(),
                            s.config.topics().tickets()));
        }
    }

    private static long read(JobMetrics metrics, Input input) {
        return metrics.counted(input.parsed()) + metrics.counted(input.invalid());
    }
}
