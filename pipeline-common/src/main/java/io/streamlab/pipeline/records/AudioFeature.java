package io.streamlab.pipeline.records;

import java.util.function.ToDoubleFunction;

/**
 * Spotify's audio features on a 0–1 scale: what the parser bounds to [0, 1], the axes of a genre's
 * profile in the insights, and the {@code <name>_avg} columns of the window datasets.
 */
public enum AudioFeature {
    DANCEABILITY("danceability", Track::danceability),
    ENERGY("energy", Track::energy),
    SPEECHINESS("speechiness", Track::speechiness),
    ACOUSTICNESS("acousticness", Track::acousticness),
    INSTRUMENTALNESS("instrumentalness", Track::instrumentalness),
    LIVENESS("liveness", Track::liveness),
    VALENCE("valence", Track::valence);

    private final String field;
    private final ToDoubleFunction<Track> value;

    AudioFeature(String field, ToDoubleFunction<Track> value) {
        this.field = field;
        this.value = value;
    }

    /** The JSON field and CSV column of the track. */
    public String field() {
        return field;
    }

    /** The column of its average in a window dataset. */
    public String averageColumn() {
        return field + "_avg";
    }

    public double of(Track track) {
        return value.applyAsDouble(track);
    }
}
