package io.streamlab.pipeline.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TestTickets.Generated;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README's upgrade notes promise about teams: a team added resumes a savepoint (its sink starts
 * with empty state) and gets its tickets; a team removed leaves its sink's state in the savepoint, so the
 * resume is refused until the state may be dropped ({@code --allow-non-restored-state}, Flink's
 * {@code execution.state-recovery.ignore-unclaimed-state}), and then runs. No ticket is lost or written twice
 * across the three runs.
 */
class TeamChangesAcrossSavepointsITCase {
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
    void aTeamAddedResumesAndATeamRemovedIsRefusedUntilItsStateMayBeDropped() throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "team-changes", "--restart.attempts", "0")) {
            s.publishFirstPart();
            JobClient first = s.start();
            s.awaitConsumed();
            String beforeBilling = s.stopWithSavepoint(first);

            // a fourth team, for refund requests
            PipelineConfig added = s.config(
                    "--teams",
                    "incident,support_general,produit,billing",
                    "--team.billing.topic",
                    "team-changes-team-billing",
                    "--routing.type.refund_request",
                    "billing",
                    "--flink.execution.state-recovery.path",
                    beforeBilling);
            KAFKA.createTopic("team-changes-team-billing", added.topics().partitions());
            JobClient second = s.start(added, env -> {});
            s.publishSecondPart();
            s.awaitConsumedOrEnded(second);
            assertThat(RecoveryScenario.status(second))
                    .as("resumed with a team added")
                    .isEqualTo(JobStatus.RUNNING);
            TestPipelines.await(
                    "refund requests routed to the new team",
                    RecoveryScenario.WAIT,
                    () -> !KafkaTopics.readCommitted(KAFKA.bootstrapServers(), "team-changes-team-billing")
                            .isEmpty());
            String withBillingSavepoint = s.stopWithSavepoint(second);

            // the team removed again: its sink's state has no operator to go to
            JobClient refused =
                    s.start(s.config("--flink.execution.state-recovery.path", withBillingSavepoint), env -> {});
            assertThatThrownBy(() -> refused.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                    .hasStackTraceContaining("Cannot map checkpoint/savepoint state for operator");

            JobClient third = s.start(
                    s.config(
                            "--flink.execution.state-recovery.path",
                            withBillingSavepoint,
                            "--flink.execution.state-recovery.ignore-unclaimed-state",
                            "true"),
                    env -> {});
            // refund requests read by it go to the default team again
            List<Generated> afterRemoval = TestTickets.generate(
                    "after-removal-", 60, RecoveryScenario.T0_MS + 400_000, 1000, 7, TestTickets.TYPES);
            s.publish(new RecoveryScenario.Batch(
                    List.of(),
                    afterRemoval.stream()
                            .map(t -> Map.entry(t.ticketId(), t.json()))
                            .toList()));
            s.awaitConsumedOrEnded(third);
            assertThat(RecoveryScenario.status(third)).isEqualTo(JobStatus.RUNNING);
            s.stopWithDrain(third);

            OutputSnapshot output = OutputSnapshot.of(s.output());
            output.assertNoDuplicates();
            Map<String, String> routed = s.teams(added);
            assertThat(routed.values()).contains("billing");
            assertThat(new TreeSet<>(routed.keySet()))
                    .as("every valid ticket routed once, across the three runs")
                    .isEqualTo(new TreeSet<>(output.rows("tickets_enriched").keySet()));
            assertThat(output.rows("tickets_enriched")).hasSize(s.ticketRecords() - 2 + afterRemoval.size());
            assertThat(afterRemoval)
                    .as("the batch after the removal holds refund requests")
                    .anyMatch(t -> t.normalisedType().equals("refund_request"));
            afterRemoval.forEach(t -> assertThat(routed.get(t.ticketId()))
                    .as(t.ticketId())
                    .isNotNull()
                    .isNotEqualTo("billing"));
        }
    }
}
