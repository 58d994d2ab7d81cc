package io.streamlab.pipeline.datasets;

/** One row of {@code stats_by_team}: a team in an event-time window. */
public record TeamStats(
        long windowStart,
        long windowEnd,
        String team,
        long ticketCount,
        long lowCount,
        long mediumCount,
        long highCount,
        long criticalCount) {}
