package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated records against the parsers: whatever the bytes, parsing ends in a record or an
 * {@link InvalidRecordException} (never another exception), and every record accepted is within the
 * configured bounds.
 */
class ParsersPropertiesTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();
    static final long NOW = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();

    static final String TRACK = new String(Json.write(TracksTest.TRACK), StandardCharsets.UTF_8);
    static final String TICKET = "{\"ticket_id\":\"T1\",\"client_id\":\"C9\",\"created_at\":\"2026-11-24T10:15:30+01:00\","
            + "\"type\":\"incident\",\"priority\":\"HIGH\",\"subject\":\"Écran noir\",\"description\":\"plante\","
            + "\"channel\":\"email\"}";
    static final List<String> TRACK_FIELDS = List.of("track_id", "artists", "album_name", "track_name", "popularity",
            "duration_ms", "explicit", "danceability", "energy", "key", "loudness", "mode", "speechiness",
            "acousticness", "instrumentalness", "liveness", "valence", "tempo", "time_signature", "track_genre",
            "timestamp", "record_id");
    static final List<String> TICKET_FIELDS = List.of("ticket_id", "client_id", "created_at", "type", "priority",
            "subject", "description", "channel");

    @Property(tries = 300)
    void randomBytesAreRecordsOrInvalid(@ForAll("bytes") byte[] value) {
        Outcome.of(() -> Tracks.parse(value, LIMITS, NOW));
        Outcome.of(() -> Tickets.parse(value, LIMITS, NOW));
    }

    @Property(tries = 600)
    void mutatedTracksAreWithinTheBoundsOrInvalid(@ForAll("trackMutations") String json) {
        Track track = Outcome.of(() -> Tracks.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS, NOW));
        if (track != null) {
            assertThat(Outcome.of(() -> {
                Tracks.validate(track, LIMITS);
                Tracks.checkEventTime(track.timestamp(), LIMITS, NOW);
                return track;
            })).isNotNull();
            assertThat(track.trackId().length()).isLessThanOrEqualTo(LIMITS.maxIdChars());
            assertThat(Tracks.artists(track.artists())).hasSizeBetween(1, LIMITS.maxArtistsPerTrack());
            assertThat(Math.multiplyExact(track.timestamp(), 1000L)).isBetween(LIMITS.minEventTimeMillis(),
                    LIMITS.maxEventTimeMillis(NOW));
        }
    }

    @Property(tries = 600)
    void mutatedTicketsAreWithinTheBoundsOrInvalid(@ForAll("ticketMutations") String json) {
        Ticket t = Outcome.of(() -> Tickets.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS, NOW));
        if (t != null) {
            assertThat(t.ticketId().length()).isBetween(1, LIMITS.maxIdChars());
            assertThat(t.clientId().length()).isBetween(1, LIMITS.maxIdChars());
            assertThat(t.type().length()).isBetween(1, LIMITS.maxTicketTypeChars());
            assertThat(Tickets.PRIORITY_LEVELS).containsKey(t.priority());
            assertThat(t.subject() == null ? 0 : t.subject().length()).isLessThanOrEqualTo(LIMITS.maxSubjectChars());
            assertThat(t.description() == null ? 0 : t.description().length())
                    .isLessThanOrEqualTo(LIMITS.maxDescriptionChars());
            assertThat(t.channel() == null ? 0 : t.channel().length()).isLessThanOrEqualTo(LIMITS.maxChannelChars());
            assertThat(t.eventTimeMillis()).isBetween(LIMITS.minEventTimeMillis(), LIMITS.maxEventTimeMillis(NOW));
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+ntrufalse\\ ").ofMaxLength(300)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> trackMutations() {
        return mutations(TRACK, TRACK_FIELDS);
    }

    @Provide
    Arbitrary<String> ticketMutations() {
        return mutations(TICKET, TICKET_FIELDS);
    }

    /** A valid record with one to three fields replaced by hostile JSON values, or removed, or cut short. */
    private static Arbitrary<String> mutations(String valid, List<String> fields) {
        Arbitrary<String> field = Arbitraries.of(fields);
        Arbitrary<String> replaced = Combinators.combine(field, hostileValue(), field, hostileValue())
                .as((f1, v1, f2, v2) -> {
                    ObjectNode node = (ObjectNode) read(valid);
                    node.put(f1, "__RAW1__");
                    node.put(f2, "__RAW2__");
                    return node.toString().replace("\"__RAW1__\"", v1).replace("\"__RAW2__\"", v2);
                });
        Arbitrary<String> truncated = Arbitraries.integers().between(0, valid.length()).map(n -> valid.substring(0, n));
        Arbitrary<String> removed = field.map(f -> {
            ObjectNode node = (ObjectNode) read(valid);
            node.remove(f);
            return node.toString();
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, replaced), net.jqwik.api.Tuple.of(1, truncated), net.jqwik.api.Tuple.of(1, removed));
    }

    /** JSON value texts: extreme numbers, huge and odd strings, timestamps, containers, null, booleans. */
    private static Arbitrary<String> hostileValue() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(Object::toString),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e400"),
                Arbitraries.of("1e308", "-1e308", "1e400", "9e18", "9223372036854775808", "-9223372036854775809",
                        "0.5", "-0", "1E-400", "12345.5", "4.9e-324", "1" + "0".repeat(900)),
                Arbitraries.longs().between(900_000_000L, 1_900_000_000_000L).map(Object::toString));
        Arbitrary<String> strings = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50),
                Arbitraries.strings().withChars("{}<>&;@'’ aé\u0000\u0001\n").ofMinLength(0).ofMaxLength(3_000),
                Arbitraries.integers().between(0, 300_000).map(n -> "x".repeat(n)),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "True", "false", "low", "CRITICAL", " ", "",
                        "+300000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
                        "2026-11-24 10:15:30", "1999-12-31T23:59:59Z", "2026-11-30T00:59:59Z", "2026-11-30T01:00:01Z",
                        "A;B;;C", ";;;"),
                Arbitraries.integers().between(1, 200).map(n -> "Artist;".repeat(n)))
                .map(ParsersPropertiesTest::jsonString);
        Arbitrary<String> others = Arbitraries.of("null", "true", "false", "[]", "{}", "[1,2,3]", "{\"a\":{\"b\":[]}}",
                "[".repeat(2_000) + "]".repeat(2_000));
        return Arbitraries.oneOf(numbers, strings, others);
    }

    private static String jsonString(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a parse: its result, or null when it refused the record; any other exception fails the property. */
    private interface Outcome<T> {
        T get() throws InvalidRecordException;

        static <T> T of(Outcome<T> parse) {
            try {
                return parse.get();
            } catch (InvalidRecordException e) {
                assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(DeadLetter.MAX_REASON_CHARS);
                assertThat(e.category()).isNotNull();
                return null;
            }
        }
    }
}
