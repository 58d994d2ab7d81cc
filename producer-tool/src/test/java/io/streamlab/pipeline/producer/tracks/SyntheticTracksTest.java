package io.streamlab.pipeline.producer.tracks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticTracksTest {
    /** The track_genre values of the Kaggle "Spotify Tracks" dataset. */
    private static final List<String> KAGGLE_GENRES = List.of(
            "acoustic",
            "afrobeat",
            "alt-rock",
            "alternative",
            "ambient",
            "anime",
            "black-metal",
            "bluegrass",
            "blues",
            "brazil",
            "breakbeat",
            "british",
            "cantopop",
            "chicago-house",
            "children",
            "chill",
            "classical",
            "club",
            "comedy",
            "country",
            "dance",
            "dancehall",
            "death-metal",
            "deep-house",
            "detroit-techno",
            "disco",
            "disney",
            "drum-and-bass",
            "dub",
            "dubstep",
            "edm",
            "electro",
            "electronic",
            "emo",
            "folk",
            "forro",
            "french",
            "funk",
            "garage",
            "german",
            "gospel",
            "goth",
            "grindcore",
            "groove",
            "grunge",
            "guitar",
            "happy",
            "hard-rock",
            "hardcore",
            "hardstyle",
            "heavy-metal",
            "hip-hop",
            "honky-tonk",
            "house",
            "idm",
            "indian",
            "indie",
            "indie-pop",
            "industrial",
            "iranian",
            "j-dance",
            "j-idol",
            "j-pop",
            "j-rock",
            "jazz",
            "k-pop",
            "kids",
            "latin",
            "latino",
            "malay",
            "mandopop",
            "metal",
            "metalcore",
            "minimal-techno",
            "mpb",
            "new-age",
            "opera",
            "pagode",
            "party",
            "piano",
            "pop",
            "pop-film",
            "power-pop",
            "progressive-house",
            "psych-rock",
            "punk",
            "punk-rock",
            "r-n-b",
            "reggae",
            "reggaeton",
            "rock",
            "rock-n-roll",
            "rockabilly",
            "romance",
            "sad",
            "salsa",
            "samba",
            "sertanejo",
            "show-tunes",
            "singer-songwriter",
            "ska",
            "sleep",
            "songwriter",
            "soul",
            "spanish",
            "study",
            "swedish",
            "synth-pop",
            "tango",
            "techno",
            "trance",
            "trip-hop",
            "turkish",
            "world-music");

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final int N = 20_000;
    private static List<Track> tracks;

    @BeforeAll
    static void generate() {
        tracks = generate(42, N);
    }

    private static List<Track> generate(long seed, int n) {
        SyntheticTracks generator = new SyntheticTracks(seed, START, 100);
        List<Track> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(generator.next());
        }
        return result;
    }

    @Test
    void theSameSeedGivesTheSameTracksAndAnotherSeedOthers() {
        assertEquals(tracks.subList(0, 2000), generate(42, 2000));
        assertEquals(
                tracks.stream().map(t -> new String(Json.write(t))).limit(500).toList(),
                generate(42, 500).stream().map(t -> new String(Json.write(t))).toList());
        List<Track> other = generate(43, 2000);
        assertNotEquals(tracks.get(0).trackId(), other.get(0).trackId());
        assertTrue(other.stream()
                .map(Track::trackId)
                .noneMatch(id ->
                        tracks.stream().limit(2000).anyMatch(t -> t.trackId().equals(id))));
    }

    @Test
    void coversTheKaggleGenres() {
        assertEquals(114, KAGGLE_GENRES.size());
        assertEquals(KAGGLE_GENRES, Genre.names());
        assertEquals(
                new TreeSet<>(KAGGLE_GENRES),
                new TreeSet<>(tracks.stream().map(Track::trackGenre).toList()));
    }

    @Test
    void everyTrackIsValidAndShapedLikeTheDataset() throws Exception {
        Set<String> ids = new HashSet<>();
        for (Track t : tracks) {
            Tracks.validate(
                    t, io.streamlab.pipeline.config.PipelineConfig.defaults().limits());
            assertTrue(t.trackId().matches("[0-9A-Za-z]{22}"), t.trackId());
            ids.add(t.trackId());
            assertTrue(t.tempo() >= 0 && t.tempo() < 250, "tempo " + t.tempo());
            assertTrue(t.loudness() <= 1.5 && t.loudness() >= -45, "loudness " + t.loudness());
            assertTrue(t.timeSignature() >= 0 && t.timeSignature() <= 5);
            assertTrue(t.durationMs() >= 30_000);
            assertTrue(t.albumName() != null && t.trackName() != null);
        }
        assertEquals(N, ids.size(), "track ids are unique");
        assertEquals(
                List.of(0L, 1L, 2L),
                tracks.stream().limit(3).map(Track::recordId).toList());

        double explicitShare = tracks.stream().filter(Track::explicit).count() / (double) N;
        assertTrue(explicitShare > 0.04 && explicitShare < 0.12, "explicit share " + explicitShare);
        long zeroPopularity = tracks.stream().filter(t -> t.popularity() == 0).count();
        assertTrue(
                zeroPopularity > N * 0.05 && zeroPopularity < N * 0.2, "tracks with popularity 0: " + zeroPopularity);
        double meanPopularity =
                tracks.stream().mapToInt(Track::popularity).average().orElseThrow();
        long hits = tracks.stream().filter(t -> t.popularity() >= 80).count();
        assertTrue(
                meanPopularity > 20 && meanPopularity < 45 && hits > 0,
                "mean popularity " + meanPopularity + ", hits " + hits);
        assertTrue(
                tracks.stream().anyMatch(t -> t.instrumentalness() > 0 && t.instrumentalness() < 1e-4),
                "tiny instrumentalness values like 1.01e-06");
    }

    @Test
    void artistsComeFromPoolsWithFeaturingsAndCrossovers() {
        long several = tracks.stream().filter(t -> t.artists().contains(";")).count();
        assertTrue(several > N * 0.05 && several < N * 0.3, "tracks with several artists: " + several);
        Map<String, Set<String>> genresOfArtist = new HashMap<>();
        for (Track t : tracks) {
            for (String artist : t.artists().split(";")) {
                assertTrue(!artist.isBlank() && artist.equals(artist.trim()), "artist '" + artist + "'");
                genresOfArtist.computeIfAbsent(artist, a -> new HashSet<>()).add(t.trackGenre());
            }
        }
        assertTrue(genresOfArtist.size() > 2000 && genresOfArtist.size() < 6000, "artists: " + genresOfArtist.size());
        assertTrue(
                genresOfArtist.values().stream().filter(g -> g.size() > 1).count() >= 20, "artists in several genres");
        assertTrue(
                genresOfArtist.keySet().stream().anyMatch(a -> a.chars().anyMatch(c -> c > 0x3000)),
                "Japanese/CJK names");
        assertTrue(genresOfArtist.keySet().stream().anyMatch(a -> a.matches(".*[éèçöüåñ].*")), "accented names");
    }

    @Test
    void genresHaveTheirOwnSound() {
        assertTrue(mean("classical", Track::acousticness) > 0.8);
        assertTrue(mean("classical", Track::instrumentalness) > 0.5);
        assertTrue(mean("classical", Track::energy) < 0.3);
        assertTrue(mean("death-metal", Track::energy) > 0.8);
        assertTrue(mean("death-metal", Track::loudness) > mean("classical", Track::loudness) + 10);
        assertTrue(mean("comedy", Track::speechiness) > 0.6);
        assertTrue(mean("drum-and-bass", Track::tempo) > 160);
        assertTrue(mean("hip-hop", t -> t.explicit() ? 1 : 0) > 0.3);
        assertTrue(mean("sleep", Track::energy) < 0.15);
    }

    private static double mean(String genre, ToDoubleFunction<Track> feature) {
        return tracks.stream()
                .filter(t -> t.trackGenre().equals(genre))
                .mapToDouble(feature)
                .average()
                .orElseThrow();
    }

    @Test
    void eventTimeAdvancesAtTheRateWithSomeOutOfOrderJitter() {
        long first = START.getEpochSecond();
        long min = tracks.stream().mapToLong(Track::timestamp).min().orElseThrow();
        long max = tracks.stream().mapToLong(Track::timestamp).max().orElseThrow();
        assertTrue(min >= first - 5 && min <= first, "min " + (min - first));
        assertTrue(max >= first + N / 100 - 1 && max <= first + N / 100 + 5, "span " + (max - first) + " s");
        int outOfOrder = 0;
        for (int i = 1; i < tracks.size(); i++) {
            if (tracks.get(i).timestamp() < tracks.get(i - 1).timestamp()) {
                outOfOrder++;
            }
            assertTrue(Math.abs(tracks.get(i).timestamp() - (first + i / 100)) <= 5, "jitter of a few seconds at most");
        }
        assertTrue(outOfOrder > N / 50, "out-of-order tracks: " + outOfOrder);
    }
}
