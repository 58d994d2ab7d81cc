package io.streamlab.pipeline.producer.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.KafkaClients;
import io.streamlab.pipeline.producer.ToolFailure;
import io.streamlab.pipeline.producer.topics.TopicAdmin;
import io.streamlab.pipeline.records.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/*
 * PUBLISH ONCE
 * ============
 * Running `tracks` or `tickets` twice must not put the same data on a topic twice (a restarted demo,
 * a retried script), yet a topic that was deleted and created again must get it back.
 *
 * 1. A dataset has an id: the SHA-256 of what defines its content. A file: a format tag plus the
 *    SHA-256 of its bytes (plus the column mapping for tickets). A generator: its name and version,
 *    the record count, the seed and an explicit --start-time if one was given (without one, a run a
 *    minute later is still "the same dataset", only shifted in time). Continuous tickets, and counted
 *    tickets without an explicit --seed, have no id: they are new data every time.
 * 2. Every record published carries the header `dataset-id` = that id, so a reader can tell datasets
 *    apart on a topic that holds several.
 * 3. Only after the whole dataset was sent and acknowledged (not on a failure, not when interrupted)
 *    a marker is written to the compacted topic `_producer-datasets` (1 partition, created when
 *    needed): key `<topic>/<dataset id>`, value JSON {topic, topic_id, dataset_id, records,
 *    source, completed_at}. Compaction keeps the newest marker per key, so the topic stays tiny.
 * 4. Before publishing (unless --force), the marker topic is read from the start (it is small). The
 *    topic "already holds the dataset" when a marker exists for (topic, id), the topic's current
 *    Kafka topic id equals the marker's (a deleted and re-created topic has a new id) and the topic
 *    still holds at least that many records (sum over partitions of end minus start offset: retention
 *    that removed records makes it publish again). Then the tool says so and exits 0 without writing.
 * 5. --force publishes anyway and writes a fresh marker. Benchmarks write to fresh topics, no marker.
 */

/** The markers of fully published datasets, on the compacted topic {@value #TOPIC}. */
public final class DatasetRegistry {
    public static final String TOPIC = "_producer-datasets";

    /** A dataset fully published to a topic. */
    public record Marker(String topic, String topicId, String datasetId, long records, String source, String completedAt) {
        String key() {
            return key(topic, datasetId);
        }

        static String key(String topic, String datasetId) {
            return topic + "/" + datasetId;
        }
    }

    private final PipelineConfig.Kafka kafka;
    private final short replicationFactor;
    private final TopicAdmin topics;
    private final Admin admin;

    public DatasetRegistry(PipelineConfig config, Admin admin) {
        this.kafka = config.kafka();
        this.replicationFactor = config.topics().replicationFactor();
        this.admin = admin;
        this.topics = new TopicAdmin(admin);
    }

    /** The marker of {@code datasetId} on {@code topic}, if it was ever fully published there. */
    public Optional<Marker> find(String topic, String datasetId) {
        if (topics.describe(TOPIC).isEmpty()) {
            return Optional.empty();
        }
        byte[] wanted = Marker.key(topic, datasetId).getBytes(StandardCharsets.UTF_8);
        byte[] value = null;
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        Duration timeout = kafka.startupTimeout();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.reader(kafka)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(tp, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new ToolFailure("Cannot read " + TOPIC + " (the published-datasets markers) within "
                            + timeout.toSeconds() + "s; use --force to publish without checking");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (Arrays.equals(r.key(), wanted)) {
                        value = r.value(); // the newest marker wins; null is a tombstone
                    }
                }
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            return Optional.of(new Marker(node.path("topic").asText(), node.path("topic_id").asText(),
                    node.path("dataset_id").asText(), node.path("records").asLong(), node.path("source").asText(),
                    node.path("completed_at").asText()));
        } catch (IOException e) {
            return Optional.empty(); // an unreadable marker is no marker: publish again
        }
    }

    /** Why the topic does not hold the marker's dataset any more, or empty when it does. */
    public Optional<String> missing(Marker marker) {
        Optional<TopicAdmin.TopicInfo> info = topics.describe(marker.topic());
        if (info.isEmpty()) {
            return Optional.of("the topic no longer exists");
        }
        if (!info.get().id().toString().equals(marker.topicId())) {
            return Optional.of("the topic was deleted and created again since");
        }
        long held = recordCount(info.get());
        if (held < marker.records()) {
            return Optional.of("the topic holds " + held + " records now, fewer than the " + marker.records() + " published");
        }
        return Optional.empty();
    }

    /** Records currently held: end minus start offset, summed over partitions. */
    public long recordCount(TopicAdmin.TopicInfo topic) {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < topic.partitions(); p++) {
            earliest.put(new TopicPartition(topic.name(), p), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
        }
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(earliest).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get();
            long total = 0;
            for (TopicPartition tp : end.keySet()) {
                total += end.get(tp).offset() - start.get(tp).offset();
            }
            return total;
        } catch (ExecutionException e) {
            throw new ToolFailure("Cannot count the records of " + topic.name() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while counting the records of " + topic.name());
        }
    }

    /** Writes the marker of a fully published dataset (the caller has flushed every record). */
    public Marker record(Producer<String, byte[]> producer, String topic, String datasetId, long records, String source) {
        topics.ensure(TOPIC, 1, replicationFactor, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        TopicAdmin.TopicInfo info = topics.describe(topic)
                .orElseThrow(() -> new ToolFailure("Topic " + topic + " disappeared while publishing"));
        Marker marker = new Marker(topic, info.id().toString(), datasetId, records, source, Instant.now().toString());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("topic", marker.topic());
        value.put("topic_id", marker.topicId());
        value.put("dataset_id", marker.datasetId());
        value.put("records", marker.records());
        value.put("source", marker.source());
        value.put("completed_at", marker.completedAt());
        try {
            producer.send(new ProducerRecord<>(TOPIC, marker.key(), Json.write(value))).get();
        } catch (ExecutionException e) {
            throw new ToolFailure("Published, but could not record it in " + TOPIC + ": " + e.getCause().getMessage()
                    + " (a next run would publish the dataset again)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while recording the dataset in " + TOPIC);
        }
        return marker;
    }
}
