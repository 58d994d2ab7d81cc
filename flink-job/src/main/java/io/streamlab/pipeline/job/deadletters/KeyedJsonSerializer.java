package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.records.Json;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * JSON value with a string key, to a fixed topic: the dead letters and the team topics. The Kafka
 * timestamp is left to the producer (write time), not the record's event time: replayed or old records
 * would otherwise be deleted by the topic's time-based retention as soon as their segment rolls, and a
 * broker refuses timestamps outside log.message.timestamp.before/after.max.ms. The event time is in
 * the JSON anyway.
 */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final Key<T> key;

    /** The Kafka key of a record. */
    public interface Key<T> extends Function<T, String>, Serializable {}

    public KeyedJsonSerializer(String topic, Key<T> key) {
        this.topic = topic;
        this.key = key;
    }

    /** The topic written: what the pooled transactions of the sink (KafkaWiring) need to know. */
    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic, null, null, key.apply(element).getBytes(StandardCharsets.UTF_8), Json.write(element));
    }
}
