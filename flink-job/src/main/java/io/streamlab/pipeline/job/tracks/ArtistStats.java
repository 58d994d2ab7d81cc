package io.streamlab.pipeline.job.tracks;

/** One row of {@code artist_stats}: a single artist (after splitting on ';') in an event-time window. */
public record ArtistStats(
        long windowStart,
        long windowEnd,
        String artist,
        long trackCount,
        double popularityAvg,
        int popularityMax,
        double danceabilityAvg,
        double energyAvg,
        double valenceAvg,
        double acousticnessAvg,
        double tempoAvg,
        int genreCount) {

    static ArtistStats of(long windowStart, long windowEnd, String artist, ArtistAccumulator a) {
        return new ArtistStats(
                windowStart,
                windowEnd,
                artist,
                a.count,
                a.avg(a.popularitySum),
                a.popularityMax,
                a.avg(a.danceabilitySum),
                a.avg(a.energySum),
                a.avg(a.valenceSum),
                a.avg(a.acousticnessSum),
                a.avg(a.tempoSum),
                a.genres.size());
    }
}
