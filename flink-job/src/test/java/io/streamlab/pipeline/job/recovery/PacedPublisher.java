package io.streamlab.pipeline.job.recovery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes batches in the background, one every {@code pause}, so that a test can fail something while
 * records are flowing: the failure then hits records consumed after the last checkpoint (an open Kafka
 * transaction, an in-progress part file), not an idle job.
 */
final class PacedPublisher {
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    PacedPublisher(RecoveryScenario scenario, List<RecoveryScenario.Batch> batches, Duration pause) {
        thread = new Thread(
                () -> {
                    try {
                        for (RecoveryScenario.Batch batch : batches) {
                            scenario.publish(batch);
                            sent.incrementAndGet();
                            Thread.sleep(pause.toMillis());
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "paced-publisher-" + scenario.name);
        thread.setDaemon(true);
        thread.start();
    }

    int sent() {
        return sent.get();
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Waits until every batch is published; rethrows what went wrong in the publisher. */
    void join() throws InterruptedException {
        thread.join(TimeUnit.MINUTES.toMillis(2));
        if (thread.isAlive()) {
            throw new AssertionError("The publisher did not finish within 2 minutes");
        }
        if (failure.get() != null) {
            throw new AssertionError("Publishing failed", failure.get());
        }
    }
}
