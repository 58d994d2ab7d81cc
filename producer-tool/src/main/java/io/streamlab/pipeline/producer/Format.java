package io.streamlab.pipeline.producer;

import java.time.Duration;
import java.util.Locale;

/** Numbers and durations the way the tool prints them: 12,345 records, 1.8 s, 2 min 05 s. */
public final class Format {
    private Format() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    public static String rate(long records, Duration d) {
        double secs = Math.max(d.toNanos() / 1e9, 1e-3);
        return count(Math.round(records / secs)) + " records/s";
    }

    /** A remaining time: 42 s, 3 min 05 s, 1 h 02 min. */
    public static String eta(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** A configuration-style duration: 7d, 2h, 5min, 30s, 500ms. */
    public static String configDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "min";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
