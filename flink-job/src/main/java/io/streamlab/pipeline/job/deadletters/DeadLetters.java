package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /**
     * A record the job read, written back as JSON for a dead letter (its original bytes are not kept that
     * far). Writing stops just past what the dead letter keeps ({@link DeadLetter#MAX_RAW_CHARS}): a late
     * partial of a window can hold a large set (a ticket type's client ids), and its whole JSON would be
     * built only to be cut. The JSON is written as bytes, as {@link Json#write} writes it (a character
     * outside the BMP or a lone surrogate as its escape), so the text is the same, only shorter.
     */
    public static String json(Object record) {
        // a character takes at most 4 bytes: this many hold more characters than are kept, so a character
        // cut at the end of the bytes is past the cut
        CappedBytes out = new CappedBytes(4 * (DeadLetter.MAX_RAW_CHARS + 1));
        try {
            Json.MAPPER.writeValue(out, record);
        } catch (IOException e) {
            // the stream says it is full once the part a dead letter keeps is written
            if (!out.full()) {
                throw new IllegalStateException(
                        "Cannot write " + record.getClass().getSimpleName() + " as JSON", e);
            }
        }
        return out.toString();
    }

    /** Keeps the first {@code capacity} bytes written, then refuses more. */
    static final class CappedBytes extends OutputStream {
        /** Thrown once the stream holds its capacity: nothing more is wanted. */
        static final class Full extends IOException {
            private static final long serialVersionUID = 1L;

            Full() {
                super("dead-letter excerpt complete");
            }

            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int capacity;

        CappedBytes(int capacity) {
            this.capacity = capacity;
        }

        boolean full() {
            return bytes.size() >= capacity;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int offset, int length) throws IOException {
            if (full()) {
                throw new Full();
            }
            bytes.write(b, offset, Math.min(length, capacity - bytes.size()));
        }

        @Override
        public String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
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
