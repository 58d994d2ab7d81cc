package io.streamlab.pipeline.producer.tracks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** A CSV row's event time is the start plus its index over the rate, whatever the index column holds. */
class FileEventTimesTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void theIndexOverTheRateFromTheStart() {
        LongUnaryOperator times = TracksCommand.fileEventTimes(START, 10);
        assertThat(times.applyAsLong(0)).isEqualTo(START.getEpochSecond());
        assertThat(times.applyAsLong(25)).isEqualTo(START.getEpochSecond() + 2);
        assertThat(TracksCommand.fileEventTimes(START, 0.5).applyAsLong(3)).isEqualTo(START.getEpochSecond() + 6);
    }

    /** An index of 2^63 - 1 at half a row a second wrapped to -9223372035154775809: a time before 1970. */
    @Test
    void aHugeIndexSaturatesInsteadOfWrappingToThePast() {
        assertThat(TracksCommand.fileEventTimes(START, 0.5).applyAsLong(Long.MAX_VALUE))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(TracksCommand.fileEventTimes(START, 1).applyAsLong(Long.MAX_VALUE - START.getEpochSecond() + 1))
                .isEqualTo(Long.MAX_VALUE);
        assertThat(TracksCommand.fileEventTimes(START, 1).applyAsLong(Long.MAX_VALUE - START.getEpochSecond()))
                .isEqualTo(Long.MAX_VALUE);
    }
}
