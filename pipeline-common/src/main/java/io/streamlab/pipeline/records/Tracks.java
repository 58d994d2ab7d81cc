package io.streamlab.pipeline.records;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads and checks tracks against the contract; the job and the producer share these rules. */
public final class Tracks {
    private Tracks() {
    }

    /** Parses one {@code spotify-tracks} value; throws with the reason when it breaks the contract. */
    public static Track parse(byte[] value) throws InvalidRecordException {
        JsonNode node = Json.object(value);
        Fields f = new Fields(node);
        Track track = new Track(
                f.requiredText("track_id").trim(),
                f.requiredText("artists"),
                f.optionalText("album_name"),
                f.optionalText("track_name"),
                f.requiredInt("popularity"),
                f.requiredLong("duration_ms"),
                f.requiredBoolean("explicit"),
                f.requiredDouble("danceability"),
                f.requiredDouble("energy"),
                f.requiredInt("key"),
                f.requiredDouble("loudness"),
                f.requiredInt("mode"),
                f.requiredDouble("speechiness"),
                f.requiredDouble("acousticness"),
                f.requiredDouble("instrumentalness"),
                f.requiredDouble("liveness"),
                f.requiredDouble("valence"),
                f.requiredDouble("tempo"),
                f.requiredInt("time_signature"),
                f.requiredText("track_genre").trim(),
                f.requiredLong("timestamp"),
                f.requiredLong("record_id"),
                -1, -1L);
        validate(track);
        return track;
    }

    /** Range checks of the contract, for a track however it was read. */
    public static void validate(Track t) throws InvalidRecordException {
        requireText("track_id", t.trackId());
        requireText("artists", t.artists());
        requireText("track_genre", t.trackGenre());
        if (t.popularity() < 0 || t.popularity() > 100) {
            throw outOfRange("popularity", t.popularity(), "0 to 100");
        }
        if (t.durationMs() <= 0) {
            throw outOfRange("duration_ms", t.durationMs(), "above 0");
        }
        unit("danceability", t.danceability());
        unit("energy", t.energy());
        unit("speechiness", t.speechiness());
        unit("acousticness", t.acousticness());
        unit("instrumentalness", t.instrumentalness());
        unit("liveness", t.liveness());
        unit("valence", t.valence());
        if (t.key() < -1 || t.key() > 11) {
            throw outOfRange("key", t.key(), "-1 to 11");
        }
        if (!Double.isFinite(t.loudness())) {
            throw outOfRange("loudness", t.loudness(), "a finite number of dB");
        }
        if (t.mode() != 0 && t.mode() != 1) {
            throw outOfRange("mode", t.mode(), "0 or 1");
        }
        if (!(t.tempo() >= 0) || !Double.isFinite(t.tempo())) {
            throw outOfRange("tempo", t.tempo(), "0 or more");
        }
        if (t.timeSignature() < 0 || t.timeSignature() > 16) {
            throw outOfRange("time_signature", t.timeSignature(), "0 to 16");
        }
        if (t.timestamp() < 0) {
            throw outOfRange("timestamp", t.timestamp(), "epoch seconds, 0 or more");
        }
    }

    private static void requireText(String name, String value) throws InvalidRecordException {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException("missing required field '" + name + "'");
        }
    }

    private static void unit(String name, double value) throws InvalidRecordException {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw outOfRange(name, value, "0 to 1");
        }
    }

    private static InvalidRecordException outOfRange(String name, Object value, String expected) {
        return new InvalidRecordException("field '" + name + "' is out of range: " + value + " (expected " + expected + ")");
    }
}
