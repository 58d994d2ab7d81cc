package io.streamlab.pipeline.records;

import static io.streamlab.pipeline.records.RejectCategory.IMPLAUSIBLE_EVENT_TIME;
import static io.streamlab.pipeline.records.RejectCategory.OUT_OF_RANGE;
import static io.streamlab.pipeline.records.RejectCategory.TOO_LONG;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks tracks against the contract and the configured bounds; the job and the producer share these rules. */
public final class Tracks {
    private Tracks() {}

    /** With the bundled default bounds, at the current time: for tests and tools. */
    public static Track parse(byte[] value) throws InvalidRecordException {
        return parse(value, Limits.defaults(), System.currentTimeMillis());
    }

    /**
     * Parses one {@code spotify-tracks} value; throws with the reason when it breaks the contract or a
     * bound. {@code nowMillis} is the processing time the event time must not be too far ahead of.
     */
    public static Track parse(byte[] value, Limits limits, long nowMillis) throws InvalidRecordException {
        Track track = parseContent(value, limits);
        checkEventTime(track.timestamp(), limits, nowMillis);
        return track;
    }

    /**
     * {@link #parse} without the event-time check, which depends on when the record is read: what the
     * producer checks each track of a file against, on the bytes it is about to publish.
     */
    public static Track parseContent(byte[] value, Limits limits) throws InvalidRecordException {
        JsonNode node = Json.object(value, limits.maxRecordBytes(), Limits.RECORD_BYTES);
        Fields f = new Fields(node);
        Track track = Track.builder()
                .trackId(f.id("track_id", limits.maxIdChars(), Limits.ID_CHARS))
                .artists(f.requiredText(
                        "artists", textBound(limits), Limits.ARTISTS_PER_TRACK + " x " + Limits.NAME_CHARS))
                .albumName(f.optionalText("album_name", limits.maxNameChars(), Limits.NAME_CHARS))
                .trackName(f.optionalText("track_name", limits.maxNameChars(), Limits.NAME_CHARS))
                .popularity(f.requiredInt("popularity"))
                .durationMs(f.requiredLong("duration_ms"))
                .explicit(f.requiredBoolean("explicit"))
                .danceability(f.requiredDouble("danceability"))
                .energy(f.requiredDouble("energy"))
                .key(f.requiredInt("key"))
                .loudness(f.requiredDouble("loudness"))
                .mode(f.requiredInt("mode"))
                .speechiness(f.requiredDouble("speechiness"))
                .acousticness(f.requiredDouble("acousticness"))
                .instrumentalness(f.requiredDouble("instrumentalness"))
                .liveness(f.requiredDouble("liveness"))
                .valence(f.requiredDouble("valence"))
                .tempo(f.requiredDouble("tempo"))
                .timeSignature(f.requiredInt("time_signature"))
                .trackGenre(Blanks.strip(f.requiredText("track_genre", limits.maxGenreChars(), Limits.GENRE_CHARS)))
                .timestamp(f.requiredLong("timestamp"))
                .recordId(f.requiredLong("record_id"))
                .build();
        validate(track, limits);
        return track;
    }

    /**
     * The artists field as a whole can be no longer than its names allow: the cheap first check before
     * splitting it ({@link #validate} then checks each name and their number).
     */
    private static int textBound(Limits limits) {
        long bound = (long) limits.maxArtistsPerTrack() * (limits.maxNameChars() + 3L);
        return (int) Math.min(Integer.MAX_VALUE, bound);
    }

    /**
     * Range and length checks of the contract and the configured bounds, for a track however it was
     * read. The event time is checked by {@link #checkEventTime}: a file's tracks get theirs when published.
     */
    public static void validate(Track t, Limits limits) throws InvalidRecordException {
        requireText("track_id", t.trackId());
        Fields.bounded("track_id", t.trackId(), limits.maxIdChars(), Limits.ID_CHARS);
        requireText("artists", t.artists());
        requireText("track_genre", t.trackGenre());
        Fields.bounded("track_genre", t.trackGenre(), limits.maxGenreChars(), Limits.GENRE_CHARS);
        if (t.albumName() != null) {
            Fields.bounded("album_name", t.albumName(), limits.maxNameChars(), Limits.NAME_CHARS);
        }
        if (t.trackName() != null) {
            Fields.bounded("track_name", t.trackName(), limits.maxNameChars(), Limits.NAME_CHARS);
        }
        List<String> artists = artists(t.artists());
        if (artists.isEmpty()) {
            throw Fields.missing("artists");
        }
        if (artists.size() > limits.maxArtistsPerTrack()) {
            throw new InvalidRecordException(
                    TOO_LONG,
                    "field 'artists' names " + artists.size() + " artists, above " + Limits.ARTISTS_PER_TRACK + " ("
                            + limits.maxArtistsPerTrack() + ")");
        }
        for (String artist : artists) {
            Fields.bounded("artists", artist, limits.maxNameChars(), Limits.NAME_CHARS);
        }
        range("popularity", t.popularity(), 0, 100);
        range("duration_ms", t.durationMs(), 1, limits.maxDurationMs());
        for (AudioFeature feature : AudioFeature.values()) {
            unit(feature.field(), feature.of(t));
        }
        range("key", t.key(), -1, 11);
        range("loudness", t.loudness(), limits.minLoudness(), limits.maxLoudness());
        range("mode", t.mode(), 0, 1);
        range("tempo", t.tempo(), 0, limits.maxTempo());
        range("time_signature", t.timeSignature(), 0, 16);
        range("record_id", t.recordId(), 0, Long.MAX_VALUE);
    }

    /** The event time ({@code timestamp}, epoch seconds) lies between the floor and now plus the margin. */
    public static void checkEventTime(long epochSeconds, Limits limits, long nowMillis) throws InvalidRecordException {
        long min = Math.floorDiv(limits.minEventTimeMillis(), 1000L);
        long max = Math.floorDiv(limits.maxEventTimeMillis(nowMillis), 1000L);
        if (epochSeconds < min || epochSeconds > max) {
            throw new InvalidRecordException(
                    IMPLAUSIBLE_EVENT_TIME,
                    "field 'timestamp' is not a plausible event time: "
                            + epochSeconds + " (expected epoch seconds from " + Instant.ofEpochSecond(min) + ", "
                            + Limits.EVENT_TIME_MIN + ", to at most " + Limits.EVENT_TIME_AHEAD + " ahead of now"
                            + (epochSeconds > 100_000_000_000L ? "; milliseconds sent as seconds?" : "") + ")");
        }
    }

    /**
     * "Artist A; Artist B": the distinct names, trimmed, in order, blank ones dropped. The one split of
     * the artists field, for the bounds here and for the artist statistics.
     */
    public static List<String> artists(String artists) {
        if (artists == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        int start = 0;
        int n = artists.length();
        while (start <= n) {
            int end = artists.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            String name = Blanks.strip(artists.substring(start, end));
            if (!Fields.blank(name)) {
                names.add(name);
            }
            start = end + 1;
        }
        return new ArrayList<>(names);
    }

    private static void requireText(String name, String value) throws InvalidRecordException {
        if (value == null || Fields.blank(value)) {
            throw Fields.missing(name);
        }
    }

    private static void unit(String name, double value) throws InvalidRecordException {
        range(name, value, 0.0, 1.0);
    }

    private static void range(String name, double value, double min, double max) throws InvalidRecordException {
        if (!(value >= min && value <= max)) {
            throw outOfRange(name, value, number(min) + " to " + number(max));
        }
    }

    private static void range(String name, long value, long min, long max) throws InvalidRecordException {
        if (value < min || value > max) {
            throw outOfRange(name, value, max == Long.MAX_VALUE ? min + " or more" : min + " to " + max);
        }
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static InvalidRecordException outOfRange(String name, Object value, String expected) {
        return new InvalidRecordException(
                OUT_OF_RANGE, "field '" + name + "' is out of range: " + value + " (expected " + expected + ")");
    }
}
