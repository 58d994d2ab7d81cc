package io.streamlab.pipeline.job.windows;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.SourcedRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** What a source emits after parsing: a valid record, or the dead letter of a record that was not one. */
public interface ParseResult<T> {
    /** The valid record, or null for a dead letter. */
    T value();

    DeadLetter deadLetter();

    /**
     * When Kafka took the record (its timestamp, epoch ms), or {@link Long#MAX_VALUE} when unknown: event
     * time moves no further than it ({@link SourceWatermarks}).
     */
    default long sourceTimestamp() {
        return Long.MAX_VALUE;
    }

    /**
     * A record's Kafka timestamp as the bound of its event time's progress ({@link #sourceTimestamp}):
     * none ({@link Long#MAX_VALUE}) when the record has no timestamp, or when the timestamp lies further
     * before the record's event time than {@code limits.event-time.max-ahead} allows (a producer whose clock
     * is off, a create time carried over from elsewhere): trusted that far, such a timestamp would hold the
     * partition's event time back. Then only the wall clock bounds it, as before 2026-12-03.
     */
    static long writtenAtMost(long kafkaTimestamp, long eventTimeMillis, PipelineConfig.Limits limits) {
        if (kafkaTimestamp <= 0 || limits.maxEventTimeMillis(kafkaTimestamp) < eventTimeMillis) {
            return Long.MAX_VALUE;
        }
        return kafkaTimestamp;
    }

    /** The event time of a parsing source ({@link SourceWatermarks}). */
    static <T extends SourcedRecord, E extends ParseResult<T>> WatermarkStrategy<E> watermarks(
            PipelineConfig.EventTime eventTime) {
        return new SourceWatermarks<T, E>(eventTime.watermarkDelay(), eventTime.idleness());
    }
}
