package io.streamlab.pipeline.job.tracks;

/**
 * What feeds the summary of a window: a digest of genre rows, a digest of artist rows, or (as 0.1.0
 * sent it, and tests still do) a genre row. Exactly one is set.
 */
public record SummaryInput(GenreStats genre, ArtistDigest artists, GenreTotals genres) {
    public SummaryInput(GenreStats genre, ArtistDigest artists) {
        this(genre, artists, null);
    }

    public static SummaryInput of(GenreTotals genres) {
        return new SummaryInput(null, null, genres);
    }
}
