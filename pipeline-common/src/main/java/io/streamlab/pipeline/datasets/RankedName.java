package io.streamlab.pipeline.datasets;

/** An entry of a top list in {@code tracks_summary}. */
public record RankedName(String name, long trackCount, double popularityAvg) {}
