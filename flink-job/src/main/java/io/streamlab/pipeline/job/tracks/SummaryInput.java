package io.streamlab.pipeline.job.tracks;

/** What feeds the summary of a window: a genre row, or a digest of artist rows. Exactly one is set. */
public record SummaryInput(GenreStats genre, ArtistDigest artists) {}
