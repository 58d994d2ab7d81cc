package io.streamlab.pipeline.datasets;

/**
 * One row of {@code stats_by_type}: a ticket type in an event-time window. {@code type} is the type
 * normalised as routing sees it (lower case, spaces and '-' as '_'), so "Technical issue" and
 * " technical  ISSUE " are one row, {@code technical_issue}.
 */
public record TypeStats(
        long windowStart,
        long windowEnd,
        String type,
        long ticketCount,
        long lowCount,
        long mediumCount,
        long highCount,
        long criticalCount,
        long distinctClients) {}
