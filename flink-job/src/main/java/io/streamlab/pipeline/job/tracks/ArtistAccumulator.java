package io.streamlab.pipeline.job.tracks;

import java.util.ArrayList;
import java.util.List;

/** Feature sums of an artist plus the distinct genres it appeared in (few per artist, so a list). */
public class ArtistAccumulator {
    public FeatureSums features = new FeatureSums();
    public List<String> genres = new ArrayList<>();

    public ArtistAccumulator() {
    }

    void addGenre(String genre) {
        if (!genres.contains(genre)) {
            genres.add(genre);
        }
    }
}
