package io.streamlab.pipeline.job.tracks;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental per artist and window: feature sums and the set of genres. */
public class ArtistStatsAggregate implements AggregateFunction<ArtistTrack, ArtistAccumulator, ArtistAccumulator> {
    private static final long serialVersionUID = 1L;

    @Override
    public ArtistAccumulator createAccumulator() {
        return new ArtistAccumulator();
    }

    @Override
    public ArtistAccumulator add(ArtistTrack value, ArtistAccumulator acc) {
        return acc.add(value);
    }

    @Override
    public ArtistAccumulator getResult(ArtistAccumulator acc) {
        return acc;
    }

    @Override
    public ArtistAccumulator merge(ArtistAccumulator a, ArtistAccumulator b) {
        return a.merge(b);
    }
}
