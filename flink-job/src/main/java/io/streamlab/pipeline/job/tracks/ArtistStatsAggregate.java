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
        acc.features.add(value.track());
        acc.addGenre(value.track().trackGenre());
        return acc;
    }

    @Override
    public ArtistAccumulator getResult(ArtistAccumulator acc) {
        return acc;
    }

    @Override
    public ArtistAccumulator merge(ArtistAccumulator a, ArtistAccumulator b) {
        a.features.merge(b.features);
        b.genres.forEach(a::addGenre);
        return a;
    }
}
