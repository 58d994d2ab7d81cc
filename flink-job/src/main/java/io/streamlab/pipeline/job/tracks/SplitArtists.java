package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** "Artist A; Artist B" becomes one record per artist: trimmed, empty names dropped, each artist once. */
public class SplitArtists implements FlatMapFunction<Track, ArtistTrack> {
    private static final long serialVersionUID = 1L;

    public static List<String> artists(String artists) {
        if (artists == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : artists.split(";")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public void flatMap(Track track, Collector<ArtistTrack> out) {
        for (String artist : artists(track.artists())) {
            out.collect(ArtistTrack.of(artist, track));
        }
    }
}
