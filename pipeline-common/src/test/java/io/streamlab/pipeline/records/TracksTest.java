package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracksTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();
    /** 2026-11-30T00:00:00Z: the processing time of these tests. */
    static final long NOW = 1_764_460_800_000L;

    static final Track TRACK = Track.builder()
            .trackId("5SuOikwiRyPMVoIQDJUgSV")
            .artists("Gen Hoshino;Beyoncé")
            .albumName("Comedy")
            .trackName("Comedy")
            .popularity(73)
            .durationMs(230666)
            .explicit(false)
            .danceability(0.676)
            .energy(0.461)
            .key(1)
            .loudness(-6.746)
            .mode(0)
            .speechiness(0.143)
            .acousticness(0.0322)
            .instrumentalness(1.01e-06)
            .liveness(0.358)
            .valence(0.715)
            .tempo(87.917)
            .timeSignature(4)
            .trackGenre("acoustic")
            .timestamp(1_700_000_000L)
            .recordId(0)
            .build();

    static byte[] with(String field, Object value) throws Exception {
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Json.write(TRACK));
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, Json.MAPPER.valueToTree(value));
        }
        return Json.MAPPER.writeValueAsBytes(node);
    }

    static byte[] withRaw(String field, String rawJson) throws Exception {
        String json = new String(Json.write(TRACK), StandardCharsets.UTF_8);
        ObjectNode node = (ObjectNode) Json.MAPPER.readTree(json);
        node.remove(field);
        String rest = Json.MAPPER.writeValueAsString(node);
        return ("{\"" + field + "\":" + rawJson + "," + rest.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    static Track parse(byte[] value) throws InvalidRecordException {
        return Tracks.parse(value, LIMITS, NOW);
    }

    static InvalidRecordException rejection(byte[] value) {
        return org.junit.jupiter.api.Assertions.assertThrows(InvalidRecordException.class, () -> parse(value));
    }

    static String reason(byte[] value) {
        return rejection(value).getMessage();
    }

    @Test
    void roundTripsThroughTheContractJson() throws Exception {
        String json = new String(Json.write(TRACK), StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"track_id\":\"5SuOikwiRyPMVoIQDJUgSV\"",
                        "\"time_signature\":4",
                        "\"track_genre\":\"acoustic\"")
                .doesNotContain("source_partition", "event_time");
        assertThat(parse(Json.write(TRACK))).isEqualTo(TRACK);
    }

    @Test
    void acceptsNumbersWrittenAsStringsBooleansAsTextAndWholeNumbersAsIds() throws Exception {
        assertThat(parse(with("popularity", "73")).popularity()).isEqualTo(73);
        assertThat(parse(with("instrumentalness", "1.01e-06")).instrumentalness())
                .isEqualTo(1.01e-06);
        assertThat(parse(with("explicit", "True")).explicit()).isTrue();
        assertThat(parse(with("track_id", 12345)).trackId()).isEqualTo("12345");
        assertThat(parse(with("popularity", 73.0)).popularity()).isEqualTo(73);
    }

    @Test
    void aValueIsOneRecordOrNone() throws Exception {
        String one = new String(Json.write(TRACK), StandardCharsets.UTF_8);
        String other = one.replace("\"track_id\":\"" + TRACK.trackId() + "\"", "\"track_id\":\"t2\"");
        // the second track was dropped without a dead letter: now the whole value is one, with both inside
        for (String value :
                List.of(one + other, one + "\n" + other + "\n", one + "garbage", one + "\u0000", one + "]")) {
            InvalidRecordException e = rejection(value.getBytes(StandardCharsets.UTF_8));
            assertThat(e.category()).as(value).isEqualTo(RejectCategory.INVALID_JSON);
        }
        assertThat(reason((one + " " + other).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("invalid JSON: more after the first value, at byte "
                        + (one.getBytes(StandardCharsets.UTF_8).length + 2)
                        + " (one record per Kafka value)");
        assertThat(parse((one + "\n  \r\n").getBytes(StandardCharsets.UTF_8))).isEqualTo(TRACK);
    }

    @Test
    void numbersAreTakenOnlyAsWritten() throws Exception {
        // in a text field, a whole number is its digits; any other number would be Java's rendering of a double
        assertThat(parse(withRaw("album_name", "1989")).albumName()).isEqualTo("1989");
        assertThat(parse(withRaw("album_name", "123456789012345678901234567890"))
                        .albumName())
                .isEqualTo("123456789012345678901234567890");
        for (String number : List.of("1e400", "-1e400", "1e2", "1.5", "1e-400")) {
            assertCategory(withRaw("track_genre", number), RejectCategory.WRONG_TYPE);
            assertCategory(withRaw("album_name", number), RejectCategory.WRONG_TYPE);
        }
        // in a string, a number is plain ASCII decimal notation, as the producer's CSV reader takes it
        assertThat(parse(with("popularity", " +73 ")).popularity()).isEqualTo(73);
        assertThat(parse(with("popularity", "7.3e1")).popularity()).isEqualTo(73);
        assertThat(parse(with("tempo", "1.2E+2")).tempo()).isEqualTo(120.0);
        for (String text : List.of("0x1p6", "120d", "0.5f", "1_0", "\u0665\u0660", "\uff11\uff17", "12\u00a0")) {
            assertCategory(with("tempo", text), RejectCategory.WRONG_TYPE);
            assertCategory(with("popularity", text), RejectCategory.WRONG_TYPE);
        }
        // in a string, a whole number is read exactly: a fraction that a double would round away is refused
        assertCategory(with("popularity", "72.999999999999999999"), RejectCategory.WRONG_TYPE);
        assertThat(parse(with("record_id", "9007199254740993.0")).recordId()).isEqualTo(9_007_199_254_740_993L);
        // a JSON number literal is a double once parsed: above 2^53 it may have been rounded, only digits are exact
        assertCategory(withRaw("record_id", "9007199254740993.0"), RejectCategory.OUT_OF_RANGE);
        assertThat(parse(withRaw("record_id", "9007199254740993")).recordId()).isEqualTo(9_007_199_254_740_993L);
        assertThat(parse(with("record_id", "9007199254740993")).recordId()).isEqualTo(9_007_199_254_740_993L);
        assertThat(parse(withRaw("record_id", "9007199254740991.0")).recordId()).isEqualTo(9_007_199_254_740_991L);
    }

    @Test
    void explainsWhatIsWrong() throws Exception {
        assertThat(reason("not json".getBytes(StandardCharsets.UTF_8))).startsWith("invalid JSON");
        assertThat(reason("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("invalid JSON: expected an object, got an array");
        assertThat(reason(new byte[0])).isEqualTo("empty record: the value is empty");
        assertThat(reason(with("track_id", null))).isEqualTo("missing required field 'track_id'");
        assertThat(reason(with("artists", " "))).isEqualTo("missing required field 'artists'");
        assertThat(reason(with("artists", " ; ;"))).isEqualTo("missing required field 'artists'");
        assertThat(reason(with("track_genre", null))).isEqualTo("missing required field 'track_genre'");
        assertThat(reason(with("popularity", "high")))
                .isEqualTo("field 'popularity' must be a whole number, got 'high'");
        assertThat(reason(with("popularity", 101)))
                .isEqualTo("field 'popularity' is out of range: 101 (expected 0 to 100)");
        assertThat(reason(with("danceability", 1.5)))
                .isEqualTo("field 'danceability' is out of range: 1.5 (expected 0 to 1)");
        assertThat(reason(with("explicit", "maybe"))).isEqualTo("field 'explicit' must be true or false, got 'maybe'");
        assertThat(reason(with("mode", 2))).isEqualTo("field 'mode' is out of range: 2 (expected 0 to 1)");
        assertThat(reason(with("key", 12))).isEqualTo("field 'key' is out of range: 12 (expected -1 to 11)");
        assertThat(reason(with("duration_ms", 0)))
                .isEqualTo("field 'duration_ms' is out of range: 0 (expected 1 to 86400000)");
        assertThat(reason(with("timestamp", null))).isEqualTo("missing required field 'timestamp'");
    }

    @Test
    void anUnpairedSurrogateInAnyTextIsInvalid() throws Exception {
        for (String field : new String[] {"track_id", "artists", "album_name", "track_name", "track_genre"}) {
            InvalidRecordException e = rejection(withRaw(field, "\"x\\ud800\""));
            assertThat(e.category()).as(e.getMessage()).isEqualTo(RejectCategory.INVALID_JSON);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "field '" + field + "' is not Unicode text: an unpaired surrogate \\uD800 at character 2");
        }
        assertThat(rejection(withRaw("artists", "\"A;\\udbffB\"")).category()).isEqualTo(RejectCategory.INVALID_JSON);
        assertThat(parse(withRaw("artists", "\"A\\ud83c\\udfb8;B\"")).artists()).isEqualTo("A\uD83C\uDFB8;B");
    }

    @Test
    void theHostileTracksOfTheIssueAreRejectedWithTheirCategory() throws Exception {
        // 10^16 seconds overflows when multiplied by 1000; epoch milliseconds sent as seconds is year 57,900
        assertCategory(with("timestamp", 10_000_000_000_000_000L), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertThat(reason(with("timestamp", 1_764_500_000_000L))).contains("milliseconds sent as seconds?");
        assertCategory(withRaw("timestamp", "1e308"), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("duration_ms", 9e18), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("artists", numberedArtists(60_000)), RejectCategory.TOO_LONG);
        assertThat(reason(with("artists", numberedArtists(51))))
                .isEqualTo("field 'artists' names 51 artists, above limits.artists.max-per-track (50)");
    }

    @Test
    void moreHostileTracks() throws Exception {
        assertCategory(with("timestamp", 946_684_799L), RejectCategory.IMPLAUSIBLE_EVENT_TIME); // a second before 2000
        assertCategory(with("timestamp", NOW / 1000 + 3601), RejectCategory.IMPLAUSIBLE_EVENT_TIME); // over 1h ahead
        assertThat(parse(with("timestamp", NOW / 1000 + 3600)).timestamp()).isEqualTo(NOW / 1000 + 3600);
        assertCategory(with("timestamp", -1), RejectCategory.IMPLAUSIBLE_EVENT_TIME);
        assertCategory(withRaw("timestamp", "9".repeat(30)), RejectCategory.OUT_OF_RANGE); // beyond 64 bits
        assertCategory(withRaw("timestamp", "1.5"), RejectCategory.WRONG_TYPE);
        assertCategory(withRaw("popularity", "1099511627776"), RejectCategory.OUT_OF_RANGE); // beyond 32 bits
        assertCategory(withRaw("tempo", "\"NaN\""), RejectCategory.WRONG_TYPE); // a word, not a number
        assertCategory(withRaw("tempo", "\"Infinity\""), RejectCategory.WRONG_TYPE);
        assertCategory(withRaw("loudness", "1e400"), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("tempo", 5000.0), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("loudness", -1000.0), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("record_id", -1), RejectCategory.OUT_OF_RANGE);
        assertCategory(with("track_id", 12345.5), RejectCategory.WRONG_TYPE);
        assertCategory(withRaw("track_id", "{\"a\":1}"), RejectCategory.WRONG_TYPE);
        assertCategory(withRaw("track_id", "true"), RejectCategory.WRONG_TYPE);
        assertCategory(with("track_id", "x".repeat(129)), RejectCategory.TOO_LONG);
        assertCategory(with("track_genre", "g".repeat(65)), RejectCategory.TOO_LONG);
        assertCategory(with("track_name", "n".repeat(501)), RejectCategory.TOO_LONG);
        assertCategory(with("album_name", "n".repeat(501)), RejectCategory.TOO_LONG);
        assertCategory(with("artists", "A;" + "b".repeat(501)), RejectCategory.TOO_LONG);
        assertCategory(withRaw("popularity", "[" + "1,".repeat(100_000) + "1]"), RejectCategory.WRONG_TYPE);
        assertCategory(
                ("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8),
                RejectCategory.INVALID_JSON);
        assertCategory(new byte[LIMITS.maxRecordBytes() + 1], RejectCategory.TOO_LONG);
    }

    @Test
    void reasonsQuoteAtMostAHundredCharactersOfAValue() throws Exception {
        String reason = reason(with("track_genre", "{{".repeat(450_000)));
        assertThat(reason).hasSizeLessThan(300).contains("900000 characters");
        assertThat(reason(with("popularity", "9".repeat(5_000) + "x"))).hasSizeLessThan(300);
    }

    @Test
    void invalidJsonReasonsQuoteAtMostAHundredCharactersAndNoControlCharacter() throws Exception {
        // Jackson quotes up to 256 characters of a bad token, control characters as they are
        String longToken = reason(("{\"track_id\": " + "x".repeat(1_000) + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(longToken)
                .startsWith("invalid JSON: Unrecognized token 'xxx")
                .contains("…'");
        assertThat(longToken.chars().filter(c -> c == 'x').count()).isLessThanOrEqualTo(Reasons.MAX_QUOTED_CHARS + 5);
        byte[] controls = "{\"track_id\": ab\u0000\u0001\u007f\u0085cd}".getBytes(StandardCharsets.UTF_8);
        String reason = reason(controls);
        assertThat(reason).startsWith("invalid JSON: ").doesNotContain("\u0000", "\u0001", "\u007f", "\u0085");
        assertThat(reason.chars().noneMatch(Character::isISOControl)).as(reason).isTrue();
    }

    private static String numberedArtists(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("Artist ").append(i).append(';');
        }
        return sb.toString();
    }

    private static void assertCategory(byte[] value, RejectCategory category) {
        InvalidRecordException e = rejection(value);
        assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
        assertThat(e.getMessage()).hasSizeLessThan(400);
    }
}
