package io.streamlab.pipeline.producer.topics;

import io.streamlab.pipeline.producer.ToolFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Idempotent topic creation and the few topic facts the tool needs, with errors a person can read. */
public final class TopicAdmin {

    /** What {@link #ensure} found or did. */
    public record Outcome(String topic, boolean created, int partitions) {}

    /** A topic as it exists now: its id changes when it is deleted and created again. */
    public record TopicInfo(String name, Uuid id, int partitions) {}

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;

    public TopicAdmin(Admin admin) {
        this.admin = admin;
    }

    /** Creates the topic unless it exists; never changes an existing one. */
    public Outcome ensure(String topic, int partitions, short replicationFactor, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(configs)))
                    .all()
                    .get();
            awaitLeaders(topic, partitions);
            return new Outcome(topic, true, partitions);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                int existing = describe(topic)
                        .map(TopicInfo::partitions)
                        .orElseThrow(() -> new ToolFailure("Topic " + topic + " exists but cannot be described"));
                return new Outcome(topic, false, existing);
            }
            throw new ToolFailure("Cannot create topic " + topic + ": " + message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while creating topic " + topic);
        }
    }

    /**
     * Waits until every partition of a new topic has a leader that serves requests. Producing to a
     * partition whose leader is not ready yet fails with NOT_LEADER_OR_FOLLOWER; the idempotent
     * producer's later in-flight batches then get written first and the retried first one is refused
     * with OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout (seen with Kafka 4.2 on a new topic).
     */
    private void awaitLeaders(String topic, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (true) {
            try {
                // ListOffsets is answered by each partition's leader itself, once it serves the partition:
                // right after the creation it fails (NOT_LEADER_OR_FOLLOWER, even UNKNOWN_SERVER_ERROR)
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new ToolFailure("The partitions of the new topic " + topic + " are not served by a leader "
                            + LEADER_TIMEOUT.toSeconds() + "s after their creation: " + message(notYet));
                }
            }
            Thread.sleep(50); // leaders take over within milliseconds on a healthy cluster
        }
    }

    public Optional<TopicInfo> describe(String topic) {
        return describe(topic, null);
    }

    /** As {@link #describe(String)}, giving up after {@code timeout} (null: the admin client's own timeout). */
    public Optional<TopicInfo> describe(String topic, Duration timeout) {
        try {
            DescribeTopicsOptions options = new DescribeTopicsOptions();
            if (timeout != null) {
                options.timeoutMs((int) timeout.toMillis());
            }
            TopicDescription d = admin.describeTopics(List.of(topic), options)
                    .allTopicNames()
                    .get()
                    .get(topic);
            return Optional.of(new TopicInfo(topic, d.topicId(), d.partitions().size()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new ToolFailure("Cannot describe topic " + topic + ": " + message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while describing topic " + topic);
        }
    }

    public void delete(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new ToolFailure("Cannot delete topic " + topic + ": " + message(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while deleting topic " + topic);
        }
    }

    static String message(ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
