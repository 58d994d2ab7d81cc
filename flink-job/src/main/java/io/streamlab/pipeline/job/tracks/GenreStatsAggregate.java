package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental: one {@link FeatureSums} per genre and window, whatever the number of tracks. */
public class GenreStatsAggregate implements AggregateFunction<Track, FeatureSums, FeatureSums> {
    private static final long serialVersionUID = 1L;

    @Override
    public FeatureSums createAccumulator() {
        return new FeatureSums();
    }

    @Override
    public FeatureSums add(Track track, FeatureSums acc) {
        return acc.add(track);
    }

    @Override
    public FeatureSums getResult(FeatureSums acc) {
        return acc;
    }

    @Override
    public FeatureSums merge(FeatureSums a, FeatureSums b) {
        return a.merge(b);
    }
}
