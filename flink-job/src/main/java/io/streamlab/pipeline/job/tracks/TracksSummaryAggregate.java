package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import io.streamlab.pipeline.datasets.TracksSummary;
import io.streamlab.pipeline.job.windows.EmittedWindows;
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
        List<RankedName> candidates = new ArrayList<>(acc.topArtists);
        candidates.addAll(top);
        acc.topArtists = top(candidates);
    }

    /** The window's genre totals; a summary restored from before they existed has none yet. */
    static GenreTotals totals(SummaryAccumulator acc) {
        if (acc.genreTotals == null) {
            acc.genreTotals = new GenreTotals();
        }
        return acc.genreTotals;
    }

    static TracksSummary summarise(long windowStart, long windowEnd, SummaryAccumulator acc) {
        GenreTotals t = totals(acc);
        long count = t.tracks;
        double popularity = t.popularity,
                danceability = t.danceability,
                energy = t.energy,
                loudness = t.loudness,
                speechiness = t.speechiness,
                acousticness = t.acousticness,
                instrumentalness = t.instrumentalness,
                liveness = t.liveness,
                valence = t.valence,
                tempo = t.tempo,
                duration = t.durationMs,
                explicit = t.explicit;
        List<RankedName> genres = new ArrayList<>(t.top);
        for (GenreStats g : acc.genres.values()) {
            long n = g.trackCount();
            count += n;
            popularity += g.popularityAvg() * n;
            danceability += g.danceabilityAvg() * n;
            energy += g.energyAvg() * n;
            loudness += g.loudnessAvg() * n;
            speechiness += g.speechinessAvg() * n;
            acousticness += g.acousticnessAvg() * n;
            instrumentalness += g.instrumentalnessAvg() * n;
            liveness += g.livenessAvg() * n;
            valence += g.valenceAvg() * n;
            tempo += g.tempoAvg() * n;
            duration += g.durationMsAvg() * n;
            explicit += g.explicitShare() * n;
            genres.add(new RankedName(g.genre(), n, g.popularityAvg()));
        }
        List<RankedName> artists = new ArrayList<>(acc.topArtists);
        for (ArtistStats a : acc.artists.values()) {
            artists.add(rank(a));
        }
        double d = Math.max(count, 1);
        return new TracksSummary(
                windowStart,
                windowEnd,
                count,
                (int) Math.min(Integer.MAX_VALUE, acc.genres.size() + t.genres),
                (int) Math.min(Integer.MAX_VALUE, acc.artists.size() + acc.artistCount),
                popularity / d,
                danceability / d,
                energy / d,
                loudness / d,
                speechiness / d,
                acousticness / d,
                instrumentalness / d,
                liveness / d,
                valence / d,
                tempo / d,
                duration / d,
                explicit / d,
                top(genres),
                top(artists));
    }

    /** An artist's row as an entry of the top list. */
    static RankedName rank(ArtistStats row) {
        return new RankedName(row.artist(), row.trackCount(), row.popularityAvg());
    }

    static List<RankedName> top(List<RankedName> all) {
        all.sort(RANKING);
        return new ArrayList<>(all.subList(0, Math.min(TOP_N, all.size())));
    }

    /** Stamps the summary with its window. */
    public static class SummaryRow extends ProcessAllWindowFunction<SummaryAccumulator, TracksSummary, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private transient Counter emitted;
        private transient Counter suppressed;

        @Override
        public void open(OpenContext openContext) {
            emitted = getRuntimeContext().getMetricGroup().counter("tracksSummaryEmitted");
            suppressed = EmittedWindows.suppressedCounter(getRuntimeContext().getMetricGroup());
        }

        @Override
        public void process(Context ctx, Iterable<SummaryAccumulator> accs, Collector<TracksSummary> out)
                throws java.io.IOException {
            if (!EmittedWindows.firstEmission(ctx.globalState(), ctx.window())) {
                suppressed.inc();
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
