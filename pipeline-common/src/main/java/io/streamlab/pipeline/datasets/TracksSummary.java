package io.streamlab.pipeline.datasets;

import java.util.List;

/** One row of {@code tracks_summary}: the whole track stream in an event-time window. */
public record TracksSummary(
        long windowStart,
        long windowEnd,
        long trackCount,
        int distinctGenres,
        int distinctArtists,
        double popularityAvg,
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
        double explicitShare,
        List<RankedName> topGenres,
        List<RankedName> topArtists) {}
