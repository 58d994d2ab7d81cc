package io.streamlab.pipeline.producer.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.producer.publish.Fingerprint;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Generated tickets: the rate spaces their creation times from an explicit start, so it is part of the id. */
class TicketDatasetIdTest {
    private static final Optional<Instant> START = Optional.of(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void withAStartTheRateDefinesTheData() {
        assertThat(TicketsCommand.datasetId(100, 1, START, 200, 10))
                .isNotEqualTo(TicketsCommand.datasetId(100, 1, START, 200, 1))
                .isNotEqualTo(TicketsCommand.datasetId(100, 1, START, 200, 0));
        assertThat(TicketsCommand.baseTime(START, 10, false, 100, 200).apply(1))
                .as("the rate is what spaces them")
                .isNotEqualTo(TicketsCommand.baseTime(START, 1, false, 100, 200).apply(1));
    }

    @Test
    void withoutAStartTheTimesFollowTheClockAndTheIdIsThatOfEarlierReleases() {
        String earlier = Fingerprint.of(TicketGenerator.VERSION, "100", "1", "", "200");
        assertThat(TicketsCommand.datasetId(100, 1, Optional.empty(), 200, 10)).isEqualTo(earlier);
        assertThat(TicketsCommand.datasetId(100, 1, Optional.empty(), 200, 0)).isEqualTo(earlier);
        assertThat(TicketsCommand.datasetId(100, 1, START, 200, 0))
                .isEqualTo(Fingerprint.of(
                        TicketGenerator.VERSION, "100", "1", START.get().toString(), "200"));
    }
}
