package io.streamlab.pipeline.records;

import static io.streamlab.pipeline.records.RejectCategory.IMPLAUSIBLE_EVENT_TIME;
import static io.streamlab.pipeline.records.RejectCategory.OUT_OF_RANGE;
import static io.streamlab.pipeline.records.RejectCategory.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig.Limits;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Reads and checks tickets against the contract and the configured bounds. */
public final class Tickets {
    /** Priority names (lower case) and their level, as in the enriched ticket's {@code priority_level}. */
    public static final Map<String, Integer> PRIORITY_LEVELS = Map.of("low", 1, "medium", 2, "high", 3, "critical", 4);

    /** No ISO-8601 timestamp a person writes is longer ("2024-01-31T23:59:59.123456789+01:00" has 35). */
    private static final int MAX_TIMESTAMP_CHARS = 64;

    private Tickets() {}

    /** With the bundled default bounds, at the current time: for tests and tools. */
    public static Ticket parse(byte[] value) throws InvalidRecordException {
        return parse(value, Limits.defaults(), System.currentTimeMillis());
    }

    /**
     * Parses one {@code client_tickets} value; throws with the reason when it breaks the contract or a
     * bound. {@code nowMillis} is the processing time {@code created_at} must not be too far ahead of.
     */
    public static Ticket parse(byte[] value, Limits limits, long nowMillis) throws InvalidRecordException {
        JsonNode node = Json.object(value, limits.maxRecordBytes(), Limits.RECORD_BYTES);
        Fields f = new Fields(node);
        String ticketId = f.id("ticket_id", limits.maxIdChars(), Limits.ID_CHARS);
        String clientId = f.id("client_id", limits.maxIdChars(), Limits.ID_CHARS);
        String type = Blanks.strip(f.requiredText("type", limits.maxTicketTypeChars(), Limits.TICKET_TYPE_CHARS));
        String createdAtText = f.requiredText("created_at", Integer.MAX_VALUE, "");
        Instant createdAt = parseInstant(createdAtText);
        checkEventTime(createdAt, createdAtText, limits, nowMillis);
        String priority = normalisePriority(f.optionalText("priority", Integer.MAX_VALUE, ""));
        String subject = f.optionalText("subject", limits.maxSubjectChars(), Limits.SUBJECT_CHARS);
        String description = f.optionalText("description", limits.maxDescriptionChars(), Limits.DESCRIPTION_CHARS);
        String channel = f.optionalText("channel", limits.maxChannelChars(), Limits.CHANNEL_CHARS);
        return new Ticket(
                ticketId,
                clientId,
                DateTimeFormatter.ISO_INSTANT.format(createdAt),
                type,
                priority,
                subject,
                description,
                channel,
                createdAt.toEpochMilli(),
                -1,
                -1L);
    }

    public static String normalisePriority(String priority) throws InvalidRecordException {
        if (priority == null || Fields.blank(priority)) {
            throw Fields.missing("priority");
        }
        String normalised = Blanks.strip(priority).toLowerCase(Locale.ROOT);
        if (!PRIORITY_LEVELS.containsKey(normalised)) {
            throw new InvalidRecordException(
                    OUT_OF_RANGE,
                    "unknown priority " + Reasons.quote(priority) + " (expected low, medium, high or critical)");
        }
        return normalised;
    }

    /**
     * ISO-8601 with an offset, or without one (then UTC); a space may stand for the 'T'. Any instant
     * {@link Instant} can hold is returned; {@link #checkEventTime} says whether it is plausible.
     */
    public static Instant parseInstant(String text) throws InvalidRecordException {
        String trimmed = Blanks.strip(text);
        if (trimmed.length() > MAX_TIMESTAMP_CHARS) {
            throw notATimestamp(text);
        }
        String iso = trimmed.length() > 10 && trimmed.charAt(10) == ' '
                ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11)
                : trimmed;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeException withOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException withoutOffset) {
                throw notATimestamp(text);
            }
        }
    }

    /** {@code created_at} lies between the floor and now plus the margin (compared as instants: no overflow). */
    public static void checkEventTime(Instant createdAt, String text, Limits limits, long nowMillis)
            throws InvalidRecordException {
        Instant min = Instant.ofEpochMilli(limits.minEventTimeMillis());
        Instant max = Instant.ofEpochMilli(limits.maxEventTimeMillis(nowMillis));
        if (createdAt.isBefore(min) || createdAt.isAfter(max)) {
            throw new InvalidRecordException(
                    IMPLAUSIBLE_EVENT_TIME,
                    "field 'created_at' is not a plausible event time: "
                            + Reasons.quote(text) + " (expected from " + min + ", " + Limits.EVENT_TIME_MIN
                            + ", to at most "
                            + Limits.EVENT_TIME_AHEAD + " ahead of now)");
        }
    }

    private static InvalidRecordException notATimestamp(String text) {
        return new InvalidRecordException(
                WRONG_TYPE, "field 'created_at' is not an ISO-8601 timestamp: " + Reasons.quote(text));
    }
}
