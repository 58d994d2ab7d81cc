package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of one window so far. Genre rows are kept by name and replaced (not added), so that a
 * genre row sent again does not count twice; artists arrive as {@link ArtistDigest}s, which add up.
 *
 * <p>{@code artists} held every artist row of the window before the digests (release 0.1.0). It stays,
 * so that a savepoint of that release restores (Flink adds the two new fields to the restored state) and
 * its rows still count; the job leaves it empty.
 */
public class SummaryAccumulator {
    public Map<String, GenreStats> genres = new HashMap<>();
    public Map<String, ArtistStats> artists = new HashMap<>();
    public long artistCount;
    public List<RankedName> topArtists = new ArrayList<>();

    public SummaryAccumulator() {}
}
