package io.streamlab.pipeline.job.tracks;

import java.util.ArrayList;
import java.util.List;

/** Running sums of an artist's tracks plus the distinct genres it appeared in (few per artist, so a list). */
public class ArtistAccumulator {
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

    ArtistAccumulator add(ArtistTrack t) {
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

    ArtistAccumulator merge(ArtistAccumulator o) {
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

    double avg(double sum) {
        return count == 0 ? 0.0 : sum / count;
    }

    private void addGenre(String genre) {
        if (!genres.contains(genre)) {
            genres.add(genre);
        }
    }
}
