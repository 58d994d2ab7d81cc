package io.streamlab.pipeline.job.tracks;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The window functions that turn an aggregate into an output row stamped with its window. */
public final class WindowResults {
    private WindowResults() {
    }

    public static class GenreRow extends ProcessWindowFunction<FeatureSums, GenreStats, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("genreStatsEmitted");
        }

        @Override
        public void process(String genre, Context ctx, Iterable<FeatureSums> sums, Collector<GenreStats> out) {
            FeatureSums s = sums.iterator().next();
            out.collect(GenreStats.of(ctx.window().getStart(), ctx.window().getEnd(), genre, s));
            emitted.inc();
        }
    }

    public static class ArtistRow extends ProcessWindowFunction<ArtistAccumulator, ArtistStats, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("artistStatsEmitted");
        }

        @Override
        public void process(String artist, Context ctx, Iterable<ArtistAccumulator> accs, Collector<ArtistStats> out) {
            ArtistAccumulator a = accs.iterator().next();
            FeatureSums s = a.features;
            out.collect(new ArtistStats(ctx.window().getStart(), ctx.window().getEnd(), artist, s.count,
                    s.avg(s.popularitySum), s.popularityMax, s.avg(s.danceabilitySum), s.avg(s.energySum),
                    s.avg(s.valenceSum), s.avg(s.acousticnessSum), s.avg(s.tempoSum), a.genres.size()));
            emitted.inc();
        }
    }
}
