package io.streamlab.pipeline.job.tracks;

/** One row of {@code genre_stats}: a genre in an event-time window. */
public record GenreStats(
        long windowStart,
        long windowEnd,
        String genre,
        long trackCount,
        double popularityAvg,
        int popularityMin,
        int popularityMax,
        double danceabilityAvg,
        double energyAvg,
        double loudnessAvg,
        double speechinessAvg,
        double acousticnessAvg,
        double instrumentalnessAvg,
        double livenessAvg,
        double valenceAvg,
        double tempoAvg,
        double durationMsAvg,
        double explicitShare) {

    static GenreStats of(long windowStart, long windowEnd, String genre, FeatureSums s) {
        return new GenreStats(
                windowStart,
                windowEnd,
                genre,
                s.count,
                s.avg(s.popularitySum),
                s.popularityMin,
                s.popularityMax,
                s.avg(s.danceabilitySum),
                s.avg(s.energySum),
                s.avg(s.loudnessSum),
                s.avg(s.speechinessSum),
                s.avg(s.acousticnessSum),
                s.avg(s.instrumentalnessSum),
                s.avg(s.livenessSum),
                s.avg(s.valenceSum),
                s.avg(s.tempoSum),
                s.avg(s.durationMsSum),
                s.avg(s.explicitCount));
    }
}
