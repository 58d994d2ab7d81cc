package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.job.windows.MergingAggregate;
import java.util.ArrayList;
import java.util.List;

/**
 * Running sums of an artist's tracks plus the distinct genres it appeared in: few per artist, so a list,
 * and at most {@link #MAX_GENRES} of them. Any string is a valid genre, and a stream of tracks of one
 * artist in thousands of distinct genres made each track cost a look through all of them (and, on
 * {@code rocksdb}, a rewrite of all of them): work that grew with the square of the window's tracks.
 */
public class ArtistAccumulator implements MergingAggregate.Accumulator<ArtistTrack, ArtistAccumulator> {
    /** The most genres an artist's window counts ({@code genre_count} stops there); real artists have a few. */
    public static final int MAX_GENRES = 256;

    public long count;
    public long popularitySum;
    public int popularityMax = Integer.MIN_VALUE;
    public double danceabilitySum;
    public double energySum;
    public double valenceSum;
    public double acousticnessSum;
    public double tempoSum;
    public List<String> genres = new ArrayList<>();

    public ArtistAccumulator() {}

    @Override
    public ArtistAccumulator add(ArtistTrack t) {
        count++;
        popularitySum += t.popularity();
        popularityMax = Math.max(popularityMax, t.popularity());
        danceabilitySum += t.danceability();
        energySum += t.energy();
        valenceSum += t.valence();
        acousticnessSum += t.acousticness();
        tempoSum += t.tempo();
        addGenre(t.genre());
        return this;
    }

    @Override
    public ArtistAccumulator merge(ArtistAccumulator o) {
        count += o.count;
        popularitySum += o.popularitySum;
        popularityMax = Math.max(popularityMax, o.popularityMax);
        danceabilitySum += o.danceabilitySum;
        energySum += o.energySum;
        valenceSum += o.valenceSum;
        acousticnessSum += o.acousticnessSum;
        tempoSum += o.tempoSum;
        o.genres.forEach(this::addGenre);
        return this;
    }

    /** The {@code artist_stats} row of this accumulator. */
    public ArtistStats toArtistStats(long windowStart, long windowEnd, String artist) {
        ArtistAccumulator a = this;
        return new ArtistStats(
                windowStart,
                windowEnd,
                artist,
                a.count,
                a.avg(a.popularitySum),
                a.popularityMax,
                a.avg(a.danceabilitySum),
                a.avg(a.energySum),
                a.avg(a.valenceSum),
                a.avg(a.acousticnessSum),
                a.avg(a.tempoSum),
                a.genres.size());
    }

    double avg(double sum) {
        return count == 0 ? 0.0 : sum / count;
    }

    private void addGenre(String genre) {
        if (genres.size() < MAX_GENRES && !genres.contains(genre)) {
            genres.add(genre);
        }
    }
}
