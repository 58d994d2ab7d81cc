package io.streamlab.pipeline.producer.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.producer.publish.Fingerprint;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A dataset id names what sets the records, timestamps included when they are reproducible: a run that
 * changes the data must not be taken for the dataset already published, and a run that does not must.
 */
class DatasetIdsTest {
    private static final Optional<Instant> START = Optional.of(Instant.parse("2024-01-01T00:00:00Z"));
    private static final double DEFAULT_RATE = TracksCommand.DEFAULT_EVENTS_PER_SECOND;

    @Test
    void syntheticTracksWithAStartDifferByTheirRate() {
        assertThat(TracksCommand.syntheticDatasetId(1000, 7, START, 10))
                .isNotEqualTo(TracksCommand.syntheticDatasetId(1000, 7, START, 20))
                .isNotEqualTo(TracksCommand.syntheticDatasetId(1000, 7, START, DEFAULT_RATE));
        assertThat(TracksCommand.syntheticDatasetId(1000, 7, START, 10))
                .isEqualTo(TracksCommand.syntheticDatasetId(1000, 7, START, 10));
    }

    @Test
    void syntheticTracksWithoutAStartFollowTheClockSoTheRateIsNotTheirs() {
        assertThat(TracksCommand.syntheticDatasetId(1000, 7, Optional.empty(), 10))
                .isEqualTo(TracksCommand.syntheticDatasetId(1000, 7, Optional.empty(), 20));
    }

    @Test
    void theIdsOfEarlierReleasesAreUnchangedWhereTheDataIs() {
        assertThat(TracksCommand.syntheticDatasetId(1000, 7, START, DEFAULT_RATE))
                .isEqualTo(Fingerprint.of(
                        SyntheticTracks.VERSION, "1000", "7", START.get().toString()));
        assertThat(TracksCommand.syntheticDatasetId(1000, 7, Optional.empty(), 5))
                .isEqualTo(Fingerprint.of(SyntheticTracks.VERSION, "1000", "7", ""));
        assertThat(TracksCommand.csvDatasetId("abc", Optional.empty(), 5))
                .isEqualTo(Fingerprint.of("tracks-csv-v1", "abc"));
    }

    @Test
    void aCsvWithAStartDiffersByItsStartAndRate() {
        String plain = TracksCommand.csvDatasetId("abc", Optional.empty(), DEFAULT_RATE);
        String started = TracksCommand.csvDatasetId("abc", START, DEFAULT_RATE);
        assertThat(started).isNotEqualTo(plain);
        assertThat(TracksCommand.csvDatasetId("abc", Optional.of(Instant.parse("2024-01-02T00:00:00Z")), DEFAULT_RATE))
                .isNotEqualTo(started);
        assertThat(TracksCommand.csvDatasetId("abc", START, 1)).isNotEqualTo(started);
        assertThat(TracksCommand.csvDatasetId("abd", START, DEFAULT_RATE)).isNotEqualTo(started);
    }
}
