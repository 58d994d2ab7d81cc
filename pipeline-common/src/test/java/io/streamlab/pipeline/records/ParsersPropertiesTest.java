package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the parsers over random and mutated records (seeded, so a failure names the seed
 * that reproduces it): whatever the bytes, parsing ends in a record or an {@link InvalidRecordException}
 * with a short reason, never in another exception, and every record accepted is within the bounds.
 */
class ParsersPropertiesTest {
    static final PipelineConfig.Limits LIMITS = PipelineConfig.defaults().limits();
    static final long NOW = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    static final long SEED = 20_261_130L;

    static final String TRACK = new String(Json.write(TracksTest.TRACK), StandardCharsets.UTF_8);
    static final String TICKET =
            "{\"ticket_id\":\"T1\",\"client_id\":\"C9\",\"created_at\":\"2026-11-24T10:15:30+01:00\","
                    + "\"type\":\"incident\",\"priority\":\"HIGH\",\"subject\":\"Écran noir\",\"description\":\"plante\","
                    + "\"channel\":\"email\"}";
    static final List<String> TRACK_FIELDS = List.of(
            "track_id",
            "artists",
            "album_name",
            "track_name",
            "popularity",
            "duration_ms",
            "explicit",
            "danceability",
            "energy",
            "key",
            "loudness",
            "mode",
            "speechiness",
            "acousticness",
            "instrumentalness",
            "liveness",
            "valence",
            "tempo",
            "time_signature",
            "track_genre",
            "timestamp",
            "record_id");
    static final List<String> TICKET_FIELDS =
            List.of("ticket_id", "client_id", "created_at", "type", "priority", "subject", "description", "channel");

    private static final List<String> NUMBERS = List.of(
            "1e308",
            "-1e308",
            "1e400",
            "9e18",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "0.5",
            "-0",
            "1E-400",
            "12345.5",
            "4.9e-324",
            "1" + "0".repeat(900),
            "0",
            "1",
            "-1",
            "100",
            "101",
            "1700000000",
            "1764500000000",
            "946684799");
    private static final List<String> WORDS = List.of(
            "NaN",
            "Infinity",
            "-Infinity",
            "True",
            "false",
            "low",
            "CRITICAL",
            " ",
            "",
            "+300000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-24 10:15:30",
            "1999-12-31T23:59:59Z",
            "2026-11-30T00:59:59Z",
            "2026-11-30T01:00:01Z",
            "A;B;;C",
            ";;;",
            "12",
            "0.25");
    private static final List<String> CONTAINERS = List.of(
            "null",
            "true",
            "false",
            "[]",
            "{}",
            "[1,2,3]",
            "{\"a\":{\"b\":[]}}",
            "[".repeat(2_000) + "]".repeat(2_000));
    private static final String ODD_CHARS = "{}<>&;@'’ aé\u0000\u0001\n\\\"\uD800Σ\u0301";

    @Test
    void randomBytesAreRecordsOrInvalid() {
        forAll(500, random -> {
            byte[] value = switch (random.nextInt(3)) {
                case 0 -> bytes(random, random.nextInt(200));
                case 1 ->
                    text(random, "{}[]\":,0123456789.eE-+ntrufalse\\ ", random.nextInt(300))
                            .getBytes(StandardCharsets.UTF_8);
                default -> unicode(random, random.nextInt(200)).getBytes(StandardCharsets.UTF_8);
            };
            outcome(() -> Tracks.parse(value, LIMITS, NOW));
            outcome(() -> Tickets.parse(value, LIMITS, NOW));
        });
    }

    @Test
    void mutatedTracksAreWithinTheBoundsOrInvalid() {
        int[] accepted = {0};
        forAll(1_000, random -> {
            String json = mutate(random, TRACK, TRACK_FIELDS);
            Track track = outcome(() -> Tracks.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS, NOW));
            if (track != null) {
                accepted[0]++;
                outcome(() -> {
                    Tracks.validate(track, LIMITS);
                    Tracks.checkEventTime(track.timestamp(), LIMITS, NOW);
                    return track;
                });
                assertThat(track.trackId().length()).isBetween(1, LIMITS.maxIdChars());
                assertThat(Tracks.artists(track.artists())).hasSizeBetween(1, LIMITS.maxArtistsPerTrack());
                assertThat(Math.multiplyExact(track.timestamp(), 1000L))
                        .isBetween(LIMITS.minEventTimeMillis(), LIMITS.maxEventTimeMillis(NOW));
            }
        });
        assertThat(accepted[0]).as("mutations that are still valid tracks").isBetween(50, 950);
    }

    @Test
    void mutatedTicketsAreWithinTheBoundsOrInvalid() {
        int[] accepted = {0};
        forAll(1_000, random -> {
            String json = mutate(random, TICKET, TICKET_FIELDS);
            Ticket t = outcome(() -> Tickets.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS, NOW));
            if (t != null) {
                accepted[0]++;
                assertThat(t.ticketId().length()).isBetween(1, LIMITS.maxIdChars());
                assertThat(t.clientId().length()).isBetween(1, LIMITS.maxIdChars());
                assertThat(t.type().length()).isBetween(1, LIMITS.maxTicketTypeChars());
                assertThat(Tickets.PRIORITY_LEVELS).containsKey(t.priority());
                assertThat(length(t.subject())).isLessThanOrEqualTo(LIMITS.maxSubjectChars());
                assertThat(length(t.description())).isLessThanOrEqualTo(LIMITS.maxDescriptionChars());
                assertThat(length(t.channel())).isLessThanOrEqualTo(LIMITS.maxChannelChars());
                assertThat(t.eventTimeMillis()).isBetween(LIMITS.minEventTimeMillis(), LIMITS.maxEventTimeMillis(NOW));
            }
        });
        assertThat(accepted[0]).as("mutations that are still valid tickets").isBetween(50, 950);
    }

    /** Runs {@code property} {@code tries} times, each with its own seeded generator named on failure. */
    private static void forAll(int tries, Consumer<SplittableRandom> property) {
        for (int i = 0; i < tries; i++) {
            long seed = SEED + i;
            try {
                property.accept(new SplittableRandom(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed for seed " + seed + " (try " + i + "): " + e, e);
            }
        }
    }

    /** A valid record with one to three fields replaced by hostile JSON values, or one removed, or cut short. */
    private static String mutate(SplittableRandom random, String valid, List<String> fields) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return valid.substring(0, random.nextInt(valid.length() + 1));
        }
        ObjectNode node = (ObjectNode) read(valid);
        if (kind == 1) {
            node.remove(fields.get(random.nextInt(fields.size())));
            return node.toString();
        }
        int n = 1 + random.nextInt(3);
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            node.put(fields.get(random.nextInt(fields.size())), "__RAW" + i + "__");
            values[i] = hostileValue(random);
        }
        String json = node.toString();
        for (int i = 0; i < n; i++) {
            json = json.replace("\"__RAW" + i + "__\"", values[i]);
        }
        return json;
    }

    /** JSON value texts: extreme numbers, huge and odd strings, timestamps, containers, null, booleans. */
    private static String hostileValue(SplittableRandom random) {
        return switch (random.nextInt(9)) {
            case 0 -> Long.toString(random.nextLong());
            case 1 -> Long.toString(random.nextLong(900_000_000L, 1_900_000_000_000L));
            case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-5, 20)));
            case 3 -> pick(random, NUMBERS);
            case 4 -> jsonString(pick(random, WORDS));
            case 5 -> jsonString(text(random, ODD_CHARS, random.nextInt(3_000)));
            case 6 -> jsonString("x".repeat(random.nextInt(300_000)));
            case 7 -> jsonString("Artist;".repeat(1 + random.nextInt(200)));
            default -> pick(random, CONTAINERS);
        };
    }

    private static <T> T pick(SplittableRandom random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static String text(SplittableRandom random, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String unicode(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) random.nextInt(Character.MAX_VALUE + 1));
        }
        return sb.toString();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static String jsonString(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a parse: its result, or null when it refused the record; any other exception fails the property. */
    private interface Parse<T> {
        T get() throws InvalidRecordException;
    }

    private static <T> T outcome(Parse<T> parse) {
        try {
            return parse.get();
        } catch (InvalidRecordException e) {
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(DeadLetter.MAX_REASON_CHARS);
            assertThat(e.category()).isNotNull();
            return null;
        } catch (RuntimeException e) {
            return fail("parsing threw " + e + " instead of an invalid-record exception", e);
        }
    }
}
