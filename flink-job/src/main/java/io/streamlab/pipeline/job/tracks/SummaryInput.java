package io.streamlab.pipeline.job.tracks;

/** A per-key window result feeding the summary of the same window: exactly one of the two is set. */
public record SummaryInput(GenreStats genre, ArtistStats artist) {}
