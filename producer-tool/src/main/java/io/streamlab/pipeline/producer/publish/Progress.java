package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Format;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Progress of a run: on a terminal one line updated in place a few times a second (records, records/s,
 * ETA); otherwise a plain line every {@code interval}. Cheap enough to call for every record.
 */
final class Progress {
    private static final long TERMINAL_REFRESH_NANOS = 250_000_000L;

    private final Console console;
    private final String topic;
    private final long intervalNanos;
    private final long expectedTotal;
    private final DoubleSupplier fraction;
    private final long startNanos = System.nanoTime();
    private long nextNanos;
    private long lastCount;
    private long lastNanos = startNanos;
    private final double doneAtStart;

    /**
     * {@code expectedTotal} &lt;= 0 when unknown; then {@code fraction} (NaN when unknown) gives the ETA.
     * {@link Long#MAX_VALUE} is an endless run: no share done and no ETA.
     */
    Progress(Console console, String topic, Duration interval, long expectedTotal, DoubleSupplier fraction) {
        this.console = console;
        this.topic = topic;
        this.intervalNanos = console.terminal() ? TERMINAL_REFRESH_NANOS : interval.toNanos();
        this.expectedTotal = expectedTotal;
        this.fraction = fraction;
        this.nextNanos = startNanos + intervalNanos;
        // a resumed file has read past what earlier runs published before this run starts: its share done
        // counts that part, which took none of this run's time
        double atStart = expectedTotal > 0 ? 0 : fraction.getAsDouble();
        this.doneAtStart = Double.isNaN(atStart) ? 0 : atStart;
    }

    void update(long sent) {
        long now = System.nanoTime();
        if (now < nextNanos) {
            return;
        }
        nextNanos = now + intervalNanos;
        double elapsed = (now - startNanos) / 1e9;
        double recentRate = (sent - lastCount) / Math.max((now - lastNanos) / 1e9, 1e-3);
        lastCount = sent;
        lastNanos = now;
        boolean endless = expectedTotal == Long.MAX_VALUE;
        double done = endless
                ? Double.NaN
                : expectedTotal > 0 ? Math.min(1.0, (double) sent / expectedTotal) : fraction.getAsDouble();
        StringBuilder line =
                new StringBuilder(topic).append(": ").append(Format.count(sent)).append(" records");
        if (expectedTotal > 0 && !endless) {
            line.append(" of ").append(Format.count(expectedTotal));
        }
        line.append(", ").append(Format.count(Math.round(recentRate))).append(" records/s");
        if (!Double.isNaN(done) && done > 0) {
            line.append(String.format(Locale.ROOT, ", %.0f%%", done * 100));
            if (done < 1.0 && done > doneAtStart) {
                line.append(", ETA ")
                        .append(Format.eta(
                                Duration.ofMillis(Math.round(elapsed * (1 - done) / (done - doneAtStart) * 1000))));
            }
        }
        console.status(line.toString());
    }
}
