package io.streamlab.pipeline.producer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop (Ctrl+C, SIGTERM, or a test): long-running commands poll {@link #requested()} between
 * records, or block in {@link #await()}, then finish cleanly (flush, summary) instead of dying mid-batch.
 */
public final class StopSignal {
    private final CountDownLatch latch = new CountDownLatch(1);

    public void request() {
        latch.countDown();
    }

    public boolean requested() {
        return latch.getCount() == 0;
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        latch.await();
    }

    /** Sleeps for {@code duration} unless a stop is requested first; returns true when stopped. */
    public boolean sleep(Duration duration) {
        try {
            return latch.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
