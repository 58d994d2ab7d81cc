package io.streamlab.pipeline.records;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;

/** A record the pipeline could not use, with where it came from and why, for a person to look at. */
@JsonPropertyOrder({"source_topic", "partition", "offset", "reason", "raw", "detected_at"})
public record DeadLetter(
        String sourceTopic,
        int partition,
        long offset,
        String reason,
        String raw,
        long detectedAt) {

    /** Raw values are cut here so one huge bad record cannot blow up the dead-letter topic. */
    public static final int MAX_RAW_CHARS = 16 * 1024;

    public static DeadLetter of(String topic, int partition, long offset, String reason, byte[] raw, long now) {
        String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        return of(topic, partition, offset, reason, text, now);
    }

    public static DeadLetter of(String topic, int partition, long offset, String reason, String raw, long now) {
        String text = raw == null ? "" : raw;
        if (text.length() > MAX_RAW_CHARS) {
            text = text.substring(0, MAX_RAW_CHARS);
        }
        return new DeadLetter(topic, partition, offset, reason, text, now);
    }

    /** The Kafka key of a dead letter: where it was read. */
    public String sourceKey() {
        return sourceTopic + "/" + partition + "/" + offset;
    }
}
