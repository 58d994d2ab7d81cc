package io.streamlab.pipeline.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One Spotify track as published on {@code spotify-tracks}: every column of the Kaggle CSV plus
 * {@code timestamp} (event time, epoch seconds) and {@code record_id}. JSON names are the snake_case
 * of the component names.
 *
 * <p>{@code sourcePartition} and {@code sourceOffset} are where the job read the record; they are not
 * part of the JSON and let a late record's dead letter point back at it.
 */
@JsonPropertyOrder({
    "record_id",
    "track_id",
    "artists",
    "album_name",
    "track_name",
    "popularity",
    "duration_ms",
    "explicit",
    "danceability",
    "energy",
    "key",
    "loudness",
    "mode",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
    "tempo",
    "time_signature",
    "track_genre",
    "timestamp"
})
public record Track(
        String trackId,
        String artists,
        String albumName,
        String trackName,
        int popularity,
        long durationMs,
        boolean explicit,
        double danceability,
        double energy,
        int key,
        double loudness,
        int mode,
        double speechiness,
        double acousticness,
        double instrumentalness,
        double liveness,
        double valence,
        double tempo,
        int timeSignature,
        String trackGenre,
        long timestamp,
        long recordId,
        @JsonIgnore int sourcePartition,
        @JsonIgnore long sourceOffset)
        implements SourcedRecord {

    /** Event time in epoch milliseconds. */
    @JsonIgnore
    public long eventTimeMillis() {
        return timestamp * 1000L;
    }

    public Track withSource(int partition, long offset) {
        return new Track(
                trackId,
                artists,
                albumName,
                trackName,
                popularity,
                durationMs,
                explicit,
                danceability,
                energy,
                key,
                loudness,
                mode,
                speechiness,
                acousticness,
                instrumentalness,
                liveness,
                valence,
                tempo,
                timeSignature,
                trackGenre,
                timestamp,
                recordId,
                partition,
                offset);
    }

    public Track withTimestampAndRecordId(long epochSeconds, long id) {
        return new Track(
                trackId,
                artists,
                albumName,
                trackName,
                popularity,
                durationMs,
                explicit,
                danceability,
                energy,
                key,
                loudness,
                mode,
                speechiness,
                acousticness,
                instrumentalness,
                liveness,
                valence,
                tempo,
                timeSignature,
                trackGenre,
                epochSeconds,
                id,
                sourcePartition,
                sourceOffset);
    }
}
