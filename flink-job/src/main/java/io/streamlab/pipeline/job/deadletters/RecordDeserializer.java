package io.streamlab.pipeline.job.deadletters;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Reasons;
import io.streamlab.pipeline.records.RejectCategory;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.DeletedRecordsReportingSplitReader;
import org.apache.flink.connector.kafka.source.reader.DeletedRecordsReportingSplitReader.DeletedRange;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * Parses a Kafka record into a valid record or a dead letter, and never throws: a record that breaks the
 * contract or a bound becomes a dead letter with its reason, and so does one whose parsing fails in any
 * way nobody foresaw ({@code unexpected-parse-error}). An exception here would fail the source task,
 * which would restart on the same offset and fail again: one record would stop the whole job.
 *
 * @param <T> the valid record
 * @param <E> what the source emits: the record or a dead letter
 */
public final class RecordDeserializer<T, E> implements KafkaRecordDeserializationSchema<E> {
    private static final long serialVersionUID = 1L;

    /** Parses a value read at processing time {@code nowMillis} (the contract's parse function). */
    @FunctionalInterface
    public interface Parser<T> extends Serializable {
        T parse(byte[] value, PipelineConfig.Limits limits, long nowMillis) throws InvalidRecordException;
    }

    /**
     * A valid record, told where it was read, and its Kafka timestamp ({@code sourceTimestamp}, epoch ms;
     * -1 when the record has none), set by the broker ({@code logAppendTime}) or by the producer.
     */
    @FunctionalInterface
    public interface Valid<T, E> extends Serializable {
        E of(T record, int partition, long offset, long sourceTimestamp, boolean logAppendTime);
    }

    /** The dead letter of a record that was not valid. */
    @FunctionalInterface
    public interface Rejected<E> extends Serializable {
        E of(DeadLetter deadLetter);
    }

    private final PipelineConfig.Limits limits;
    private final Parser<T> parser;
    private final Valid<T, E> valid;
    private final Rejected<E> rejected;
    private final Class<E> producedType;

    public RecordDeserializer(
            PipelineConfig.Limits limits,
            Parser<T> parser,
            Valid<T, E> valid,
            Rejected<E> rejected,
            Class<E> producedType) {
        this.limits = limits;
        this.parser = parser;
        this.valid = valid;
        this.rejected = rejected;
        this.producedType = producedType;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<E> out) {
        long now = System.currentTimeMillis();
        DeletedRange deleted = deletedRange(record);
        if (deleted != null) {
            out.collect(rejected.of(DeadLetter.deletedUnread(
                    record.topic(), record.partition(), deleted.position(), deleted.oldest(), deleted.end(), now)));
            return;
        }
        E result;
        try {
            result = valid.of(
                    parser.parse(record.value(), limits, now),
                    record.partition(),
                    record.offset(),
                    record.timestamp(),
                    record.timestampType() == TimestampType.LOG_APPEND_TIME);
        } catch (InvalidRecordException e) {
            result = rejected.of(
                    DeadLetter.rejected(record.topic(), record.partition(), record.offset(), e, record.value(), now));
        } catch (RuntimeException e) {
            result = rejected.of(DeadLetter.of(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    RejectCategory.UNEXPECTED_PARSE_ERROR,
                    "unexpected parse error: " + e.getClass().getSimpleName() + ": "
                            + Reasons.shorten(String.valueOf(e.getMessage())),
                    record.value(),
                    now));
        }
        out.collect(result);
    }

    /** What a report of the source's reader says was lost, or null for a record. */
    private static DeletedRange deletedRange(ConsumerRecord<byte[], byte[]> record) {
        // a record from the broker always has a timestamp type: a producer cannot send one that passes for a report
        if (record.value() != null || record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
            return null;
        }
        Header header = record.headers().lastHeader(DeletedRecordsReportingSplitReader.DELETED_UNREAD_HEADER);
        return header == null || header.value() == null ? null : DeletedRange.parse(header.value());
    }

    @Override
    public TypeInformation<E> getProducedType() {
        return TypeInformation.of(producedType);
    }
}
