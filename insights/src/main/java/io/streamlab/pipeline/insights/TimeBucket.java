package io.streamlab.pipeline.insights;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The step of a time axis. The job's windows are short (a minute by default) while an output can cover
 * minutes or years: a chart of one point per window over two years is thousands of unreadable spikes.
 * Every time axis of the insights therefore sums the windows into the smallest of these buckets that
 * keeps the axis within a readable number of points. Buckets are calendar units in UTC; weeks start on
 * Monday (ISO 8601, as DuckDB's {@code date_trunc('week', …)}).
 */
public enum TimeBucket {
    MINUTE("minute", Duration.ofMinutes(1), "yyyy-MM-dd HH:mm"),
    HOUR("hour", Duration.ofHours(1), "yyyy-MM-dd HH:00"),
    DAY("day", Duration.ofDays(1), "yyyy-MM-dd"),
    WEEK("week", Duration.ofDays(7), "yyyy-MM-dd"),
    /** A month is at least 28 days: its shortest length is what bounds the number of points. */
    MONTH("month", Duration.ofDays(28), "yyyy-MM");

    /** The most points a time axis of the report or the summary draws. */
    public static final int MAX_POINTS = 200;

    private final String unit;
    private final Duration shortest;
    private final DateTimeFormatter label;

    TimeBucket(String unit, Duration shortest, String labelPattern) {
        this.unit = unit;
        this.shortest = shortest;
        this.label = DateTimeFormatter.ofPattern(labelPattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    /**
     * The smallest bucket that draws {@code range} in at most {@code maxPoints} points and is no shorter
     * than a window (a bucket shorter than the windows would draw a zero between every two of them);
     * {@link #MONTH} when none does.
     */
    public static TimeBucket fitting(Duration range, Duration window, int maxPoints) {
        for (TimeBucket bucket : values()) {
            if (bucket.shortest.compareTo(window) >= 0 && bucket.mostPoints(range) <= maxPoints) {
                return bucket;
            }
        }
        return MONTH;
    }

    /**
     * The most buckets a range of this length can touch, wherever it starts: one more than the buckets it
     * fills, as its start need not fall on a bucket's start.
     */
    public long mostPoints(Duration range) {
        if (range.isNegative() || range.isZero()) {
            return 1;
        }
        long whole = range.toMillis() / shortest.toMillis();
        return whole + (range.toMillis() % shortest.toMillis() == 0 ? 1 : 2);
    }

    /** {@code minute}, {@code week}…: the name in chart titles and in the summary's {@code bucket} field. */
    public String unit() {
        return unit;
    }

    /** The SQL that truncates an epoch-millisecond column to this bucket's start, as a TIMESTAMP (UTC). */
    String truncate(String epochMillis) {
        return "date_trunc('" + unit + "', epoch_ms(" + epochMillis + "))";
    }

    /** The SQL interval from one bucket's start to the next. */
    String interval() {
        return "INTERVAL '1 " + unit + "'";
    }

    /** A bucket's start, as a person reads it on an axis: only as precise as the bucket. */
    public String label(Instant start) {
        return label.format(start);
    }
}
