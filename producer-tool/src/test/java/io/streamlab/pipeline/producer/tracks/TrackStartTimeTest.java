package io.streamlab.pipeline.producer.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An explicit --start-time of tracks is checked against the timestamps the job accepts (whole seconds from
 * limits.event-time.min to limits.event-time.max-ahead ahead of now): for every synthetic track, and for
 * the first one of a file, whose record ids only the file tells.
 */
class TrackStartTimeTest {
    private static final PipelineConfig.Limits LIMITS = PipelineConfig.Limits.defaults();
    private static final long NOW = Instant.parse("2026-12-02T12:00:00Z").toEpochMilli();

    @Test
    void syntheticTracksSpanTheirCountOverTheRateAndAreJitteredBy5Seconds() {
        // 3,000 tracks at 100 a second span 29 s, and a track may come 5 s late: 13:00:00 less 34 s
        assertThat(TracksCommand.implausibleStart(Instant.parse("2026-12-02T12:59:26Z"), LIMITS, NOW, false, 3000, 100))
                .isEmpty();
        assertThat(TracksCommand.implausibleStart(
                        Instant.parse("2026-12-02T12:59:26.900Z"), LIMITS, NOW, false, 3000, 100))
                .as("the tracks count from the start's whole second")
                .isEmpty();
        assertThat(TracksCommand.implausibleStart(Instant.parse("2026-12-02T12:59:27Z"), LIMITS, NOW, false, 3000, 100))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("invalid value '2026-12-02T12:59:27Z' for --start-time: expected an instant from"
                                + " 2000-01-01T00:00:05Z to 2026-12-02T12:59:26Z")
                        .contains("3,000 synthetic tracks over 29 s (up to 5 s of jitter)"));
        assertThat(TracksCommand.implausibleStart(Instant.parse("2000-01-01T00:00:04Z"), LIMITS, NOW, false, 3000, 100))
                .isPresent();
    }

    @Test
    void theTracksOfAFileFollowTheStartSoTheStartItselfIsChecked() {
        assertThat(TracksCommand.implausibleStart(Instant.parse("2026-12-02T13:00:00Z"), LIMITS, NOW, true, 0, 100))
                .isEmpty();
        assertThat(TracksCommand.implausibleStart(Instant.parse("2000-01-01T00:00:00Z"), LIMITS, NOW, true, 0, 100))
                .isEmpty();
        assertThat(TracksCommand.implausibleStart(Instant.parse("2026-12-02T13:00:01Z"), LIMITS, NOW, true, 0, 100))
                .isPresent();
        assertThat(TracksCommand.implausibleStart(Instant.parse("1999-12-31T23:59:59Z"), LIMITS, NOW, true, 0, 100))
                .isPresent();
    }
}
