package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeBucketTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aMinuteIsDrawnPerMinuteADayPerHourTwoYearsPerWeek() {
        assertThat(TimeBucket.fitting(MINUTE, MINUTE, 200)).isEqualTo(TimeBucket.MINUTE);
        assertThat(TimeBucket.fitting(Duration.ofDays(1), MINUTE, 200)).isEqualTo(TimeBucket.HOUR);
        assertThat(TimeBucket.fitting(Duration.ofDays(2 * 365), MINUTE, 200)).isEqualTo(TimeBucket.WEEK);
    }

    @Test
    void eachBucketTakesOverWhereTheSmallerOneWouldDrawTooManyPoints() {
        // a range of k whole buckets can touch k + 1 of them
        assertThat(TimeBucket.fitting(Duration.ofMinutes(199), MINUTE, 200)).isEqualTo(TimeBucket.MINUTE);
        assertThat(TimeBucket.fitting(Duration.ofMinutes(200), MINUTE, 200)).isEqualTo(TimeBucket.HOUR);
        assertThat(TimeBucket.fitting(Duration.ofHours(199), MINUTE, 200)).isEqualTo(TimeBucket.HOUR);
        assertThat(TimeBucket.fitting(Duration.ofHours(199).plusMinutes(1), MINUTE, 200))
                .isEqualTo(TimeBucket.DAY);
        assertThat(TimeBucket.fitting(Duration.ofDays(199), MINUTE, 200)).isEqualTo(TimeBucket.DAY);
        assertThat(TimeBucket.fitting(Duration.ofDays(200), MINUTE, 200)).isEqualTo(TimeBucket.WEEK);
        assertThat(TimeBucket.fitting(Duration.ofDays(7 * 199), MINUTE, 200)).isEqualTo(TimeBucket.WEEK);
        assertThat(TimeBucket.fitting(Duration.ofDays(7 * 200), MINUTE, 200)).isEqualTo(TimeBucket.MONTH);
    }

    @Test
    void aRangeTooLongForAnyBucketIsDrawnPerMonth() {
        assertThat(TimeBucket.fitting(Duration.ofDays(100 * 365), MINUTE, 200)).isEqualTo(TimeBucket.MONTH);
    }

    @Test
    void noBucketIsShorterThanAWindow() {
        // 5-minute windows summed per minute would draw four zeros between every two windows
        assertThat(TimeBucket.fitting(Duration.ofMinutes(30), Duration.ofMinutes(5), 200))
                .isEqualTo(TimeBucket.HOUR);
        assertThat(TimeBucket.fitting(Duration.ofMinutes(30), Duration.ofSeconds(30), 200))
                .isEqualTo(TimeBucket.MINUTE);
        assertThat(TimeBucket.fitting(Duration.ofDays(3), Duration.ofHours(2), 200))
                .isEqualTo(TimeBucket.DAY);
    }

    @Test
    void mostPointsIsNeverBelowTheBucketsARangeTouches() {
        Random random = new Random(18);
        long twentyYears = Duration.ofDays(20 * 365).toMillis();
        for (int i = 0; i < 20_000; i++) {
            Instant start = Instant.parse("2000-01-01T00:00:00Z").plusMillis(random.nextLong(twentyYears));
            // ranges from a minute to a few years, many of them whole minutes or days
            Duration range = Duration.ofMillis(
                    switch (i % 4) {
                        case 0 -> random.nextLong(1, 60_000L * 600);
                        case 1 -> 60_000L * random.nextLong(1, 600);
                        case 2 -> 86_400_000L * random.nextLong(1, 400);
                        default -> random.nextLong(1, 86_400_000L * 1500);
                    });
            for (TimeBucket bucket : TimeBucket.values()) {
                assertThat(bucket.mostPoints(range))
                        .as("%s over %s from %s", bucket, range, start)
                        .isGreaterThanOrEqualTo(touched(bucket, start, start.plus(range)));
            }
        }
    }

    @Test
    void labelsAreAsPreciseAsTheBucket() {
        Instant t = Instant.parse("2021-03-10T14:37:00Z");
        assertThat(TimeBucket.MINUTE.label(t)).isEqualTo("2021-03-10 14:37");
        assertThat(TimeBucket.HOUR.label(t)).isEqualTo("2021-03-10 14:00");
        assertThat(TimeBucket.DAY.label(t)).isEqualTo("2021-03-10");
        assertThat(TimeBucket.WEEK.label(t)).isEqualTo("2021-03-10");
        assertThat(TimeBucket.MONTH.label(t)).isEqualTo("2021-03");
    }

    /** The buckets that [from, to) touches, counted with java.time (UTC, weeks from Monday). */
    private static long touched(TimeBucket bucket, Instant from, Instant to) {
        LocalDateTime a = LocalDateTime.ofInstant(from, ZoneOffset.UTC);
        LocalDateTime b = LocalDateTime.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        return 1
                + switch (bucket) {
                    case MINUTE ->
                        ChronoUnit.MINUTES.between(
                                a.truncatedTo(ChronoUnit.MINUTES), b.truncatedTo(ChronoUnit.MINUTES));
                    case HOUR ->
                        ChronoUnit.HOURS.between(a.truncatedTo(ChronoUnit.HOURS), b.truncatedTo(ChronoUnit.HOURS));
                    case DAY -> ChronoUnit.DAYS.between(a.toLocalDate(), b.toLocalDate());
                    case WEEK ->
                        ChronoUnit.WEEKS.between(
                                a.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                                b.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
                    case MONTH -> ChronoUnit.MONTHS.between(YearMonth.from(a), YearMonth.from(b));
                };
    }
}
