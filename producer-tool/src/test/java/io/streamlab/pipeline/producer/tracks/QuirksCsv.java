package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.records.Track;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * src/test/resources/tracks-quirks.csv and what reading it must give: every quirk of the Kaggle file
 * (empty first header column, quoted commas, doubled quotes, a line break inside a field, True/False,
 * 1.01e-06, non-ASCII and Japanese names, empty optional fields) and four invalid rows.
 */
public final class QuirksCsv {
    private QuirksCsv() {}

    public static Path file() {
        try {
            return Path.of(QuirksCsv.class.getResource("/tracks-quirks.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The valid rows, with timestamp 0, in file order. */
    public static final List<Track> VALID = List.of(
            track(
                    "5SuOikwiRyPMVoIQDJUgSV",
                    "Gen Hoshino",
                    "Comedy",
                    "Comedy",
                    73,
                    230666,
                    false,
                    0.676,
                    0.461,
                    1,
                    -6.746,
                    0,
                    0.143,
                    0.0322,
                    1.01e-06,
                    0.358,
                    0.715,
                    87.917,
                    4,
                    "acoustic",
                    0),
            track(
                    "4qPNDBW1i3p13qLCt0Ki3A",
                    "Ben Woodward",
                    "Ghost (Acoustic)",
                    "Ghost - Acoustic",
                    55,
                    149610,
                    false,
                    0.42,
                    0.166,
                    1,
                    -17.235,
                    1,
                    0.0763,
                    0.924,
                    5.56e-06,
                    0.101,
                    0.267,
                    77.489,
                    4,
                    "acoustic",
                    1),
            track(
                    "1iJBSr7s7jYXzM8EGcbK5b",
                    "Ingrid Michaelson;ZAYN",
                    "To Begin Again",
                    "To Begin Again, Part 2",
                    57,
                    210826,
                    false,
                    0.438,
                    0.359,
                    0,
                    -9.734,
                    1,
                    0.0557,
                    0.21,
                    0,
                    0.117,
                    0.12,
                    76.332,
                    4,
                    "acoustic",
                    2),
            track(
                    "6lfxq3CG4xtTiEg7opyCyx",
                    "Kina Grannis",
                    "Crazy Rich Asians (Original Motion Picture Soundtrack)",
                    "Can't Help Falling In Love",
                    71,
                    201933,
                    false,
                    0.266,
                    0.0596,
                    0,
                    -18.515,
                    1,
                    0.0363,
                    0.905,
                    7.07e-05,
                    0.132,
                    0.143,
                    181.74,
                    3,
                    "acoustic",
                    3),
            track(
                    "5vjLSffimiIP26QG5WcN2K",
                    "Chord Overstreet",
                    "He said \"Hold On\"",
                    "Hold \"On\"",
                    82,
                    198853,
                    true,
                    0.618,
                    0.443,
                    2,
                    -9.681,
                    1,
                    0.0526,
                    0.469,
                    0,
                    0.0829,
                    0.167,
                    119.949,
                    4,
                    "acoustic",
                    4),
            track(
                    "01MVOl9KtVTNfFiBU9I7dc",
                    "Tyrone Wells",
                    "Days I Will Remember",
                    "Days I\nWill Remember",
                    58,
                    214240,
                    false,
                    0.688,
                    0.481,
                    6,
                    -8.807,
                    1,
                    0.105,
                    0.289,
                    0,
                    0.189,
                    0.666,
                    98.017,
                    4,
                    "acoustic",
                    5),
            track(
                    "6Vc5wAMmXdKIAM7WUoEb7N",
                    "Beyoncé;Jay-Z",
                    "EVERYTHING IS LOVE",
                    "APESHIT",
                    74,
                    264853,
                    true,
                    0.868,
                    0.627,
                    11,
                    -5.27,
                    0,
                    0.258,
                    0.00396,
                    0,
                    0.0958,
                    0.434,
                    90.961,
                    4,
                    "hip-hop",
                    6),
            track(
                    "1EzrEOXmMH3G43AXT1y7pA",
                    "米津玄師",
                    "STRAY SHEEP",
                    "感電",
                    65,
                    255426,
                    false,
                    0.726,
                    0.844,
                    4,
                    -4.279,
                    0,
                    0.0471,
                    0.0103,
                    0,
                    0.131,
                    0.748,
                    101.988,
                    4,
                    "j-pop",
                    7),
            track(
                    "7dibwv5hGXSgw7Yru8IYTO",
                    "Zoé Martín;The \"Quoted\" Band",
                    null,
                    null,
                    0,
                    95000,
                    false,
                    0.25,
                    0.987,
                    -1,
                    -2.5,
                    0,
                    0.5,
                    1e-05,
                    0.951,
                    0.99,
                    0.0,
                    0,
                    5,
                    "metal",
                    12));

    /** Line numbers of the valid rows (the multi-line row takes lines 7 and 8). */
    public static final List<Long> VALID_LINES = List.of(2L, 3L, 4L, 5L, 6L, 7L, 9L, 10L, 15L);

    /** Line number and reason of each invalid row. */
    public static final Map<Long, String> INVALID = Map.of(
            11L, "missing required field 'artists'",
            12L, "field 'popularity' is out of range: 101 (expected 0 to 100)",
            13L, "field 'tempo' must be a number, got 'fast'",
            14L, "has 9 fields but the header has 21 (a missing column?)");

    @SuppressWarnings("checkstyle:ParameterNumber")
    static Track track(
            String id,
            String artists,
            String album,
            String name,
            int popularity,
            long duration,
            boolean explicit,
            double danceability,
            double energy,
            int key,
            double loudness,
            int mode,
            double speechiness,
            double acousticness,
            double instrumentalness,
            double liveness,
            double valence,
            double tempo,
            int timeSignature,
            String genre,
            long recordId) {
        return Track.builder()
                .trackId(id)
                .artists(artists)
                .albumName(album)
                .trackName(name)
                .popularity(popularity)
                .durationMs(duration)
                .explicit(explicit)
                .danceability(danceability)
                .energy(energy)
                .key(key)
                .loudness(loudness)
                .mode(mode)
                .speechiness(speechiness)
                .acousticness(acousticness)
                .instrumentalness(instrumentalness)
                .liveness(liveness)
                .valence(valence)
                .tempo(tempo)
                .timeSignature(timeSignature)
                .trackGenre(genre)
                .timestamp(0L)
                .recordId(recordId)
                .build();
    }
}
