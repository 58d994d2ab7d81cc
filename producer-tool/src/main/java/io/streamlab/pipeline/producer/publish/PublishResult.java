package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Format;
import java.time.Duration;

/**
 * What a publishing run did. {@code complete}: the source was read to its end and every record was
 * acknowledged. {@code interrupted}: a stop request ended the run before that. {@code failure}: why
 * sending gave up (null when it did not).
 */
public record PublishResult(String topic, long published, long invalid, long failed, Duration duration,
                            boolean complete, boolean interrupted, String failure) {

    public String summary() {
        String state = failure != null ? "FAILED after publishing " : interrupted ? "Stopped after publishing " : "Published ";
        return state + Format.count(published) + " records to " + topic + " in " + Format.seconds(duration)
                + " (" + Format.rate(published, duration) + "); invalid " + Format.count(invalid) + ", failed "
                + Format.count(failed) + ".";
    }
}
