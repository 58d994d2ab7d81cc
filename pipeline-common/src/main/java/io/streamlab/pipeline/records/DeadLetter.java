package io.streamlab.pipeline.records;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;

/**
 * A record the pipeline could not use, with where it came from and why, for a person to look at.
 * {@code category} is the {@link RejectCategory#label()} of the reason, for metrics and dashboards.
 *
 * <p>Its size is bounded whatever the input: the raw value is cut at {@value #MAX_RAW_CHARS}
 * characters and the reason at {@value #MAX_REASON_CHARS}, so its JSON takes at most
 * {@link #MAX_JSON_BYTES} (about 100 KB, far below Kafka's 1 MiB), whatever {@code sink.max-record-bytes}
 * says: the dead-letter sink takes the larger of the two, so a dead letter can never fail its sink.
 */
@JsonPropertyOrder({"source_topic", "partition", "offset", "reason", "raw", "detected_at", "category"})
public record DeadLetter(
        String sourceTopic, int partition, long offset, String reason, String raw, long detectedAt, String category) {

    /** Raw values are cut here so one huge bad record cannot blow up the dead-letter topic. */
    public static final int MAX_RAW_CHARS = 16 * 1024;
    /** Reasons quote at most 100 characters of a value; this caps the whole text. */
    public static final int MAX_REASON_CHARS = 400;
    /**
     * The most a dead letter's JSON can take: JSON writes a character in at most 6 bytes ({@code \u0001}),
     * a topic name has at most 249 characters, and the numbers, category and field names take less than
     * the rest.
     */
    public static final int MAX_JSON_BYTES = 6 * (MAX_RAW_CHARS + MAX_REASON_CHARS) + 249 + 512;

    public static DeadLetter of(
            String topic, int partition, long offset, RejectCategory category, String reason, byte[] raw, long now) {
        // only the part that is kept is decoded: a 1 MB value costs no 1 MB string
        int length = raw == null ? 0 : Math.min(raw.length, MAX_RAW_CHARS * 4);
        String text = raw == null ? "" : new String(raw, 0, length, StandardCharsets.UTF_8);
        return of(topic, partition, offset, category, reason, text, now);
    }

    public static DeadLetter of(
            String topic, int partition, long offset, RejectCategory category, String reason, String raw, long now) {
        String text = raw == null ? "" : raw;
        if (text.length() > MAX_RAW_CHARS) {
            int end = Character.isHighSurrogate(text.charAt(MAX_RAW_CHARS - 1)) ? MAX_RAW_CHARS - 1 : MAX_RAW_CHARS;
            text = text.substring(0, end);
        }
        return new DeadLetter(
                topic, partition, offset, Reasons.cap(reason, MAX_REASON_CHARS), text, now, category.label());
    }

    /** In a {@code deleted-unread} reason, how many records were lost at most: the insights read it back. */
    public static final String AT_MOST_RECORDS_PATTERN = "\\(at most ([0-9]+) records\\)";

    /**
     * Records of {@code topic}-{@code partition} deleted before the job read them: the reader was at
     * {@code position}, the partition's oldest record kept is at {@code oldest} and its end at {@code end}
     * (a position past the end: the topic was recreated). Keyed at the first offset lost.
     */
    public static DeadLetter deletedUnread(
            String topic, int partition, long position, long oldest, long end, long now) {
        String where = topic + "-" + partition;
        String reason = pastTheEnd(position, end)
                ? "deleted-unread: the job's position " + position + " is past the end " + end + " of " + where
                        + " (the topic was recreated, or its log lost records); reading it from its oldest record,"
                        + " offset " + oldest
                : "deleted-unread: offsets " + position + " to " + (oldest - 1) + " of " + where + " (at most "
                        + (oldest - position) + " records) were deleted, by the topic's retention, before the job"
                        + " read them; reading on from offset " + oldest;
        return of(topic, partition, position, RejectCategory.DELETED_UNREAD, reason, "", now);
    }

    /**
     * True when a reader's {@code position} is past its partition's {@code end}: the partition's log went
     * back (the topic was recreated), rather than its oldest records being deleted.
     */
    public static boolean pastTheEnd(long position, long end) {
        return position > end;
    }

    /** A record that could not be parsed: its reason and category come from the exception. */
    public static DeadLetter rejected(
            String topic, int partition, long offset, InvalidRecordException e, byte[] raw, long now) {
        return of(topic, partition, offset, e.category(), e.getMessage(), raw, now);
    }

    /** The Kafka key of a dead letter: where it was read. */
    public String sourceKey() {
        return sourceTopic + "/" + partition + "/" + offset;
    }
}
