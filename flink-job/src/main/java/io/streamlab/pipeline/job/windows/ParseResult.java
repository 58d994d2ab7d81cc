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
     * A record's Kafka timestamp as the bound of its event time's progress ({@link #sourceTimestamp}), when
     * the broker set it ({@code LogAppendTime}, the broker's clock). None ({@link Long#MAX_VALUE}) for a
     * producer's create time: a producer host whose clock is 20 min slow would hold the partition's event
     * time 20 min back, and so every window of the job. None either when the broker's time lies further
     * before the event time than {@code limits.event-time.max-ahead} allows. Then the wall clock alone
     * bounds it.
     */
    static long writtenAtMost(
            long kafkaTimestamp, boolean logAppendTime, long eventTimeMillis, PipelineConfig.Limits limits) {
        if (!logAppendTime || kafkaTimestamp <= 0 || limits.maxEventTimeMillis(kafkaTimestamp) < eventTimeMillis) {
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
