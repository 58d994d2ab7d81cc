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
        double explicitShare) {}
