package io.streamlab.pipeline.job.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.testing.JobMetrics;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.MiniClusters;
import io.streamlab.pipeline.job.testing.OutputSnapshot;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job resumed after the tickets topic's retention deleted records it had not read yet (a stop longer
 * than {@code topic.retention}, or a job that fell that far behind). The connector moved to the oldest
 * record kept without a word, and the windows came out looking complete. Each partition's loss is now one
 * {@code deleted-unread} dead letter saying which offsets were lost, and the job reads on: every ticket
 * kept is in {@code tickets_enriched} once, none of the deleted ones, and it never restarted.
 */
class DeletedInputITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DELETED_PER_PARTITION = 10;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    /** The job's metrics, kept after it ends. */
    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = MiniClusters.oneTaskManagerReportingTo(METRICS);

    @TempDir
    Path work;

    @Test
    void recordsDeletedBeforeTheResumedJobReadThemAreOneDeadLetterPerPartitionAndTheRestIsRead(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        try (RecoveryScenario s = RecoveryScenario.create(KAFKA, work, "deleted", "--restart.attempts", "0")) {
            String bootstrap = KAFKA.bootstrapServers();
            String tickets = s.config.topics().tickets();
            s.publishFirstPart();
            JobClient first = s.start();
            s.awaitConsumed();
            String savepoint = s.stopWithSavepoint(first);
            Map<TopicPartition, Long> positions =
                    KafkaTopics.groupOffsets(bootstrap, s.config.job().groupId()).entrySet().stream()
                            .filter(e -> e.getKey().topic().equals(tickets))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(positions)
                    .as("the job read every partition")
                    .hasSize(s.config.topics().partitions());

            // while the job is stopped: the second part, then the first records of it deleted in each partition
            s.publishSecondPart();
            List<ConsumerRecord<String, String>> published = KafkaTopics.readCommitted(bootstrap, tickets);
            Set<String> deleted = new TreeSet<>();
            Set<String> validTickets = new TreeSet<>();
            long invalidReadByTheResumedJob = 0;
            for (ConsumerRecord<String, String> r : published) {
                long position = positions.get(new TopicPartition(tickets, r.partition()));
                if (r.offset() >= position && r.offset() < position + DELETED_PER_PARTITION) {
                    deleted.add(r.key());
                } else if (!r.key().startsWith("bad-ticket")) {
                    validTickets.add(r.key());
                } else if (r.offset() >= position) {
                    invalidReadByTheResumedJob++;
                }
            }
            assertThat(invalidReadByTheResumedJob)
                    .as("the second part's invalid ticket")
                    .isEqualTo(1);
            assertThat(deleted)
                    .hasSize(positions.size() * DELETED_PER_PARTITION)
                    .noneMatch(k -> k.startsWith("bad-ticket"));
            Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
            positions.forEach((partition, position) ->
                    toDelete.put(partition, RecordsToDelete.beforeOffset(position + DELETED_PER_PARTITION)));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.deleteRecords(toDelete).all().get(30, TimeUnit.SECONDS);
            }

            JobClient resumed = s.start(s.config("--flink.execution.state-recovery.path", savepoint), env -> {});
            s.awaitConsumedOrEnded(resumed);
            assertThat(RecoveryScenario.status(resumed))
                    .as("the resumed job runs")
                    .isEqualTo(JobStatus.RUNNING);
            s.stopWithDrain(resumed);
            assertThat(RecoveryScenario.graph(cluster, resumed).getStatusTimestamp(JobStatus.RESTARTING))
                    .as("never restarted")
                    .isZero();

            Map<String, JsonNode> lost = new HashMap<>();
            for (ConsumerRecord<String, String> r :
                    KafkaTopics.readCommitted(bootstrap, s.config.topics().deadLetters())) {
                JsonNode letter = JSON.readTree(r.value());
                if (letter.path("category").asText().equals(RejectCategory.DELETED_UNREAD.label())) {
                    lost.put(r.key(), letter);
                }
            }
            Set<String> expectedKeys = positions.entrySet().stream()
                    .map(e -> tickets + "/" + e.getKey().partition() + "/" + e.getValue())
                    .collect(Collectors.toSet());
            assertThat(lost)
                    .as("one dead letter per partition, at its first lost offset")
                    .hasSize(positions.size());
            assertThat(lost.keySet()).isEqualTo(expectedKeys);
            positions.forEach((partition, position) -> {
                JsonNode letter = lost.get(tickets + "/" + partition.partition() + "/" + position);
                assertThat(letter.path("reason").asText())
                        .startsWith("deleted-unread: offsets " + position + " to "
                                + (position + DELETED_PER_PARTITION - 1) + " of " + partition + " (at most "
                                + DELETED_PER_PARTITION + " records)");
            });
            assertThat(OutputSnapshot.of(s.output()).rows("dead_letters").values().stream()
                            .map(DeadLetter.class::cast)
                            .filter(d -> d.category().equals(RejectCategory.DELETED_UNREAD.label()))
                            .map(DeadLetter::sourceKey))
                    .as("and in the dead_letters dataset")
                    .containsExactlyInAnyOrderElementsOf(expectedKeys);

            OutputSnapshot output = OutputSnapshot.of(s.output());
            output.assertNoDuplicates();
            assertThat(new TreeSet<>(output.rows("tickets_enriched").keySet()))
                    .as("every ticket kept, once, none deleted")
                    .isEqualTo(validTickets);
            assertThat(s.teams(s.config).keySet()).as("the team topics too").isEqualTo(validTickets);

            // a loss is counted apart from the records the contract refused
            JobMetrics metrics = new JobMetrics(METRICS, resumed.getJobID());
            assertThat(metrics.counted(DeadLetters.METRIC_GROUP + "." + RejectCategory.DELETED_UNREAD.label() + "."
                            + DeadLetters.METRIC))
                    .as("deadLetters{category=deleted-unread}")
                    .isEqualTo(positions.size());
            assertThat(metrics.registered(PipelineMetrics.Input.TICKETS.invalid()))
                    .isTrue();
            assertThat(metrics.counted(PipelineMetrics.Input.TICKETS.invalid()))
                    .as("ticketsInvalid: the invalid tickets the resumed job read, not the losses")
                    .isEqualTo(invalidReadByTheResumedJob);
            assertThat(metrics.counted(PipelineMetrics.Input.TICKETS.late())).isZero();
        }
    }
}
