package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;

/**
 * A track as seen by one of its artists: only what artist_stats needs. A track with several artists
 * is shuffled once per artist, so leaving the names and ids behind keeps that shuffle small.
 */
public record ArtistTrack(
        String artist,
        String genre,
        int popularity,
        double danceability,
        double energy,
        double valence,
        double acousticness,
        double tempo) {
    static ArtistTrack of(String artist, Track t) {
        return new ArtistTrack(
                artist,
                t.trackGenre(),
                t.popularity(),
                t.danceability(),
                t.energy(),
                t.valence(),
                t.acousticness(),
                t.tempo());
    }
}
