package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.producer.StopSignal;
import java.time.Duration;
import java.util.List;

/** How records are sent: batches, pacing, retries, progress. Shared by tracks, tickets and bench. */
public record PublishOptions(
        int batchSize,
        long delayMs,
        int retries,
        Duration progressInterval,
        double ratePerSecond,
        Duration commitInterval) {

    public static final PublishOptions DEFAULTS =
            new PublishOptions(1000, 0, 5, Duration.ofSeconds(5), 0, Duration.ofSeconds(1));

    /** The flags every publishing command accepts. */
    public static List<Args.Option> flags() {
        return List.of(
                Args.value(
                        "batch-size",
                        "N",
                        "records sent before each flush; with --delay-ms, before each pause (default 1000)"),
                Args.value("delay-ms", "MS", "pause between batches (default 0)"),
                Args.value(
                        "commit-interval",
                        "DURATION",
                        "a dataset published once is committed (a Kafka transaction, "
                                + "with its progress marker) this often, or every "
                                + TransactionalPublisher.MAX_CHUNK_RECORDS
                                + " records (default 1s)"),
                Args.value(
                        "retries",
                        "N",
                        "retries of a batch (or of a dataset's chunk) that failed with a retriable error, "
                                + "with exponential backoff (default 5)"),
                Args.value("progress-interval", "DURATION", "progress line period when not on a terminal (default 5s)"),
                Args.flag("force", "publish even when the topic already holds this dataset"));
    }

    public static PublishOptions from(Args args, double ratePerSecond) {
        return new PublishOptions(
                args.intValue("batch-size", DEFAULTS.batchSize(), 1, 1_000_000),
                args.longValue("delay-ms", DEFAULTS.delayMs(), 0, 3_600_000),
                args.intValue("retries", DEFAULTS.retries(), 0, 100),
                args.duration("progress-interval", DEFAULTS.progressInterval()),
                ratePerSecond,
                args.duration("commit-interval", DEFAULTS.commitInterval()));
    }

    /**
     * For a run paced by {@code --rate}: waits until record {@code read} is due, counting from
     * {@code startNanos}; false when a stop came meanwhile.
     */
    public boolean awaitTurn(long startNanos, long read, StopSignal stop) {
        long due = startNanos + (long) (read / ratePerSecond * 1e9);
        long wait = due - System.nanoTime();
        return wait <= 0 || !stop.sleep(Duration.ofNanos(wait));
    }
}
