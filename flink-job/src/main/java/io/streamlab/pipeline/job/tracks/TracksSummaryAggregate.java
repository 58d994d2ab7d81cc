package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.deadletters.DeadLetters;
import io.streamlab.pipeline.job.windows.EmittedWindows;
import io.streamlab.pipeline.job.windows.LateAtWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The window summary is built from digests of the window's genre rows ({@link GenreDigests}) and artist
 * rows ({@link ArtistDigests}) rather than from every track: the single (non-parallel) summary task then
 * sees a few digests per window whatever the stream, so it never becomes the bottleneck.
 */
public class TracksSummaryAggregate implements AggregateFunction<SummaryInput, SummaryAccumulator, SummaryAccumulator> {
    private static final long serialVersionUID = 1L;
    public static final int TOP_N = 10;

    /** Most tracks first, then higher average popularity, then name: deterministic. */
    static final Comparator<RankedName> RANKING = Comparator.comparingLong(RankedName::trackCount)
            .reversed()
            .thenComparing(Comparator.comparingDouble(RankedName::popularityAvg).reversed())
            .thenComparing(RankedName::name);

    @Override
    public SummaryAccumulator createAccumulator() {
        return new SummaryAccumulator();
    }

    @Override
    public SummaryAccumulator add(SummaryInput value, SummaryAccumulator acc) {
        if (value.genres() != null) {
            totals(acc).add(value.genres());
        } else if (value.genre() != null) {
            acc.genres.put(value.genre().genre(), value.genre());
        } else if (value.artists() != null) {
            addArtists(acc, value.artists().artists(), value.artists().top());
        }
        return acc;
    }

    @Override
    public SummaryAccumulator getResult(SummaryAccumulator acc) {
        return acc;
    }

    @Override
    public SummaryAccumulator merge(SummaryAccumulator a, SummaryAccumulator b) {
        a.genres.putAll(b.genres);
        totals(a).add(totals(b));
        a.artists.putAll(b.artists);
        addArtists(a, b.artistCount, b.topArtists);
        return a;
    }

    private static void addArtists(SummaryAccumulator acc, long artists, List<RankedName> top) {
        acc.artistCount += artists;
        acc.topArtists = top(acc.topArtists, top);
    }

    /** The window's genre totals; a summary restored from before they existed has none yet. */
    static GenreTotals totals(SummaryAccumulator acc) {
        if (acc.genreTotals == null) {
            acc.genreTotals = new GenreTotals();
        }
        return acc.genreTotals;
    }

    static TracksSummary summarise(long windowStart, long windowEnd, SummaryAccumulator acc) {
        // genre rows that a summary restored from 0.1.0 holds count as a digest of them would
        GenreTotals genres = new GenreTotals().add(totals(acc));
        acc.genres.values().forEach(genres::add);
        List<RankedName> artists = new ArrayList<>(acc.topArtists);
        for (ArtistStats a : acc.artists.values()) {
            artists.add(rank(a));
        }
        double d = Math.max(genres.tracks, 1);
        return new TracksSummary(
                windowStart,
                windowEnd,
                genres.tracks,
                (int) Math.min(Integer.MAX_VALUE, genres.genres),
                (int) Math.min(Integer.MAX_VALUE, acc.artists.size() + acc.artistCount),
                genres.popularity / d,
                genres.danceability / d,
                genres.energy / d,
                genres.loudness / d,
                genres.speechiness / d,
                genres.acousticness / d,
                genres.instrumentalness / d,
                genres.liveness / d,
                genres.valence / d,
                genres.tempo / d,
                genres.durationMs / d,
                genres.explicit / d,
                top(genres.top),
                top(artists));
    }

    /** An artist's row as an entry of the top list. */
    static RankedName rank(ArtistStats row) {
        return new RankedName(row.artist(), row.trackCount(), row.popularityAvg());
    }

    /** The top of two top lists together (a window's top is among the tops of its parts). */
    static List<RankedName> top(List<RankedName> some, List<RankedName> others) {
        List<RankedName> all = new ArrayList<>(some.size() + others.size());
        all.addAll(some);
        all.addAll(others);
        return top(all);
    }

    /**
     * {@code candidates} for a top list with {@code one} more, cut back to the top only now and then:
     * sorting at every row would cost a sort per row.
     */
    static List<RankedName> withCandidate(List<RankedName> candidates, RankedName one) {
        candidates.add(one);
        return candidates.size() >= 8 * TOP_N ? top(candidates) : candidates;
    }

    static List<RankedName> top(List<RankedName> all) {
        all.sort(RANKING);
        return new ArrayList<>(all.subList(0, Math.min(TOP_N, all.size())));
    }

    /** Stamps the summary with its window. */
    public static class SummaryRow extends ProcessAllWindowFunction<SummaryAccumulator, TracksSummary, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final Duration guardRetention;
        private final LateAtWindows.Reopened reopened;
        private transient EmittedWindows guard;
        private transient Counter emitted;
        private transient Counter suppressed;
        private transient Counter reopenedInputs;

        /**
         * {@code guardRetention}: {@code window.guard-retention}; a window refused as emitted already goes
         * to {@code reopened}.
         */
        public SummaryRow(Duration guardRetention, LateAtWindows.Reopened reopened) {
            this.guardRetention = guardRetention;
            this.reopened = reopened;
        }

        @Override
        public void open(OpenContext openContext) {
            guard = EmittedWindows.writingEveryWindow(guardRetention);
            emitted = getRuntimeContext().getMetricGroup().counter("tracksSummaryEmitted");
            suppressed = EmittedWindows.suppressedCounter(getRuntimeContext().getMetricGroup());
            reopenedInputs = reopened.counter(getRuntimeContext().getMetricGroup());
        }

        @Override
        public void process(Context ctx, Iterable<SummaryAccumulator> accs, Collector<TracksSummary> out)
                throws Exception {
            if (!guard.firstEmission(
                    ctx.globalState(),
                    ctx.window(),
                    // an all-window's context has no watermark: the clock alone tells a window ahead
                    EmittedWindows.AS_AT_A_DRAIN)) {
                suppressed.inc();
                reopenedInputs.inc();
                ctx.output(
                        DeadLetters.TAG,
                        reopened.deadLetter(null, accs.iterator().next(), ctx.window(), System.currentTimeMillis()));
                return;
            }
            out.collect(summarise(
                    ctx.window().getStart(),
                    ctx.window().getEnd(),
                    accs.iterator().next()));
            emitted.inc();
        }
    }
}
