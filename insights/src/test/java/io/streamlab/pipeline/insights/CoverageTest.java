package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoverageTest {
    private static final long DAY = 86_400_000L;

    @Test
    void anAxisDrawsEveryWindowWhenTheBulkIsAtLeastHalfOfTheRange() {
        // two years whose first and last percent lie in their first and last week
        Coverage coverage = new Coverage(0, 730 * DAY, 7 * DAY, 723 * DAY);
        assertThat(coverage.stretched()).isFalse();
        assertThat(coverage.drawnFrom()).isZero();
        assertThat(coverage.drawnTo()).isEqualTo(730 * DAY);
        // exactly half: still whole
        assertThat(new Coverage(0, 20 * DAY, 5 * DAY, 15 * DAY).stretched()).isFalse();
    }

    @Test
    void aFewRecordsFarFromTheBulkAreLeftOutsideItsMargin() {
        // two years of tickets, then one dated five years later
        Coverage coverage = new Coverage(0, 7 * 365 * DAY, 7 * DAY, 707 * DAY);
        assertThat(coverage.stretched()).isTrue();
        assertThat(coverage.drawnFrom())
                .as("the margin is cut at the first window")
                .isZero();
        assertThat(coverage.drawnTo())
                .as("a tenth of the bulk's 700 days after it")
                .isEqualTo(777 * DAY);
    }

    @Test
    void theMarginIsATenthOfTheBulkOnEitherSide() {
        Coverage coverage = new Coverage(0, 1000 * DAY, 400 * DAY, 500 * DAY);
        assertThat(coverage.drawnFrom()).isEqualTo(390 * DAY);
        assertThat(coverage.drawnTo()).isEqualTo(510 * DAY);
    }
}
