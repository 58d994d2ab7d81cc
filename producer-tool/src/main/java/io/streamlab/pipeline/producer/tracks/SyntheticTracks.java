package io.streamlab.pipeline.producer.tracks;

import io.streamlab.pipeline.records.Track;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic synthetic tracks: the same seed, count and start give the same tracks.
 *
 * <ul>
 *   <li>genre: one of the 114 Kaggle genres, uniformly (the dataset has 1,000 tracks of each);
 *   <li>audio features drawn from the genre's {@link Genre.Profile}, within the contract's ranges;
 *       instrumentalness is bimodal (tiny values like 1.01e-06 or mostly instrumental), popularity is
 *       skewed (about 10% at 0, a long tail of hits), about 5-10% explicit overall;
 *   <li>artists from the genre's pool, sometimes two or three joined by {@code ;};
 *   <li>track_id: 22 base62 characters drawn from the seeded generator;
 *   <li>record_id: the sequence number; timestamp (event time, epoch seconds): {@code start} plus one
 *       second per {@code eventsPerSecond} records, with a few seconds of out-of-order jitter.
 * </ul>
 */
public final class SyntheticTracks {
    /** Bump when the generated content changes: it is part of the dataset's fingerprint. */
    public static final String VERSION = "synthetic-tracks-v1";

    /** The most a timestamp is moved from its track's place in the sequence, either way, in seconds. */
    public static final int MAX_JITTER_SECONDS = 5;

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final List<List<String>> POOLS = Names.artistPools();

    private final SplittableRandom random;
    private final long startSeconds;
    private final double eventsPerSecond;
    private long sequence;

    public SyntheticTracks(long seed, Instant start, double eventsPerSecond) {
        this.random = new SplittableRandom(seed);
        this.startSeconds = start.getEpochSecond();
        this.eventsPerSecond = eventsPerSecond;
    }

    public Track next() {
        SplittableRandom r = random;
        long id = sequence++;
        int g = r.nextInt(Genre.ALL.size());
        Genre genre = Genre.ALL.get(g);
        Genre.Profile p = genre.profile();

        String trackName = Names.title(r, genre);
        String album = Names.album(r, genre, trackName);
        String artists = artists(r, POOLS.get(g));
        double instrumentalness = r.nextDouble() < p.instrumentalShare()
                ? round(0.5 + 0.45 * r.nextDouble(), 3)
                : r.nextDouble() < 0.35 ? 0.0 : significant(Math.pow(10, -6 + 4 * r.nextDouble()));
        double speechiness = clamp(round(p.speechiness() * Math.exp(0.45 * r.nextGaussian()), 4), 0.022, 0.97);
        double liveness = clamp(round(p.liveness() * Math.exp(0.5 * r.nextGaussian()), 3), 0.015, 0.995);
        double tempo =
                r.nextDouble() < 0.002 ? 0.0 : clamp(round(p.tempo() + p.tempoSpread() * r.nextGaussian(), 3), 40, 230);
        long durationMs = Math.max(30_000L, Math.round(p.durationSeconds() * Math.exp(0.3 * r.nextGaussian()) * 1000));
        int popularity = r.nextDouble() < 0.1
                ? 0
                : (int) clamp(Math.round(p.popularity() * Math.exp(0.45 * r.nextGaussian())), 0, 100);
        double ts = r.nextDouble();
        int timeSignature = ts < 0.88 ? 4 : ts < 0.965 ? 3 : ts < 0.985 ? 5 : ts < 0.997 ? 1 : 0;
        long jitter = r.nextDouble() < 0.25
                ? Math.round(clamp(2.0 * r.nextGaussian(), -MAX_JITTER_SECONDS, MAX_JITTER_SECONDS))
                : 0;
        long timestamp = Math.max(0, startSeconds + (long) (id / eventsPerSecond) + jitter);

        return Track.builder()
                .trackId(trackId(r))
                .artists(artists)
                .albumName(album)
                .trackName(trackName)
                .popularity(popularity)
                .durationMs(durationMs)
                .explicit(r.nextDouble() < p.explicitShare())
                .danceability(unit(r, p.danceability(), 0.12))
                .energy(unit(r, p.energy(), 0.12))
                .key(r.nextInt(12))
                .loudness(clamp(round(p.loudness() + 2.5 * r.nextGaussian(), 3), -45, 1.5))
                .mode(r.nextDouble() < p.majorShare() ? 1 : 0)
                .speechiness(speechiness)
                .acousticness(unit(r, p.acousticness(), p.acousticness() > 0.5 ? 0.12 : 0.08))
                .instrumentalness(instrumentalness)
                .liveness(liveness)
                .valence(unit(r, p.valence(), 0.18))
                .tempo(tempo)
                .timeSignature(timeSignature)
                .trackGenre(genre.name())
                .timestamp(timestamp)
                .recordId(id)
                .build();
    }

    private static String artists(SplittableRandom r, List<String> pool) {
        double n = r.nextDouble();
        String first = pool.get(r.nextInt(pool.size()));
        if (n < 0.82) {
            return first;
        }
        String second = pool.get(r.nextInt(pool.size()));
        if (second.equals(first)) {
            return first;
        }
        if (n < 0.96) {
            return first + ";" + second;
        }
        String third = pool.get(r.nextInt(pool.size()));
        return third.equals(first) || third.equals(second) ? first + ";" + second : first + ";" + second + ";" + third;
    }

    /** 22 base62 characters, like a Spotify id. */
    private static String trackId(SplittableRandom r) {
        char[] id = new char[22];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 11; i++) {
            id[i] = BASE62[(int) Long.remainderUnsigned(a, 62)];
            a = Long.divideUnsigned(a, 62);
            id[11 + i] = BASE62[(int) Long.remainderUnsigned(b, 62)];
            b = Long.divideUnsigned(b, 62);
        }
        return new String(id);
    }

    private static double unit(SplittableRandom r, double mean, double spread) {
        return clamp(round(mean + spread * r.nextGaussian(), 3), 0.0, 1.0);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    /** Three significant digits, as in the Kaggle file (1.01e-06). */
    private static double significant(double v) {
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(v)));
        return Math.round(v * scale) / scale;
    }
}
