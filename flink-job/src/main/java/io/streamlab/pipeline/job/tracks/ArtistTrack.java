package io.streamlab.pipeline.job.tracks;

import io.streamlab.pipeline.records.Track;

/** A track as seen by one of its artists. */
public record ArtistTrack(String artist, Track track) {
}
