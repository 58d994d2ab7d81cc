package io.streamlab.pipeline.config;

import io.streamlab.pipeline.records.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic-level settings of the pipeline's topics, and the start-up check that the topics the job
 * writes take the records it may write. A broker refuses a record batch above the topic's
 * {@code max.message.bytes} (1 MiB by default) whatever the producer's {@code max.request.size}: a job
 * whose {@code sink.max-record-bytes} was raised above it would fail its exactly-once sink on the first
 * large ticket, and again after every restart.
 */
public final class TopicSettings {
    /** Kafka's default {@code message.max.bytes}: 1 MiB plus the record batch header. */
    static final int KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    /** A record's key, headers and batch header on top of its value. */
    static final int RECORD_OVERHEAD_BYTES = 1024;

    private TopicSettings() {}

    /**
     * What every data topic is created with: the retention, and a {@code max.message.bytes} that takes
     * the largest record the job accepts ({@code limits.record.max-bytes}) or writes
     * ({@code sink.max-record-bytes}).
     */
    public static Map<String, String> forCreation(PipelineConfig config) {
        return Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(config.topics().retention().toMillis()),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                Integer.toString(maxMessageBytes(config)));
    }

    static int maxMessageBytes(PipelineConfig config) {
        long largest =
                Math.max(config.limits().maxRecordBytes(), config.limits().maxSinkRecordBytes())
                        + config.limits().maxKeyBytes();
        return (int)
                Math.min(Integer.MAX_VALUE, Math.max(KAFKA_DEFAULT_MAX_MESSAGE_BYTES, largest + RECORD_OVERHEAD_BYTES));
    }

    /**
     * The largest record the dead-letter sink writes: the largest dead letter ({@link DeadLetter#MAX_JSON_BYTES}),
     * whatever {@code sink.max-record-bytes} says, so a dead letter never fails its sink.
     */
    public static int maxDeadLetterRecordBytes() {
        return DeadLetter.MAX_JSON_BYTES + RECORD_OVERHEAD_BYTES;
    }

    /**
     * Refuses to start when a team topic takes smaller records than {@code sink.max-record-bytes}, or the
     * dead-letter topic smaller than the largest dead letter ({@link #maxDeadLetterRecordBytes}), naming
     * the topic, both values and the fix. Topics that do not exist yet are left to the broker; the settings
     * of a topic that cannot be read (a client without the DescribeConfigs permission) are not checked, and
     * the returned warnings say so.
     */
    public static List<String> checkOutputTopics(PipelineConfig config, Admin admin) {
        List<String> warnings = new ArrayList<>();
        int needed = config.limits().maxSinkRecordBytes();
        for (String topic : config.routing().teamTopics().values()) {
            requireTakes(
                    admin,
                    config.kafka(),
                    warnings,
                    topic,
                    needed,
                    "sink.max-record-bytes (" + needed + ")",
                    "the job would fail on the first larger ticket, and after every restart",
                    ", or lower sink.max-record-bytes");
        }
        int deadLetterNeeded = maxDeadLetterRecordBytes();
        requireTakes(
                admin,
                config.kafka(),
                warnings,
                config.topics().deadLetters(),
                deadLetterNeeded,
                "the largest dead letter (" + deadLetterNeeded + " bytes)",
                "the job would fail on the first larger dead letter, and after every restart",
                "");
        return warnings;
    }

    /**
     * Refuses to publish to an input topic that takes smaller records than {@code limits.record.max-bytes}
     * (a topic created elsewhere, with another {@code max.message.bytes}): the broker would refuse the
     * first larger record, which the limits let through, and the publish would stop there, at the same
     * record on every re-run. Returns the warnings of a topic whose settings cannot be read.
     */
    public static List<String> checkInputTopic(PipelineConfig config, Admin admin, String topic) {
        List<String> warnings = new ArrayList<>();
        int needed = config.limits().maxRecordBytes();
        requireTakes(
                admin,
                config.kafka(),
                warnings,
                topic,
                needed,
                PipelineConfig.Limits.RECORD_BYTES + " (" + needed + ")",
                "the publish would stop at the first larger record, and at the same record on every re-run",
                ", or lower " + PipelineConfig.Limits.RECORD_BYTES);
        return warnings;
    }

    /**
     * Refuses to start when {@code topic} exists and takes records smaller than {@code needed} bytes: the
     * message names the topic, both values, what would happen and the fix ({@code otherFix} adds another).
     */
    private static void requireTakes(
            Admin admin,
            PipelineConfig.Kafka kafka,
            List<String> warnings,
            String topic,
            int needed,
            String bound,
            String consequence,
            String otherFix) {
        maxMessageBytes(admin, topic, kafka, warnings, bound).ifPresent(accepted -> {
            if (accepted < needed) {
                throw new ConfigException("Topic " + topic + " takes records of at most " + accepted
                        + " bytes (its max.message.bytes), below " + bound + ": " + consequence
                        + ". Raise the topic's max.message.bytes to " + needed
                        + " or more (kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                        + " --add-config max.message.bytes=" + needed + ")" + otherFix);
            }
        });
    }

    private static Optional<Integer> maxMessageBytes(
            Admin admin, String topic, PipelineConfig.Kafka kafka, List<String> warnings, String bound) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(kafka.startupTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null
                    ? Optional.empty()
                    : Optional.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                warnings.add(unchecked(topic, e.getCause().toString(), bound));
            }
            return Optional.empty();
        } catch (TimeoutException e) {
            warnings.add(unchecked(topic, "no answer within kafka.startup-timeout", bound));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while reading the settings of topic " + topic);
        }
    }

    private static String unchecked(String topic, String why, String bound) {
        return "Could not read the max.message.bytes of topic " + topic + " (" + why + "): not checked against "
                + bound;
    }
}
