package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One rule of a blank text for every required text of both records and for each artist name: whitespace,
 * spaces, control and invisible format characters alone are missing, not a value. Each field used to have
 * its own rule (trim, isBlank, whitespace or ISO control), so an id of U+3000 or DEL was a key, and an
 * artist U+0085 a row of artist_stats.
 */
class BlankTextsTest {
    static final List<String> BLANK = List.of(
            "",
            " ",
            "\t\n\r",
            "\u0000",
            "\u007f",
            "\u0085",
            "\u00a0",
            "\u2007",
            "\u202f",
            "\u3000",
            "\u2028",
            "\u200b",
            "\ufeff",
            " \u3000\u007f\u0085\u00a0\u200b ");

    private static byte[] ticketWith(String field, String value) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree("""
                {"ticket_id":"T1","client_id":"C9","created_at":"2026-11-24T10:15:30Z","type":"incident",
                 "priority":"high","subject":"s","description":"d","channel":"email"}""");
        node.put(field, value);
        return Json.MAPPER.writeValueAsBytes(node);
    }

    @Test
    void aBlankRequiredTextOfATicketIsMissing() throws Exception {
        for (String field : List.of("ticket_id", "client_id", "type", "created_at", "priority")) {
            for (String blank : BLANK) {
                InvalidRecordException e = org.junit.jupiter.api.Assertions.assertThrows(
                        InvalidRecordException.class,
                        () -> Tickets.parse(ticketWith(field, blank), TicketsTest.LIMITS, TicketsTest.NOW),
                        () -> field + " = " + Reasons.quote(blank));
                assertThat(e.category())
                        .as("%s = %s", field, Reasons.quote(blank))
                        .isEqualTo(RejectCategory.MISSING_FIELD);
                assertThat(e.getMessage()).contains("'" + field + "'");
            }
        }
    }

    @Test
    void aBlankRequiredTextOfATrackIsMissing() throws Exception {
        for (String field : List.of("track_id", "artists", "track_genre")) {
            for (String blank : BLANK) {
                InvalidRecordException e = TracksTest.rejection(TracksTest.with(field, blank));
                assertThat(e.category())
                        .as("%s = %s", field, Reasons.quote(blank))
                        .isEqualTo(RejectCategory.MISSING_FIELD);
                // the producer checks a file's tracks with the same rule
                Track track = Track.builder()
                        .trackId(field.equals("track_id") ? blank : "t")
                        .artists(field.equals("artists") ? blank : "Ana")
                        .trackGenre(field.equals("track_genre") ? blank : "pop")
                        .popularity(1)
                        .durationMs(1)
                        .build();
                InvalidRecordException v = org.junit.jupiter.api.Assertions.assertThrows(
                        InvalidRecordException.class, () -> Tracks.validate(track, TicketsTest.LIMITS));
                assertThat(v.category())
                        .as("validate %s = %s", field, Reasons.quote(blank))
                        .isEqualTo(RejectCategory.MISSING_FIELD);
            }
        }
    }

    @Test
    void aBlankArtistNameIsNoArtist() {
        String blanks = String.join(";", BLANK.subList(1, BLANK.size()));
        assertThat(Tracks.artists("Ana;" + blanks + ";Bo")).containsExactly("Ana", "Bo");
        assertThat(Tracks.artists(blanks)).isEmpty();
    }

    @Test
    void aTextWithAnythingVisibleIsAValue() throws Exception {
        for (String value : List.of("\u3000A", "\u200bx\u200b", "\u007f0", ".", "\u0301")) {
            Ticket t = Tickets.parse(ticketWith("client_id", value), TicketsTest.LIMITS, TicketsTest.NOW);
            assertThat(t.clientId()).isEqualTo(Blanks.strip(value)).isNotEmpty();
            assertThat(Tracks.artists(value)).hasSize(1);
        }
        assertThat(new String(ticketWith("type", "x"), StandardCharsets.UTF_8)).contains("\"type\":\"x\"");
    }

    /**
     * The Java predicates and the regular-expression classes the insights' SQL uses are one definition:
     * they agree on every code point, and the blank rule is still the four tests it replaced.
     */
    @Test
    void thePredicatesAreTheirExpressionsOnEveryCodePoint() {
        Pattern spacesAndControls = Pattern.compile("[" + Blanks.SPACES_AND_CONTROLS + "]");
        Pattern invisible = Pattern.compile("[" + Blanks.INVISIBLE + "]");
        int blanks = 0;
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String text = Character.toString(c);
            assertThat(Blanks.isSpaceOrControl(c))
                    .as("U+%04X", c)
                    .isEqualTo(spacesAndControls.matcher(text).matches());
            assertThat(Blanks.isInvisible(c))
                    .as("U+%04X", c)
                    .isEqualTo(invisible.matcher(text).matches());
            boolean formerRule = Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT;
            assertThat(Blanks.isBlank(text)).as("U+%04X", c).isEqualTo(formerRule);
            blanks += formerRule ? 1 : 0;
        }
        // 65 controls, 17 spaces, 2 separators and the format characters of Java 17's Unicode 13
        assertThat(blanks).isGreaterThan(84);
    }
}
