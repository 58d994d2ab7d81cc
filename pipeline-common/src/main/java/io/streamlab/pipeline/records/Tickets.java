package io.streamlab.pipeline.records;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/** Reads and checks tickets against the contract. */
public final class Tickets {
    /** Priority names (lower case) and their level, as in the enriched ticket's {@code priority_level}. */
    public static final Map<String, Integer> PRIORITY_LEVELS = Map.of("low", 1, "medium", 2, "high", 3, "critical", 4);

    private Tickets() {
    }

    /**
     * Parses one {@code client_tickets} value. {@code maxDescriptionChars} bounds the description:
     * a longer one is refused rather than letting one ticket dominate memory and the keyword counts.
     */
    public static Ticket parse(byte[] value, int maxDescriptionChars) throws InvalidRecordException {
        JsonNode node = Json.object(value);
        Fields f = new Fields(node);
        String ticketId = f.requiredText("ticket_id").trim();
        String clientId = f.requiredText("client_id").trim();
        String type = f.requiredText("type").trim();
        String createdAtText = f.requiredText("created_at");
        Instant createdAt = parseInstant(createdAtText);
        String priority = normalisePriority(f.optionalText("priority"));
        String description = f.optionalText("description");
        if (description != null && description.length() > maxDescriptionChars) {
            throw new InvalidRecordException("description is too long: " + description.length()
                    + " characters (the limit, tickets.description.max-chars, is " + maxDescriptionChars + ")");
        }
        return new Ticket(ticketId, clientId, DateTimeFormatter.ISO_INSTANT.format(createdAt), type, priority,
                f.optionalText("subject"), description, f.optionalText("channel"), createdAt.toEpochMilli(), -1, -1L);
    }

    public static String normalisePriority(String priority) throws InvalidRecordException {
        if (priority == null || priority.isBlank()) {
            throw new InvalidRecordException("missing required field 'priority'");
        }
        String normalised = priority.trim().toLowerCase(Locale.ROOT);
        if (!PRIORITY_LEVELS.containsKey(normalised)) {
            throw new InvalidRecordException("unknown priority '" + priority + "' (expected low, medium, high or critical)");
        }
        return normalised;
    }

    /** ISO-8601 with an offset, or without one (then UTC); a space may stand for the 'T'. */
    public static Instant parseInstant(String text) throws InvalidRecordException {
        String trimmed = text.trim();
        String iso = trimmed.length() > 10 && trimmed.charAt(10) == ' '
                ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11) : trimmed;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutOffset) {
                throw new InvalidRecordException("created_at is not an ISO-8601 timestamp: '" + text + "'");
            }
        }
    }
}
