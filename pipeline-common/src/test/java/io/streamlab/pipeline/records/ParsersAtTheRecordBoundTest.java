package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shapes of JSON that make parsers slow, each filling a whole record up to
 * {@code limits.record.max-bytes} (README, bad input: "parsing runs in linear time on any input"): deep
 * nesting, a huge number of keys, keys whose hash codes all collide, one key repeated, the longest
 * numbers, escapes, whitespace. Each ends as a record within the bounds or as one rejection with its
 * category and a short reason.
 *
 * <p>The timeout is no measurement of speed. Linear work on a megabyte takes milliseconds; work that grows
 * with the square of the record takes hours there, so a parser that went quadratic on one of these shapes
 * would fail here instead of hanging the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParsersAtTheRecordBoundTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();
    static final long NOW = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    static final int BOUND = LIMITS.maxRecordBytes();

    /** A valid track without its opening brace, to put after the hostile part. */
    static final String TRACK_FIELDS = new String(Json.write(TracksTest.TRACK), StandardCharsets.UTF_8).substring(1);

    static final String TICKET_FIELDS = ParsersPropertiesTest.TICKET.substring(1);

    @Test
    void nestingAsDeepAsTheRecordAllowsIsInvalidJson() {
        int depth = (BOUND - TRACK_FIELDS.length() - 16) / 2;
        assertTrackRejected(
                filled("{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "," + TRACK_FIELDS),
                RejectCategory.INVALID_JSON);
        int objects = (BOUND - TRACK_FIELDS.length() - 16) / 7;
        assertTrackRejected(
                filled("{\"deep\":" + "{\"a\":".repeat(objects) + "1" + "}".repeat(objects) + "," + TRACK_FIELDS),
                RejectCategory.INVALID_JSON);
    }

    @Test
    void aMegabyteOfUnknownKeysIsIgnored() {
        String keys = filling(TRACK_FIELDS, i -> "\"k" + i + "\":" + i + ",");
        Track track = acceptedTrack(filled("{" + keys + TRACK_FIELDS));
        assertThat(track).isEqualTo(TracksTest.TRACK);
    }

    @Test
    void keysWhoseHashCodesAllCollideAreIgnored() {
        // "Aa" and "BB" have the same String hash code, so every string of 14 of them has the same one too
        StringBuilder keys = new StringBuilder();
        for (int bits = 0; bits < 1 << 14 && keys.length() < BOUND - TRACK_FIELDS.length() - 64; bits++) {
            keys.append('"');
            for (int b = 0; b < 14; b++) {
                keys.append((bits & (1 << b)) == 0 ? "Aa" : "BB");
            }
            keys.append("\":0,");
        }
        assertThat("AaAa".hashCode()).isEqualTo("BBBB".hashCode());
        Track track = acceptedTrack(filled("{" + keys + TRACK_FIELDS));
        assertThat(track).isEqualTo(TracksTest.TRACK);
    }

    @Test
    void aKeyRepeatedAllOverTheRecordIsInvalidAtItsFirstRepeat() {
        String repeated = filling(TRACK_FIELDS, i -> "\"track_genre\":\"g" + (i % 10) + "\",");
        assertTrackRejected(filled("{" + repeated + TRACK_FIELDS), RejectCategory.INVALID_JSON);

        String descriptions = filling(TICKET_FIELDS, i -> "\"description\":\"d" + i + "\",");
        byte[] ticket = withinTheBound(filled("{" + descriptions + "\"description\":\"last\"," + TICKET_FIELDS));
        InvalidRecordException e =
                catchThrowableOfType(InvalidRecordException.class, () -> Tickets.parse(ticket, LIMITS, NOW));
        assertThat(e.getMessage())
                .isEqualTo("invalid JSON: the name 'description' appears twice in one object"
                        + " (which value counts is not defined)");
    }

    @Test
    void theLongestNumbersAreOutOfRangeAndLongerOnesInvalid() {
        // Jackson refuses numbers of more than 1,000 characters: a megabyte of digits is never converted
        assertTrackRejected(numberField("popularity", "9".repeat(1_000)), RejectCategory.OUT_OF_RANGE);
        assertTrackRejected(numberField("timestamp", "-" + "9".repeat(999)), RejectCategory.OUT_OF_RANGE);
        assertTrackRejected(
                filled(numberField("duration_ms", "1" + "0".repeat(BOUND / 2))), RejectCategory.INVALID_JSON);
        assertTrackRejected(numberField("tempo", "1e" + "9".repeat(998)), RejectCategory.OUT_OF_RANGE);
        assertTrackRejected(
                filled(numberField("tempo", "0." + "0".repeat(BOUND / 2) + "1")), RejectCategory.INVALID_JSON);
        Track tiny = acceptedTrack(numberField("energy", "0." + "0".repeat(990) + "1"));
        assertThat(tiny.energy()).isZero();
        // digits in a string are read by the JDK, not Jackson: no length limit there but the record's
        assertTrackRejected(
                filled(numberField("duration_ms", "\"" + "9".repeat(BOUND / 2) + "\"")), RejectCategory.WRONG_TYPE);
        assertTrackRejected(
                filled(numberField("loudness", "\"" + "9".repeat(BOUND / 2) + "\"")), RejectCategory.OUT_OF_RANGE);
        assertThat(acceptedTrack(filled(numberField("valence", "\"0." + "0".repeat(BOUND / 2) + "1\"")))
                        .valence())
                .isZero();
        assertTrackRejected(numberField("track_id", "9".repeat(1_000)), RejectCategory.TOO_LONG);
    }

    @Test
    void aMegabyteOfEscapesOrWhitespaceIsReadOnce() {
        int escapes = (BOUND - TRACK_FIELDS.length() - 64) / 6;
        assertTrackRejected(
                filled("{\"track_name\":\"" + "\\u00e9".repeat(escapes) + "\","
                        + TRACK_FIELDS.replace("\"track_name\"", "\"x\"")),
                RejectCategory.TOO_LONG);
        assertTrackRejected(
                filled("{\"track_genre\":\"" + "\\ud800".repeat(escapes) + "\","
                        + TRACK_FIELDS.replace("\"track_genre\"", "\"x\"")),
                RejectCategory.TOO_LONG);
        String spaces = " \n\t\r".repeat((BOUND - TRACK_FIELDS.length() - 8) / 4);
        assertThat(acceptedTrack(filled("{" + spaces + TRACK_FIELDS))).isEqualTo(TracksTest.TRACK);
    }

    @Test
    void aMegabyteInTheTicketsFieldsWithoutALengthBoundIsRefused() {
        String huge = "x".repeat(BOUND - TICKET_FIELDS.length() - 64);
        assertTicketRejected(filledTicket("created_at", "2026-01-01T00:00:00Z" + huge), RejectCategory.WRONG_TYPE);
        assertTicketRejected(filledTicket("priority", "high" + huge), RejectCategory.OUT_OF_RANGE);
        assertTicketRejected(filledTicket("priority", " ".repeat(huge.length())), RejectCategory.MISSING_FIELD);
        assertTicketRejected(filledTicket("type", " ".repeat(huge.length()) + "q"), RejectCategory.TOO_LONG);
    }

    @Test
    void theArtistsOfAWholeRecordAreRefusedBeforeTheyAreSplit() {
        int bytes = BOUND - TRACK_FIELDS.length() - 64;
        assertTrackRejected(
                filled("{\"artists\":\"" + ";".repeat(bytes) + "\"," + TRACK_FIELDS.replace("\"artists\"", "\"x\"")),
                RejectCategory.TOO_LONG);
        assertTrackRejected(
                filled("{\"artists\":\"" + "a;".repeat(bytes / 2) + "\","
                        + TRACK_FIELDS.replace("\"artists\"", "\"x\"")),
                RejectCategory.TOO_LONG);
    }

    /** {@code part(i)} for i = 0, 1, … as long as the record stays within the bound with {@code rest} beside it. */
    private static String filling(String rest, IntFunction<String> part) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; ; i++) {
            String next = part.apply(i);
            if (sb.length() + next.length() + rest.length() + 64 > BOUND) {
                return sb.toString();
            }
            sb.append(next);
        }
    }

    private static String numberField(String name, String rawJson) {
        return "{\"" + name + "\":" + rawJson + "," + TRACK_FIELDS.replace("\"" + name + "\"", "\"x\"");
    }

    private static String filledTicket(String name, String value) {
        return filled(ticketWith(name, value));
    }

    private static String ticketWith(String name, String value) {
        return "{\"" + name + "\":\"" + value + "\"," + TICKET_FIELDS.replace("\"" + name + "\"", "\"x\"");
    }

    /** A record that fills at least half of the bound, as the shapes here are meant to. */
    private static String filled(String json) {
        assertThat(json.length()).as("the record fills the bound").isGreaterThan(BOUND / 2);
        return json;
    }

    private static byte[] withinTheBound(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).as("within the record bound").isLessThanOrEqualTo(BOUND);
        return bytes;
    }

    private static Track acceptedTrack(String json) {
        try {
            return Tracks.parse(withinTheBound(json), LIMITS, NOW);
        } catch (InvalidRecordException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static Ticket acceptedTicket(String json) {
        try {
            return Tickets.parse(withinTheBound(json), LIMITS, NOW);
        } catch (InvalidRecordException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static void assertTrackRejected(String json, RejectCategory category) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        assertThat(value.length).as("within the record bound").isLessThanOrEqualTo(BOUND);
        assertRejection(
                catchThrowableOfType(InvalidRecordException.class, () -> Tracks.parse(value, LIMITS, NOW)), category);
    }

    private static void assertTicketRejected(String json, RejectCategory category) {
        byte[] value = withinTheBound(json);
        assertRejection(
                catchThrowableOfType(InvalidRecordException.class, () -> Tickets.parse(value, LIMITS, NOW)), category);
    }

    private static void assertRejection(InvalidRecordException e, RejectCategory category) {
        assertThat(e).as("rejected").isNotNull();
        assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
        assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(DeadLetter.MAX_REASON_CHARS);
    }
}
