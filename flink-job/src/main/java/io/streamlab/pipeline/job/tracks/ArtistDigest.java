package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import java.util.List;

/**
 * What the window summary needs of some of a window's {@code artist_stats} rows: how many there were
 * and the first {@link TracksSummaryAggregate#TOP_N} of them by {@link TracksSummaryAggregate#RANKING}.
 * Digests of disjoint sets of artists add up: each artist's row of a window comes from one subtask, once.
 */
public record ArtistDigest(long artists, List<RankedName> top) {}
