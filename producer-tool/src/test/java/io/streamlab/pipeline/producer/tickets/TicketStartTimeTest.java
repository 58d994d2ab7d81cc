package io.streamlab.pipeline.producer.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An explicit --start-time of generated tickets is checked against the created_at the job accepts
 * (limits.event-time.min, and at most limits.event-time.max-ahead ahead of now: 2000-01-01 and 1 h by
 * default), for every ticket. Until 2026-12-02 any start was taken: the tickets became dead letters, and a
 * start far enough away failed with "long overflow".
 */
class TicketStartTimeTest {
    private static final PipelineConfig.Limits LIMITS = PipelineConfig.Limits.defaults();
    private static final long NOW = Instant.parse("2026-12-02T12:00:00Z").toEpochMilli();

    @Test
    void unpacedTheLastTicketAndItsJitterMustBeWithinTheBoundAheadOfNow() {
        // 100 tickets 200 ms apart span 19.8 s, and a ticket may come 4 s late: 13:00:00 less 23.8 s
        Instant latest = Instant.parse("2026-12-02T12:59:36Z");
        assertThat(TicketsCommand.implausibleStart(latest, LIMITS, NOW, 100, 0, 200, false))
                .isEmpty();
        assertThat(TicketsCommand.implausibleStart(latest.plusSeconds(1), LIMITS, NOW, 100, 0, 200, false))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("invalid value '2026-12-02T12:59:37Z' for --start-time: expected an instant from"
                                + " 2000-01-01T00:00:04Z to 2026-12-02T12:59:36Z")
                        .contains("100 tickets 200 ms apart (up to 4 s of jitter)")
                        .contains("limits.event-time.min", "limits.event-time.max-ahead"));
    }

    @Test
    void pacedByARateTheTicketsKeepTheirDistanceToTheClockSoTheFirstDecides() {
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2026-12-02T12:59:56Z"), LIMITS, NOW, 100_000, 5, 200, false))
                .isEmpty();
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2026-12-02T12:59:57Z"), LIMITS, NOW, 100_000, 5, 200, false))
                .isPresent();
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2026-12-02T12:59:57Z"), LIMITS, NOW, Long.MAX_VALUE, 10, 200, true))
                .isPresent();
    }

    @Test
    void theFirstTicketAndItsJitterMustNotComeBeforeTheFloor() {
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2000-01-01T00:00:04Z"), LIMITS, NOW, 3, 0, 200, false))
                .isEmpty();
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2000-01-01T00:00:03.999Z"), LIMITS, NOW, 3, 0, 200, false))
                .isPresent();
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("1990-01-01T00:00:00Z"), LIMITS, NOW, 3, 0, 200, false))
                .isPresent();
    }

    @Test
    void aStartSoFarAwayThatItsMillisecondsOverflowIsRefusedAndSoAreTicketsSpanningMoreThanTheRange() {
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("+300000000-01-01T00:00:00Z"), LIMITS, NOW, 3, 0, 200, false))
                .hasValueSatisfying(message ->
                        assertThat(message).startsWith("invalid value '+300000000-01-01T00:00:00Z' for --start-time"));
        assertThat(TicketsCommand.implausibleStart(
                        Instant.parse("2020-01-01T00:00:00Z"), LIMITS, NOW, 1_000_000_000, 0, 86_400_000, false))
                .hasValueSatisfying(message ->
                        assertThat(message).startsWith("no --start-time fits 1,000,000,000 tickets 86400000 ms apart"));
    }
}
