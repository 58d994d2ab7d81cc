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
        int genreCount) {}
