package io.streamlab.pipeline.records;

import java.util.Locale;

/**
 * Why a record became a dead letter, as a small fixed set: the {@code category} of a dead letter and the
 * label of its {@code deadLetters} metric, so a dashboard can tell a flood of late records from a broken
 * producer without parsing reasons.
 */
public enum RejectCategory {
    /** Not JSON, not a JSON object, or empty. */
    INVALID_JSON,
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** A field of the wrong JSON type (an object for a number, a fraction for an id...). */
    WRONG_TYPE,
    /** A number outside its plausible range, or a value outside its fixed set (priority). */
    OUT_OF_RANGE,
    /** A text field, the artist list or the whole record above its configured bound. */
    TOO_LONG,
    /** An event time before the configured floor or too far ahead of the processing time. */
    IMPLAUSIBLE_EVENT_TIME,
    /** Parsing failed in a way the rules above did not foresee: a bug to report, never a job failure. */
    UNEXPECTED_PARSE_ERROR,
    /** On time for nothing: its event-time window had already been emitted. */
    LATE,
    /** An output (an enriched ticket) that would exceed its Kafka sink's record size. */
    OUTPUT_TOO_LARGE,
    /**
     * Not a record: records of an input partition deleted before the job read them (the topic's retention
     * passed the job's position while it was stopped or behind), one dead letter per partition and loss.
     */
    DELETED_UNREAD;

    /** {@code out-of-range}: the form used in dead letters, metrics and the README. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
