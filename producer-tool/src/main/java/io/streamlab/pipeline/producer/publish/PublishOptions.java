package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.producer.StopSignal;
import java.time.Duration;

/**
 * How records are sent: batches, pacing, retries, progress. Shared by tracks, tickets and bench; set
 * from the command line by {@link PublishFlags}.
 */
public record PublishOptions(
        int batchSize,
        long delayMs,
        int retries,
        Duration progressInterval,
        double ratePerSecond,
        Duration commitInterval) {

    public static final PublishOptions DEFAULTS =
            new PublishOptions(1000, 0, 5, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));

    /**
     * For a run paced by {@code --rate}: waits until record {@code read} is due, counting from
     * {@code startNanos}; false when a stop came meanwhile.
     */
    public boolean awaitTurn(long startNanos, long read, StopSignal stop) {
        long wait = nanosUntilTurn(startNanos, read);
        return wait <= 0 || !stop.sleep(Duration.ofNanos(wait));
    }

    /** How long until the record after {@code read} may be sent at {@code ratePerSecond}; 0 or less: now. */
    public long nanosUntilTurn(long startNanos, long read) {
        return startNanos + (long) (read / ratePerSecond * 1e9) - System.nanoTime();
    }
}
