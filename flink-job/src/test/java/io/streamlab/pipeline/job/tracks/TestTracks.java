package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small deterministic track generator for tests: few genres and artists, so every window has groups. */
public final class TestTracks {
    public static final List<String> GENRES = List.of("pop", "rock", "jazz", "metal", "classical");
    static final List<String> ARTISTS = List.of(
            "Ana Lima",
            "Beyoncé",
            "The Pines",
            "DJ Koi",
            "Marta",
            "Orquesta Sol",
            "Ñu",
            "Björk",
            "Kofi",
            "Les Ondes",
            "宇多田ヒカル",
            "Zed");

    private TestTracks() {}

    /** {@code count} tracks, the i-th at {@code startSeconds + i * stepMillis / 1000}. */
    /** A valid track with plain values, for a test to change what it is about. */
    public static Track.Builder sample() {
        return Track.builder()
                .trackId("id")
                .artists("A")
                .albumName("al")
                .trackName("t")
                .popularity(50)
                .durationMs(200_000)
                .danceability(0.5)
                .energy(0.4)
                .key(1)
                .loudness(-5)
                .mode(1)
                .speechiness(0.1)
                .acousticness(0.2)
                .liveness(0.3)
                .valence(0.6)
                .tempo(120.0)
                .timeSignature(4)
                .trackGenre("pop");
    }

    public static List<Track> generate(int count, long startSeconds, long stepMillis, long seed) {
        Random random = new Random(seed);
        List<Track> tracks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String artists = switch (random.nextInt(6)) {
                case 0 -> pick(random) + ";" + pick(random);
                case 1 -> pick(random) + " ; " + pick(random) + ";" + pick(random);
                case 2 -> pick(random) + ";;" + pick(random) + "; ";
                default -> pick(random);
            };
            tracks.add(Track.builder()
                    .trackId("t" + seed + "-" + i)
                    .artists(artists)
                    .albumName("Album " + (i % 7))
                    .trackName("Song " + i)
                    .popularity(random.nextInt(101))
                    .durationMs(60_000 + random.nextInt(300_000))
                    .explicit(random.nextInt(10) == 0)
                    .danceability(random.nextDouble())
                    .energy(random.nextDouble())
                    .key(random.nextInt(12))
                    .loudness(-30 + random.nextDouble() * 30)
                    .mode(random.nextInt(2))
                    .speechiness(random.nextDouble())
                    .acousticness(random.nextDouble())
                    .instrumentalness(random.nextDouble())
                    .liveness(random.nextDouble())
                    .valence(random.nextDouble())
                    .tempo(60 + random.nextDouble() * 120)
                    .timeSignature(4)
                    .trackGenre(GENRES.get(random.nextInt(GENRES.size())))
                    .timestamp(startSeconds + (i * stepMillis) / 1000)
                    .recordId(i)
                    .build());
        }
        return tracks;
    }

    private static String pick(Random random) {
        return ARTISTS.get(random.nextInt(ARTISTS.size()));
    }
}
