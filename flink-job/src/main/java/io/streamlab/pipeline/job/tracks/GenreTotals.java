package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.datasets.RankedName;
import java.util.ArrayList;
import java.util.List;

/**
 * What the window summary needs of some of a window's {@code genre_stats} rows: how many rows and
 * tracks, each average times its track count (so that totals add up), and the first
 * {@link TracksSummaryAggregate#TOP_N} genres by {@link TracksSummaryAggregate#RANKING}. Totals of
 * disjoint sets of genres add up: each genre's row of a window comes from one subtask, once.
 *
 * <p>Both the digest {@link GenreDigests} sends and a field of the summary's window state: a mutable
 * POJO with public fields, so Flink serialises it without Kryo and can evolve it. Keep its fields.
 */
public class GenreTotals {
    public long genres;
    public long tracks;
    public double popularity;
    public double danceability;
    public double energy;
    public double loudness;
    public double speechiness;
    public double acousticness;
    public double instrumentalness;
    public double liveness;
    public double valence;
    public double tempo;
    public double durationMs;
    public double explicit;
    public List<RankedName> top = new ArrayList<>();

    public GenreTotals() {}

    /** Adds one genre's row. */
    public GenreTotals add(GenreStats g) {
        long n = g.trackCount();
        genres++;
        tracks += n;
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
        durationMs += g.durationMsAvg() * n;
        explicit += g.explicitShare() * n;
        top = TracksSummaryAggregate.withCandidate(top, new RankedName(g.genre(), n, g.popularityAvg()));
        return this;
    }

    /** Adds the totals of other genres of the same window. */
    public GenreTotals add(GenreTotals o) {
        genres += o.genres;
        tracks += o.tracks;
        popularity += o.popularity;
        danceability += o.danceability;
        energy += o.energy;
        loudness += o.loudness;
        speechiness += o.speechiness;
        acousticness += o.acousticness;
        instrumentalness += o.instrumentalness;
        liveness += o.liveness;
        valence += o.valence;
        tempo += o.tempo;
        durationMs += o.durationMs;
        explicit += o.explicit;
        top = TracksSummaryAggregate.top(top, o.top);
        return this;
    }

    /** These totals with the top cut to its final length: what a digest sends. */
    GenreTotals digest() {
        top = TracksSummaryAggregate.top(top);
        return this;
    }
}
