package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Format;
import java.time.Duration;

/**
 * What a publishing run did. {@code complete}: the source was read to its end and every record was
 * acknowledged. {@code interrupted}: a stop request ended the run before that. {@code failure}: why
 * sending gave up (null when it did not). {@code resumedAt}: records of the dataset committed by earlier
 * runs and skipped by this one; {@code datasetRecords}: records of the dataset committed in all.
 */
public record PublishResult(
        String topic,
        long published,
        long invalid,
        long failed,
        Duration duration,
        boolean complete,
        boolean interrupted,
        String failure,
        long resumedAt,
        long datasetRecords) {

    /** A run of a dataset without an id (or from its start): {@code datasetRecords} = {@code published}. */
    public PublishResult(
            String topic,
            long published,
            long invalid,
            long failed,
            Duration duration,
            boolean complete,
            boolean interrupted,
            String failure) {
        this(topic, published, invalid, failed, duration, complete, interrupted, failure, 0, published);
    }

    public String summary() {
        String state =
                failure != null ? "FAILED after publishing " : interrupted ? "Stopped after publishing " : "Published ";
        return state + Format.count(published) + " records to " + topic + " in " + Format.seconds(duration)
                + " (" + Format.rate(published, duration) + "); invalid " + Format.count(invalid) + ", failed "
                + Format.count(failed) + "."
                + (resumedAt > 0
                        ? " Resumed after the " + Format.count(resumedAt) + " records committed before: "
                                + Format.count(datasetRecords) + " records of the dataset committed in all."
                        : "");
    }
}
