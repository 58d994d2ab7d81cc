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
            tracks.add(new Track(
                    "t" + seed + "-" + i,
                    artists,
                    "Album " + (i % 7),
                    "Song " + i,
                    random.nextInt(101),
                    60_000 + random.nextInt(300_000),
                    random.nextInt(10) == 0,
                    random.nextDouble(),
                    random.nextDouble(),
                    random.nextInt(12),
                    -30 + random.nextDouble() * 30,
                    random.nextInt(2),
                    random.nextDouble(),
                    random.nextDouble(),
                    random.nextDouble(),
                    random.nextDouble(),
                    random.nextDouble(),
                    60 + random.nextDouble() * 120,
                    4,
                    GENRES.get(random.nextInt(GENRES.size())),
                    startSeconds + (i * stepMillis) / 1000,
                    i,
                    -1,
                    -1L));
        }
        return tracks;
    }

    private static String pick(Random random) {
        return ARTISTS.get(random.nextInt(ARTISTS.size()));
    }
}
