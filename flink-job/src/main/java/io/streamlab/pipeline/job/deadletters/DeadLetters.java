package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

/** The dead-letter output: the side-output tag, the count per reason category and the Kafka serialisation. */
public final class DeadLetters {
    /** Side output of every operator that rejects a record. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    /** The start of a late record's reason. */
    public static final String LATE = "late";

    /** Metric counting dead letters, in the group {@code category=<label>}. */
    public static final String METRIC = "deadLetters";

    public static final String METRIC_GROUP = "category";

    private DeadLetters() {}

    /** A record the job read, written back as JSON for a dead letter (its original bytes are not kept that far). */
    public static String json(Object record) {
        return new String(Json.write(record), StandardCharsets.UTF_8);
    }

    /** Key: source topic/partition/offset; value: the dead letter JSON. */
    public static KafkaRecordSerializationSchema<DeadLetter> kafkaSerializer(String topic) {
        return new KeyedJsonSerializer<>(topic, DeadLetter::sourceKey);
    }

    /**
     * "Count dead letters by category": every dead letter of the job passes here once on its way to the
     * sinks, counted in {@value #METRIC} of its category, so a dashboard can tell late records from a
     * broken producer.
     */
    public static class CountByCategory extends RichMapFunction<DeadLetter, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private transient Map<RejectCategory, Counter> counters;

        @Override
        public void open(OpenContext openContext) {
            openOn(getRuntimeContext().getMetricGroup());
        }

        void openOn(MetricGroup group) {
            counters = register(group);
        }

        /** One counter per category, each registered up front so a dashboard sees zeros, not gaps. */
        static Map<RejectCategory, Counter> register(MetricGroup group) {
            Map<RejectCategory, Counter> counters = new EnumMap<>(RejectCategory.class);
            for (RejectCategory category : RejectCategory.values()) {
                counters.put(
                        category, group.addGroup(METRIC_GROUP, category.label()).counter(METRIC));
            }
            return counters;
        }

        @Override
        public DeadLetter map(DeadLetter deadLetter) {
            counters.get(categoryOf(deadLetter)).inc();
            return deadLetter;
        }

        static RejectCategory categoryOf(DeadLetter deadLetter) {
            for (RejectCategory category : RejectCategory.values()) {
                if (category.label().equals(deadLetter.category())) {
                    return category;
                }
            }
            return RejectCategory.UNEXPECTED_PARSE_ERROR;
        }
    }
}
