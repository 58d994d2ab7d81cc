package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.SourcedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** The dead-letter output: the side-output tag, late-record conversion and the Kafka serialisation. */
public final class DeadLetters {
    /** Side output of every operator that rejects a record. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {
    };

    public static final String LATE = "late";

    private DeadLetters() {
    }

    /**
     * Turns records a window refused as late into dead letters with reason {@code late}, counting them in
     * {@code metricName}. The record is written back as JSON: the original bytes are not kept that far.
     */
    public static class Late<T extends SourcedRecord> extends RichMapFunction<T, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final String metricName;
        private transient Counter late;

        public Late(String topic, String metricName) {
            this.topic = topic;
            this.metricName = metricName;
        }

        @Override
        public void open(OpenContext openContext) {
            late = getRuntimeContext().getMetricGroup().counter(metricName);
        }

        @Override
        public DeadLetter map(T value) {
            late.inc();
            return DeadLetter.of(topic, value.sourcePartition(), value.sourceOffset(),
                    LATE + ": event time " + java.time.Instant.ofEpochMilli(value.eventTimeMillis())
                            + " arrived after its window had been emitted",
                    new String(Json.write(value), StandardCharsets.UTF_8), System.currentTimeMillis());
        }
    }

    /** Key: source topic/partition/offset; value: the dead letter JSON. */
    public static KafkaRecordSerializationSchema<DeadLetter> kafkaSerializer(String topic) {
        return new KeyedJsonSerializer<>(topic, DeadLetter::sourceKey);
    }

    /** JSON value with a string key, to a fixed topic. */
    public static final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private final String topic;
        private final SerializableKey<T> key;

        public KeyedJsonSerializer(String topic, SerializableKey<T> key) {
            this.topic = topic;
            this.key = key;
        }

        /**
         * The Kafka timestamp is left to the producer (write time): the element's event time may lie
         * outside the broker's accepted range (log.message.timestamp.before/after.max.ms), and the
         * event time is in the JSON anyway.
         */
        @Override
        public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, null, null, key.apply(element).getBytes(StandardCharsets.UTF_8),
                    Json.write(element));
        }
    }

    public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {
    }
}
