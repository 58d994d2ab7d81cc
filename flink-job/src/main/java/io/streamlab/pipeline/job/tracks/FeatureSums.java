package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.job.windows.MergingAggregate;
import io.streamlab.pipeline.records.Track;

/**
 * Running sums of a group of tracks: the accumulator of every track aggregate. A mutable POJO with
 * public fields, so Flink serialises it with its POJO serializer (no Kryo) and can evolve it.
 */
public class FeatureSums implements MergingAggregate.Accumulator<Track, FeatureSums> {
    public long count;
    public long popularitySum;
    public int popularityMin = Integer.MAX_VALUE;
    public int popularityMax = Integer.MIN_VALUE;
    public long explicitCount;
    public double durationMsSum;
    public double danceabilitySum;
    public double energySum;
    public double loudnessSum;
    public double speechinessSum;
    public double acousticnessSum;
    public double instrumentalnessSum;
    public double livenessSum;
    public double valenceSum;
    public double tempoSum;

    public FeatureSums() {}

    @Override
    public FeatureSums add(Track t) {
        count++;
        popularitySum += t.popularity();
        popularityMin = Math.min(popularityMin, t.popularity());
        popularityMax = Math.max(popularityMax, t.popularity());
        if (t.explicit()) {
            explicitCount++;
        }
        durationMsSum += t.durationMs();
        danceabilitySum += t.danceability();
        energySum += t.energy();
        loudnessSum += t.loudness();
        speechinessSum += t.speechiness();
        acousticnessSum += t.acousticness();
        instrumentalnessSum += t.instrumentalness();
        livenessSum += t.liveness();
        valenceSum += t.valence();
        tempoSum += t.tempo();
        return this;
    }

    @Override
    public FeatureSums merge(FeatureSums o) {
        count += o.count;
        popularitySum += o.popularitySum;
        popularityMin = Math.min(popularityMin, o.popularityMin);
        popularityMax = Math.max(popularityMax, o.popularityMax);
        explicitCount += o.explicitCount;
        durationMsSum += o.durationMsSum;
        danceabilitySum += o.danceabilitySum;
        energySum += o.energySum;
        loudnessSum += o.loudnessSum;
        speechinessSum += o.speechinessSum;
        acousticnessSum += o.acousticnessSum;
        instrumentalnessSum += o.instrumentalnessSum;
        livenessSum += o.livenessSum;
        valenceSum += o.valenceSum;
        tempoSum += o.tempoSum;
        return this;
    }

    public double avg(double sum) {
        return count == 0 ? 0.0 : sum / count;
    }

    /** The {@code genre_stats} row of these sums. */
    public GenreStats toGenreStats(long windowStart, long windowEnd, String genre) {
        FeatureSums s = this;
        return new GenreStats(
                windowStart,
                windowEnd,
                genre,
                s.count,
                s.avg(s.popularitySum),
                s.popularityMin,
                s.popularityMax,
                s.avg(s.danceabilitySum),
                s.avg(s.energySum),
                s.avg(s.loudnessSum),
                s.avg(s.speechinessSum),
                s.avg(s.acousticnessSum),
                s.avg(s.instrumentalnessSum),
                s.avg(s.livenessSum),
                s.avg(s.valenceSum),
                s.avg(s.tempoSum),
                s.avg(s.durationMsSum),
                s.avg(s.explicitCount));
    }
}
