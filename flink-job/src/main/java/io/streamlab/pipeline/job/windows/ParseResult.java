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

    /** The event time of a parsing source ({@link SourceWatermarks}). */
    static <T extends SourcedRecord, E extends ParseResult<T>> WatermarkStrategy<E> watermarks(
            PipelineConfig.EventTime eventTime) {
        return new SourceWatermarks<T, E>(eventTime.watermarkDelay(), eventTime.idleness());
    }
}
