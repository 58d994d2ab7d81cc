package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The texts that become keys (ids, genres, artists, ticket types) are trimmed of every padding a reader
 * cannot see, not only ASCII's; and a record that names a field twice is invalid, not its last value.
 */
class KeysAndNamesTest {
    /** Padding Java's trim() left on: spaces beyond ASCII, a separator, invisible format characters. */
    private static final List<String> PADDING =
            List.of("\u00a0", "\u2007", "\u202f", "\u3000", "\u2028", "\u0085", "\u200b", "\ufeff", "\u00ad");

    @Test
    void aKeyPaddedWithAnyBlankIsTheSameKey() throws Exception {
        for (String pad : PADDING) {
            String shown = Reasons.quote(pad);
            Track track = TracksTest.parse(TracksTest.with("track_genre", pad + "pop" + pad + pad));
            assertThat(track.trackGenre()).as(shown).isEqualTo("pop");
            assertThat(TracksTest.parse(TracksTest.with("track_id", pad + "t1" + pad))
                            .trackId())
                    .as(shown)
                    .isEqualTo("t1");
            assertThat(Tracks.artists("Ana" + pad + ";" + pad + "Bo;Ana"))
                    .as(shown)
                    .containsExactly("Ana", "Bo");

            Ticket ticket = TicketsTest.parse("{\"ticket_id\":\"" + json(pad + "T1" + pad) + "\",\"client_id\":\""
                    + json(pad + "C9") + "\",\"type\":\"" + json("incident" + pad) + "\",\"created_at\":\""
                    + json(pad + "2026-11-24T10:15:30Z" + pad) + "\",\"priority\":\"" + json("High" + pad) + "\"}");
            assertThat(List.of(ticket.ticketId(), ticket.clientId(), ticket.type(), ticket.priority()))
                    .as(shown)
                    .containsExactly("T1", "C9", "incident", "high");
            assertThat(ticket.createdAt()).as(shown).isEqualTo("2026-11-24T10:15:30Z");
        }
    }

    @Test
    void onlyTheEndsAreTrimmedAndVisibleTextIsKept() {
        assertThat(Blanks.strip("hip\u00a0hop")).isEqualTo("hip\u00a0hop");
        assertThat(Blanks.strip("\u0301")).isEqualTo("\u0301");
        assertThat(Blanks.strip("pop")).isSameAs("pop");
        // an emoji flag ends in tag characters (U+E0067 … U+E007F): they are its last code points
        String england = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";
        assertThat(Blanks.strip(" Ana " + england + "\u00a0")).isEqualTo("Ana " + england);
        assertThat(Tracks.artists("Ana " + england)).containsExactly("Ana " + england);
    }

    @Test
    void stripIsTheBlankRuleAtTheEnds() {
        for (int c = 0; c < Character.MIN_SUPPLEMENTARY_CODE_POINT; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String one = Character.toString(c);
            boolean blank = Blanks.isBlank(one);
            assertThat(Blanks.strip(one + "x" + one)).as("U+%04X", c).isEqualTo(blank ? "x" : one + "x" + one);
            assertThat(Blanks.strip(one).isEmpty()).as("U+%04X", c).isEqualTo(blank);
        }
    }

    @Test
    void aNameTwiceInOneRecordIsInvalidJson() throws Exception {
        String track = new String(Json.write(TracksTest.TRACK), StandardCharsets.UTF_8);
        for (String twice : List.of(
                "\"popularity\":99,", "\"popularity\":73,", "\"track_genre\":\"rock\",", "\"extra\":1,\"extra\":2,")) {
            InvalidRecordException e =
                    TracksTest.rejection(("{" + twice + track.substring(1)).getBytes(StandardCharsets.UTF_8));
            assertThat(e.category()).as(twice).isEqualTo(RejectCategory.INVALID_JSON);
            assertThat(e.getMessage())
                    .as(twice)
                    .matches("invalid JSON: the name '[a-z_]+' appears twice in one object \\(which value counts is"
                            + " not defined\\)");
        }
        InvalidRecordException nested = TicketsTest.rejection(
                TicketsTest.withField("subject", "s").replace("}", ",\"meta\":{\"a\":1,\"a\":1}}"));
        assertThat(nested.getMessage()).startsWith("invalid JSON: the name 'a' appears twice");

        String longName = "n".repeat(5_000);
        String reason = TicketsTest.reason(
                TicketsTest.withField("subject", "s").replace("}", ",\"" + longName + "\":1,\"" + longName + "\":2}"));
        assertThat(reason).startsWith("invalid JSON: the name 'nnn").hasSizeLessThan(300);

        // the same names in two objects, or differing in case, are no repeat
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(track);
        node.putObject("meta").put("popularity", 1).put("Popularity", 2);
        assertThat(TracksTest.parse(Json.MAPPER.writeValueAsBytes(node))).isEqualTo(TracksTest.TRACK);
    }

    private static String json(String text) throws Exception {
        String quoted = Json.MAPPER.writeValueAsString(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** The README's default bounds and fixed ranges, at their edge: the last value taken, the first refused. */
    @Test
    void theDocumentedBoundsHoldAtTheirEdges() throws Exception {
        Object[][] tracks = {
            {"time_signature", 16, 17, RejectCategory.OUT_OF_RANGE},
            {"time_signature", 0, -1, RejectCategory.OUT_OF_RANGE},
            {"loudness", 20.0, 20.001, RejectCategory.OUT_OF_RANGE},
            {"loudness", -100.0, -100.001, RejectCategory.OUT_OF_RANGE},
            {"tempo", 1000.0, 1000.001, RejectCategory.OUT_OF_RANGE},
            {"popularity", 100, 101, RejectCategory.OUT_OF_RANGE},
            {"key", -1, -2, RejectCategory.OUT_OF_RANGE},
            {"duration_ms", 86_400_000L, 86_400_001L, RejectCategory.OUT_OF_RANGE},
            {"track_genre", "g".repeat(64), "g".repeat(65), RejectCategory.TOO_LONG},
            {"track_id", "t".repeat(128), "t".repeat(129), RejectCategory.TOO_LONG},
            {"track_name", "n".repeat(500), "n".repeat(501), RejectCategory.TOO_LONG},
        };
        for (Object[] edge : tracks) {
            String field = (String) edge[0];
            TracksTest.parse(TracksTest.with(field, edge[1]));
            assertThat(TracksTest.rejection(TracksTest.with(field, edge[2])).category())
                    .as("%s = %s", field, edge[2])
                    .isEqualTo(edge[3]);
        }
        String[][] tickets = {
            {"type", "t".repeat(64), "t".repeat(65)},
            {"client_id", "c".repeat(128), "c".repeat(129)},
            {"channel", "e".repeat(64), "e".repeat(65)},
            {"subject", "s".repeat(1000), "s".repeat(1001)},
        };
        for (String[] edge : tickets) {
            String field = edge[0];
            TicketsTest.parse(ticketWith(field, edge[1]));
            InvalidRecordException e = TicketsTest.rejection(ticketWith(field, edge[2]));
            assertThat(e.category()).as(field).isEqualTo(RejectCategory.TOO_LONG);
            assertThat(e.getMessage()).as(field).contains("'" + field + "'", "limits.");
        }
    }

    private static String ticketWith(String field, String value) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(TicketsTest.withField("subject", "s"));
        node.put(field, value);
        return Json.MAPPER.writeValueAsString(node);
    }
}
