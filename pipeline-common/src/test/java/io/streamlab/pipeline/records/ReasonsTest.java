package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How much of a hostile value a dead letter's reason holds (README, Bad input). */
class ReasonsTest {
    @Test
    void aReasonQuotesAtMost100CharactersOfTheValueAndSaysHowLongItWas() {
        String value = "a".repeat(Reasons.MAX_QUOTED_CHARS) + "b".repeat(204_700);

        assertThat(Reasons.quote(value))
                .isEqualTo("'" + "a".repeat(Reasons.MAX_QUOTED_CHARS) + "…' (204800 characters)");
        assertThat(Reasons.quote("short")).isEqualTo("'short'");
        assertThat(Reasons.shorten("1".repeat(500)))
                .startsWith("1".repeat(100) + "…")
                .doesNotContain("1".repeat(101));
    }

    @Test
    void aQuoteNeverCutsACharacterInTwoNorCarriesControlCharacters() {
        String emoji = "😀"; // two chars: a cut at 100 would fall inside the 50th
        String cut = Reasons.quote("x" + emoji.repeat(100));
        assertThat(cut).startsWith("'x" + emoji.repeat(49) + "…'");
        assertThat(Reasons.quote("a\nb\tc\u0007")).isEqualTo("'a\\nb\\tc?'");
    }

    /** UTF-8 cannot hold an unpaired surrogate: the Parquet copy of a reason read '?', the Kafka one an escape. */
    @Test
    void anUnpairedSurrogateIsQuotedAsItsEscapeAndAPairAsItsCharacter() {
        assertThat(Reasons.quote("a\uD800b\uDC00" + "😀")).isEqualTo("'a\\uD800b\\uDC00😀'");
        // the wrong type of a number field quotes the text it was given
        String track = new String(Json.write(TracksTest.TRACK), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"popularity\":\\d+", "\"popularity\":\"\\\\ud800\"");
        InvalidRecordException wrong = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidRecordException.class,
                () -> Tracks.parse(track.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(wrong.getMessage()).contains("\\uD800");
        assertThat(wrong.getMessage().chars().filter(c -> Character.isSurrogate((char) c)))
                .as(wrong.getMessage())
                .isEmpty();
    }

    @Test
    void aDeadLettersReasonIsCappedAt400AndItsRawValueAt16KiB() {
        DeadLetter dl = DeadLetter.of("t", 0, 1, RejectCategory.TOO_LONG, "r".repeat(5_000), "v".repeat(100_000), 0L);

        assertThat(dl.reason()).hasSize(DeadLetter.MAX_REASON_CHARS).endsWith("…");
        assertThat(dl.raw()).hasSize(DeadLetter.MAX_RAW_CHARS);
        assertThat(DeadLetter.MAX_RAW_CHARS).isEqualTo(16 * 1024);
    }

    @Test
    void aParserRejectionQuotesTheOffendingValueCut() {
        byte[] json = ("{\"ticket_id\":\"T\",\"client_id\":\"C\",\"type\":\"q\",\"created_at\":\"" + "9".repeat(5_000)
                        + "\",\"priority\":\"low\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        InvalidRecordException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidRecordException.class, () -> Tickets.parse(json, TicketsTest.LIMITS, TicketsTest.NOW));

        assertThat(e.getMessage()).contains("9".repeat(100)).doesNotContain("9".repeat(101));
    }
}
