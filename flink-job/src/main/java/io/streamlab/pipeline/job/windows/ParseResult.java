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
     * The event time of a parsing source: bounded out-of-orderness plus the allowed lateness, idle
     * partitions left out after the idleness timeout. A dead letter gets the smallest timestamp, so a
     * bad record never moves event time.
     */
    static <T extends SourcedRecord, E extends ParseResult<T>> WatermarkStrategy<E> watermarks(
            PipelineConfig.EventTime eventTime) {
        return WatermarkStrategy.<E>forBoundedOutOfOrderness(eventTime.watermarkDelay())
                .withTimestampAssigner(
                        (e, kafkaTimestamp) -> e.value() != null ? e.value().eventTimeMillis() : Long.MIN_VALUE)
                .withIdleness(eventTime.idleness());
    }
}
