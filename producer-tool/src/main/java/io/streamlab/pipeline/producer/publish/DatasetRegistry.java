package io.streamlab.pipeline.producer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

/*
 * PUBLISH ONCE, ATOMICALLY
 * ========================
 * Running `tracks` or `tickets` twice must not put the same data on a topic twice (a restarted demo,
 * a retried script, a run killed with SIGKILL, Ctrl+C or a broker outage half-way), yet a topic that
 * was deleted and created again must get it back. A dataset is in its topic completely, or not at
 * all, or partly and then resumable exactly where it stopped.
 *
 * 1. A dataset has an id: the SHA-256 of what defines its content. A file: a format tag plus the
 *    SHA-256 of its bytes (plus the column mapping for tickets). A generator: its name and version,
 *    the record count, the seed and an explicit --start-time if one was given (without one, a run a
 *    minute later is still "the same dataset", only shifted in time). Continuous tickets, and counted
 *    tickets without an explicit --seed, have no id: they are new data every time, sent by the plain
 *    idempotent producer ({@link Publisher}), with no marker.
 * 2. Every record published carries the header `dataset-id` = that id, so a reader can tell datasets
 *    apart on a topic that holds several.
 * 3. A dataset with an id is sent by a transactional producer ({@link TransactionalPublisher}) whose
 *    transactional.id is derived from the topic and the id (`producer-tool-<topic>-<16 hex of id>`):
 *    a second run of the same dataset calls initTransactions() first, which fences an older producer
 *    (a zombie) and aborts its open transaction. Records are committed in chunks (every
 *    --commit-interval, 1 s by default, or 100,000 records); each chunk's transaction also writes the
 *    dataset's progress marker to the compacted topic `_producer-datasets` (1 partition, created when
 *    needed): key `<topic>/<dataset id>`, value JSON {topic, topic_id, dataset_id, records, complete,
 *    source, started_at, updated_at, completed_at}. `records` counts the records committed so far,
 *    `complete` is true in the transaction that commits the last record. The records of a chunk and
 *    the marker that counts them are committed together, or aborted together: a read_committed reader
 *    never sees records the marker does not count. Markers written before this scheme have no
 *    `complete` field; they were only written at the end, so they count as complete. A dataset of no
 *    record (an empty file, none of its rows valid) writes no marker: it never counts as published, and
 *    a marker of 0 records that an earlier version wrote counts as none.
 * 4. Before publishing (unless --force), the marker topic is read from the start (it is small) with
 *    read_committed, up to its high watermark (so it waits for transactions still open there). The
 *    marker is valid when the topic's current Kafka topic id equals the marker's (a deleted and
 *    re-created topic has a new id) and the topic still holds at least that many records (end minus
 *    start offset summed over partitions; transaction markers and aborted records also take offsets,
 *    so this only catches retention or truncation). A valid complete marker: the tool says so and
 *    exits 0 without writing. A valid partial marker: the run resumes, skipping the first `records`
 *    records the source yields (sources are deterministic for a dataset id; invalid rows are never
 *    records, so they are skipped the same way). No marker (or a tombstone), or an invalid one: publish
 *    from the start. A marker value that cannot be read stops the run (exit 1) unless --force: what the
 *    topic holds of the dataset is unknown, and publishing it from the start could put it there twice.
 * 5. A chunk that fails is aborted and sent again from memory, with backoff; after the last retry the
 *    run exits 1 and the marker still counts what was committed, so the next run resumes. A producer
 *    that had to be re-created re-reads the marker: if it is the one the failed commit wrote, that
 *    commit did succeed; if it is neither that nor the last one this run committed, another run is
 *    publishing the same dataset and this one stops. Before it reports, a run waits (startup timeout at
 *    most) until its last commit is visible to read_committed readers: commitTransaction returns once the
 *    commit is decided, its markers reach the partitions a moment later.
 * 6. --force publishes the whole dataset again (a new full copy), writing fresh progress markers under
 *    the same key. Benchmarks write to fresh topics, no marker.
 */

/** The progress markers of published datasets, on the compacted topic {@value #TOPIC}. */
public final class DatasetRegistry {
    public static final String TOPIC = "_producer-datasets";

    /**
     * How far a dataset got on a topic: {@code records} committed so far, {@code complete} once the last
     * one was committed. {@code completedAt} is empty while it is partial. {@code file} is the absolute path
     * of the file read (empty for generated data, and in markers written before 2026-12-03).
     */
    public record Marker(
            String topic,
            String topicId,
            String datasetId,
            long records,
            boolean complete,
            String source,
            String startedAt,
            String updatedAt,
            String completedAt,
            SourcePosition position,
            String file) {
        String key() {
            return key(topic, datasetId);
        }

        static String key(String topic, String datasetId) {
            return topic + "/" + datasetId;
        }

        /**
         * The same dataset's marker after {@code records} records in all, complete or not, written now; the
         * last of them was read at {@code position} (null: the input has no positions, and a resumed
         * publish skips as many records as the marker counts).
         */
        Marker advanced(long records, boolean complete, SourcePosition position) {
            String now = Instant.now().toString();
            return new Marker(
                    topic,
                    topicId,
                    datasetId,
                    records,
                    complete,
                    source,
                    startedAt,
                    now,
                    complete ? now : "",
                    position,
                    file);
        }

        /** When the marker was last written: its completion time, or its last update. */
        public String writtenAt() {
            return completedAt.isEmpty() ? updatedAt : completedAt;
        }

        byte[] toJson() {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("topic", topic);
            value.put("topic_id", topicId);
            value.put("dataset_id", datasetId);
            value.put("records", records);
            value.put("complete", complete);
            value.put("source", source);
            value.put("started_at", startedAt);
            value.put("updated_at", updatedAt);
            if (complete) {
                value.put("completed_at", completedAt);
            }
            if (position != null) {
                value.put("position", List.of(position.major(), position.minor()));
            }
            if (!file.isEmpty()) {
                value.put("file", file);
            }
            return Json.write(value);
        }

        /**
         * Reads a marker. Markers written before progress markers existed have no {@code complete} field
         * (nor started_at, updated_at): they were only written once a dataset was fully sent, so they are
         * complete.
         */
        public static Marker parse(byte[] json) throws IOException {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            boolean complete = !node.has("complete") || node.path("complete").asBoolean(false);
            String completedAt = node.path("completed_at").asText("");
            String updatedAt = node.path("updated_at").asText(completedAt);
            JsonNode position = node.path("position");
            return new Marker(
                    node.path("topic").asText(),
                    node.path("topic_id").asText(),
                    node.path("dataset_id").asText(),
                    node.path("records").asLong(),
                    complete,
                    node.path("source").asText(),
                    node.path("started_at").asText(""),
                    updatedAt,
                    complete ? completedAt : "",
                    // markers written before 2026-12-02 have none: their publish resumes by counting records
                    position.isArray() && position.size() == 2
                            ? new SourcePosition(
                                    position.get(0).asLong(), position.get(1).asLong())
                            : null,
                    node.path("file").asText(""));
        }

        /** When the marker was last written, as an instant (the epoch if it cannot be read). */
        Instant writtenInstant() {
            try {
                return Instant.parse(writtenAt());
            } catch (RuntimeException e) {
                return Instant.EPOCH;
            }
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

    /** Creates the marker topic if it is missing. */
    public void ensureTopic() {
        topics.ensure(
                TOPIC,
                1,
                replicationFactor,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * The newest committed marker of {@code datasetId} on {@code topic}, if any. Reads with read_committed
     * up to the high watermark, so a transaction still open on the marker topic (another run committing
     * a chunk, or a killed run's until it times out) is waited for rather than read past.
     *
     * @throws UnreadableMarkerException when the newest value of the dataset's key is not a marker
     */
    public Optional<Marker> find(String topic, String datasetId) {
        return markersOf(topic).find(datasetId);
    }

    /** The newest value of every dataset key of {@code topic}, read as {@link #find} reads one. */
    public Markers markersOf(String topic) {
        Map<String, byte[]> newest = new HashMap<>();
        if (topics.describe(TOPIC).isEmpty()) {
            return new Markers(topic, newest);
        }
        byte[] prefix = (topic + "/").getBytes(StandardCharsets.UTF_8);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        long end = highWatermark(tp);
        Duration timeout = KafkaClients.transactionTimeout(kafka).plus(kafka.startupTimeout());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.reader(kafka)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (consumer.position(tp, kafka.startupTimeout()) < end) {
                if (System.nanoTime() > deadline) {
                    throw new ToolFailure("Cannot read " + TOPIC
                            + " (the published-datasets markers) to its end within " + timeout.toSeconds()
                            + "s (a transaction stays open there); use --force to publish without checking");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && startsWith(r.key(), prefix)) {
                        // the newest marker wins; null is a tombstone
                        newest.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
                    }
                }
            }
        }
        return new Markers(topic, newest);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The markers of one topic, as read once. */
    public static final class Markers {
        private final String topic;
        private final Map<String, byte[]> newestByKey;

        Markers(String topic, Map<String, byte[]> newestByKey) {
            this.topic = topic;
            this.newestByKey = newestByKey;
        }

        /**
         * The marker of {@code datasetId}, if any.
         *
         * @throws UnreadableMarkerException when the newest value of the dataset's key is not a marker
         */
        public Optional<Marker> find(String datasetId) {
            return read(newestByKey.get(Marker.key(topic, datasetId)));
        }

        /**
         * The marker written last of the datasets other than {@code datasetId} read from {@code file} (an
         * absolute path), readable ones only: whether the latest publish of that file stopped part of the way.
         */
        public Optional<Marker> latestOtherOf(String file, String datasetId) {
            Marker latest = null;
            for (Map.Entry<String, byte[]> entry : newestByKey.entrySet()) {
                if (entry.getValue() == null || entry.getKey().equals(Marker.key(topic, datasetId))) {
                    continue;
                }
                try {
                    Optional<Marker> marker = read(entry.getValue()).filter(m -> file.equals(m.file()));
                    if (marker.isPresent()
                            && (latest == null || marker.get().writtenInstant().isAfter(latest.writtenInstant()))) {
                        latest = marker.get();
                    }
                } catch (UnreadableMarkerException e) {
                    // another dataset's problem, reported when that dataset is published
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    /**
     * The marker in the newest value of a dataset's key: none when there is no value, or a tombstone (the
     * marker deleted, so that the dataset is published again from its start).
     *
     * @throws UnreadableMarkerException when the value is not a marker: how much of the dataset the topic
     *                                   holds is then unknown, and publishing from the start could put it
     *                                   there twice
     */
    static Optional<Marker> read(byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Marker.parse(value));
        } catch (JsonProcessingException e) {
            // Jackson's message spans lines and quotes the value: the reason is the one line people read
            throw new UnreadableMarkerException("not valid JSON");
        } catch (IOException e) {
            throw new UnreadableMarkerException(e.getMessage());
        }
    }

    /** A progress marker that cannot be read; the message says why, in a few words. */
    public static final class UnreadableMarkerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableMarkerException(String reason) {
            super(reason, null, false, false);
        }
    }

    private long highWatermark(TopicPartition tp) {
        try {
            return admin.listOffsets(
                            Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(tp)
                    .get()
                    .offset();
        } catch (ExecutionException e) {
            throw new ToolFailure("Cannot read the end offset of " + TOPIC + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while reading the end offset of " + TOPIC);
        }
    }

    /**
     * Waits (kafka.startup-timeout at most) until read_committed readers can read every offset given, i.e.
     * the last stable offset of each partition is past it; false when that did not happen in time.
     */
    public boolean awaitCommitted(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        offsets.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        long deadline = System.nanoTime() + kafka.startupTimeout().toNanos();
        while (true) {
            try {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(
                                latest, committed)
                        .all()
                        .get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (offsets.entrySet().stream()
                        .allMatch(e -> stable.get(e.getKey()).offset() > e.getValue())) {
                    return true;
                }
            } catch (ExecutionException | TimeoutException e) {
                // the broker may be down: try again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static final Duration REPLACED_CHECK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Why the topic is not the one {@code marker} counts records of any more (deleted, or deleted and created
     * again under the same name), or empty when it is, or when that cannot be told now (the broker does not
     * answer: the commit that follows will say so).
     */
    public Optional<String> replaced(Marker marker) {
        if (marker.topicId() == null) {
            return Optional.empty(); // a marker of an earlier version, without the id
        }
        Optional<TopicAdmin.TopicInfo> info;
        try {
            // asked before each commit, with the transaction open: a broker that does not answer soon fails
            // the commit anyway
            info = topics.describe(marker.topic(), REPLACED_CHECK_TIMEOUT);
        } catch (ToolFailure cannotTell) {
            return Optional.empty();
        }
        if (info.isEmpty()) {
            return Optional.of("was deleted");
        }
        return info.get().id().toString().equals(marker.topicId())
                ? Optional.empty()
                : Optional.of("was deleted and created again");
    }

    /** Why the topic does not hold what the marker counts any more, or empty when it does. */
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
            return Optional.of(
                    "the topic holds " + held + " records now, fewer than the " + marker.records() + " published");
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
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
                    admin.listOffsets(earliest).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                    admin.listOffsets(latest).all().get();
            long total = 0;
            for (TopicPartition tp : end.keySet()) {
                total += end.get(tp).offset() - start.get(tp).offset();
            }
            return total;
        } catch (ExecutionException e) {
            throw new ToolFailure("Cannot count the records of " + topic.name() + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("Interrupted while counting the records of " + topic.name());
        }
    }

    /** The marker of a dataset about to be published from its first record to {@code topic}. */
    public Marker start(String topic, String datasetId, String source, String file) {
        TopicAdmin.TopicInfo info = topics.describe(topic)
                .orElseThrow(() -> new ToolFailure("Topic " + topic + " disappeared while publishing"));
        String now = Instant.now().toString();
        return new Marker(topic, info.id().toString(), datasetId, 0, false, source, now, now, "", null, file);
    }

    /**
     * The record that writes {@code marker}: sent inside the transaction of the records it counts, to
     * partition 0, the one {@link #find} reads. A marker topic created beforehand with more partitions
     * (by a provisioning tool) had the markers spread by key, and every run published its dataset again.
     */
    static ProducerRecord<String, byte[]> record(Marker marker) {
        return new ProducerRecord<>(TOPIC, 0, marker.key(), marker.toJson());
    }
}
