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
        return toBuilder().sourcePartition(partition).sourceOffset(offset).build();
    }

    public Track withTimestampAndRecordId(long epochSeconds, long id) {
        return toBuilder().timestamp(epochSeconds).recordId(id).build();
    }

    /** A track built field by field: {@code Track.builder().trackId("t1").popularity(40)….build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this track's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .trackId(trackId)
                .artists(artists)
                .albumName(albumName)
                .trackName(trackName)
                .popularity(popularity)
                .durationMs(durationMs)
                .explicit(explicit)
                .danceability(danceability)
                .energy(energy)
                .key(key)
                .loudness(loudness)
                .mode(mode)
                .speechiness(speechiness)
                .acousticness(acousticness)
                .instrumentalness(instrumentalness)
                .liveness(liveness)
                .valence(valence)
                .tempo(tempo)
                .timeSignature(timeSignature)
                .trackGenre(trackGenre)
                .timestamp(timestamp)
                .recordId(recordId)
                .sourcePartition(sourcePartition)
                .sourceOffset(sourceOffset);
    }

    /** Named fields instead of 24 positional arguments; a field not set has Java's default value. */
    public static final class Builder {
        private String trackId;
        private String artists;
        private String albumName;
        private String trackName;
        private int popularity;
        private long durationMs;
        private boolean explicit;
        private double danceability;
        private double energy;
        private int key;
        private double loudness;
        private int mode;
        private double speechiness;
        private double acousticness;
        private double instrumentalness;
        private double liveness;
        private double valence;
        private double tempo;
        private int timeSignature;
        private String trackGenre;
        private long timestamp;
        private long recordId;
        private int sourcePartition = -1;
        private long sourceOffset = -1;

        private Builder() {}

        public Builder trackId(String trackId) {
            this.trackId = trackId;
            return this;
        }

        public Builder artists(String artists) {
            this.artists = artists;
            return this;
        }

        public Builder albumName(String albumName) {
            this.albumName = albumName;
            return this;
        }

        public Builder trackName(String trackName) {
            this.trackName = trackName;
            return this;
        }

        public Builder popularity(int popularity) {
            this.popularity = popularity;
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder explicit(boolean explicit) {
            this.explicit = explicit;
            return this;
        }

        public Builder danceability(double danceability) {
            this.danceability = danceability;
            return this;
        }

        public Builder energy(double energy) {
            this.energy = energy;
            return this;
        }

        public Builder key(int key) {
            this.key = key;
            return this;
        }

        public Builder loudness(double loudness) {
            this.loudness = loudness;
            return this;
        }

        public Builder mode(int mode) {
            this.mode = mode;
            return this;
        }

        public Builder speechiness(double speechiness) {
            this.speechiness = speechiness;
            return this;
        }

        public Builder acousticness(double acousticness) {
            this.acousticness = acousticness;
            return this;
        }

        public Builder instrumentalness(double instrumentalness) {
            this.instrumentalness = instrumentalness;
            return this;
        }

        public Builder liveness(double liveness) {
            this.liveness = liveness;
            return this;
        }

        public Builder valence(double valence) {
            this.valence = valence;
            return this;
        }

        public Builder tempo(double tempo) {
            this.tempo = tempo;
            return this;
        }

        public Builder timeSignature(int timeSignature) {
            this.timeSignature = timeSignature;
            return this;
        }

        public Builder trackGenre(String trackGenre) {
            this.trackGenre = trackGenre;
            return this;
        }

        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder recordId(long recordId) {
            this.recordId = recordId;
            return this;
        }

        public Builder sourcePartition(int sourcePartition) {
            this.sourcePartition = sourcePartition;
            return this;
        }

        public Builder sourceOffset(long sourceOffset) {
            this.sourceOffset = sourceOffset;
            return this;
        }

        public Track build() {
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
                    sourcePartition,
                    sourceOffset);
        }
    }
}
