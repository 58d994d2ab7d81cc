package io.streamlab.pipeline.job.tickets;

/**
 * What the team window needs of an enriched ticket. Projected before the shuffle, so the ticket's
 * text and keywords do not travel over the network to be counted.
 */
public record TeamPriority(String team, String priority) {}
