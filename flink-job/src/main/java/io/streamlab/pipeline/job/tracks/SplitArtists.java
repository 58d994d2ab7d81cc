package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** "Artist A; Artist B" becomes one record per artist: trimmed, empty names dropped, each artist once. */
public class SplitArtists implements FlatMapFunction<Track, ArtistTrack> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Track track, Collector<ArtistTrack> out) {
        for (String artist : Tracks.artists(track.artists())) {
            out.collect(ArtistTrack.of(artist, track));
        }
    }
}
