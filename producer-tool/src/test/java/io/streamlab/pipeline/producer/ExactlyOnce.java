package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.producer.publish.DatasetRegistry;
import io.streamlab.pipeline.producer.publish.OutgoingRecord;
import io.streamlab.pipeline.producer.publish.RecordSource;
import io.streamlab.pipeline.producer.tracks.SyntheticTracks;
import io.streamlab.pipeline.producer.tracks.TrackSources;
import io.streamlab.pipeline.records.Tracks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a topic holds (read_committed), compared with a dataset record by record. */
final class ExactlyOnce {
    private ExactlyOnce() {}

    /**
     * Every record of {@code expected} is on the topic exactly once, byte for byte, and nothing else is:
     * records are matched by {@code idOf} (record_id of a track, ticket_id of a ticket).
     */
    static void assertHolds(
            String bootstrapServers,
            String topic,
            RecordSource expected,
            Function<ConsumerRecord<String, byte[]>, String> idOf)
            throws IOException {
        assertHolds(bootstrapServers, topic, expected, idOf, 1);
    }

    /** Every record of {@code expected} is on the topic exactly {@code copies} times, and nothing else is. */
    static void assertHolds(
            String bootstrapServers,
            String topic,
            RecordSource expected,
            Function<ConsumerRecord<String, byte[]>, String> idOf,
            int copiesEach)
            throws IOException {
        List<ConsumerRecord<String, byte[]>> records = Topics.readAll(bootstrapServers, topic);
        Map<String, Integer> copies = new HashMap<>();
        Map<String, byte[]> values = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String id = idOf.apply(record);
            copies.merge(id, 1, Integer::sum);
            values.put(id, record.value());
        }
        assertThat(copies.entrySet().stream()
                        .filter(e -> e.getValue() != copiesEach)
                        .map(Map.Entry::getKey)
                        .toList())
                .as("records on %s other than %d times", topic, copiesEach)
                .isEmpty();
        long n = 0;
        try (expected) {
            for (OutgoingRecord r = expected.next(); r != null; r = expected.next()) {
                String id = idOf.apply(new ConsumerRecord<>(topic, 0, 0, r.key(), r.value()));
                assertThat(values).as("record %s", id).containsKey(id);
                assertThat(new String(values.get(id), StandardCharsets.UTF_8))
                        .as("record %s", id)
                        .isEqualTo(new String(r.value(), StandardCharsets.UTF_8));
                n++;
            }
        }
        assertThat(records).as("records on %s", topic).hasSize((int) n * copiesEach);
    }

    static void assertHoldsTracks(String bootstrapServers, String topic, long seed, Instant start, long count)
            throws IOException {
        assertHoldsTracks(bootstrapServers, topic, seed, start, count, 1);
    }

    static void assertHoldsTracks(
            String bootstrapServers, String topic, long seed, Instant start, long count, int copiesEach)
            throws IOException {
        assertHolds(
                bootstrapServers,
                topic,
                TrackSources.synthetic(new SyntheticTracks(seed, start, 100), count),
                ExactlyOnce::recordId,
                copiesEach);
    }

    static String recordId(ConsumerRecord<String, byte[]> record) {
        try {
            return Long.toString(Tracks.parse(record.value()).recordId());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The newest committed marker whose key starts with {@code topic + "/"}. */
    static Optional<DatasetRegistry.Marker> marker(String bootstrapServers, String topic) {
        DatasetRegistry.Marker found = null;
        for (ConsumerRecord<String, byte[]> r : Topics.readAll(bootstrapServers, DatasetRegistry.TOPIC)) {
            if (r.key().startsWith(topic + "/")) {
                try {
                    found = DatasetRegistry.Marker.parse(r.value());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
