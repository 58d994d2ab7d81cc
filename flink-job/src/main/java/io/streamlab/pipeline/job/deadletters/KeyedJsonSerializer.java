package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.records.Json;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * JSON value with a string key, to a fixed topic: the dead letters and the team topics. The Kafka
 * timestamp is left to the producer (write time), not the record's event time: replayed or old records
 * would otherwise be deleted by the topic's time-based retention as soon as their segment rolls, and a
 * broker refuses timestamps outside log.message.timestamp.before/after.max.ms. The event time is in
 * the JSON anyway.
 */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final Key<T> key;

    /** The Kafka key of a record. */
    public interface Key<T> extends Function<T, String>, Serializable {}

    public KeyedJsonSerializer(String topic, Key<T> key) {
        this.topic = topic;
        this.key = key;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic, null, null, key.apply(element).getBytes(StandardCharsets.UTF_8), Json.write(element));
    }
}
