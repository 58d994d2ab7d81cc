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
            out.collect(new ArtistStats(ctx.window().getStart(), ctx.window().getEnd(), artist, a.count,
                    a.avg(a.popularitySum), a.popularityMax, a.avg(a.danceabilitySum), a.avg(a.energySum),
                    a.avg(a.valenceSum), a.avg(a.acousticnessSum), a.avg(a.tempoSum), a.genres.size()));
            emitted.inc();
        }
    }
}
