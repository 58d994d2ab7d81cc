package io.streamlab.pipeline.job.tracks;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest genre and artist rows of one window. Keyed by name and replaced (not added) so that a
 * window fired again for late data does not count its earlier rows twice.
 */
public class SummaryAccumulator {
    public Map<String, GenreStats> genres = new HashMap<>();
    public Map<String, ArtistStats> artists = new HashMap<>();

    public SummaryAccumulator() {}
}
