package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of one window so far: genres arrive as {@link GenreTotals} and artists as
 * {@link ArtistDigest}s, which add up.
 *
 * <p>{@code genres} and {@code artists} held every genre and artist row of the window before the digests
 * (release 0.1.0). They stay, so that a savepoint of that release restores (Flink adds the new fields to
 * the restored state) and its rows still count; the job leaves them empty. A field added later may be
 * null in restored state: read them through {@link TracksSummaryAggregate}.
 */
public class SummaryAccumulator {
    public Map<String, GenreStats> genres = new HashMap<>();
    public Map<String, ArtistStats> artists = new HashMap<>();
    public long artistCount;
    public List<RankedName> topArtists = new ArrayList<>();
    public GenreTotals genreTotals = new GenreTotals();

    public SummaryAccumulator() {}
}
