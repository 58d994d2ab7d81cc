package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Reasons;
import io.streamlab.pipeline.records.RejectCategory;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses a Kafka record into a valid record or a dead letter, and never throws: a record that breaks the
 * contract or a bound becomes a dead letter with its reason, and so does one whose parsing fails in any
 * way nobody foresaw ({@code unexpected-parse-error}). An exception here would fail the source task,
 * which would restart on the same offset and fail again: one record would stop the whole job.
 *
 * @param <T> the valid record
 * @param <E> what the source emits: the record or a dead letter
 */
public abstract class RecordDeserializer<T, E> implements KafkaRecordDeserializationSchema<E> {
    private static final long serialVersionUID = 1L;
    protected final PipelineConfig.Limits limits;

    protected RecordDeserializer(PipelineConfig.Limits limits) {
        this.limits = limits;
    }

    /** Parses a value read at processing time {@code nowMillis}. */
    protected abstract T parse(byte[] value, long nowMillis) throws InvalidRecordException;

    protected abstract E valid(T record, int partition, long offset);

    protected abstract E rejected(DeadLetter deadLetter);

    @Override
    public final void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<E> out) {
        long now = System.currentTimeMillis();
        E result;
        try {
            result = valid(parse(record.value(), now), record.partition(), record.offset());
        } catch (InvalidRecordException e) {
            result = rejected(DeadLetter.rejected(record.topic(), record.partition(), record.offset(), e,
                    record.value(), now));
        } catch (RuntimeException e) {
            result = rejected(DeadLetter.of(record.topic(), record.partition(), record.offset(),
                    RejectCategory.UNEXPECTED_PARSE_ERROR, "unexpected parse error: " + e.getClass().getSimpleName()
                            + ": " + Reasons.shorten(String.valueOf(e.getMessage())), record.value(), now));
        }
        out.collect(result);
    }
}
