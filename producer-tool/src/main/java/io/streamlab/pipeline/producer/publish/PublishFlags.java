package io.streamlab.pipeline.producer.publish;

import io.streamlab.pipeline.cli.Flags;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The flags of every command that publishes a dataset (tracks, tickets): how records are sent. */
public final class PublishFlags {
    private static final PublishOptions DEFAULTS = PublishOptions.DEFAULTS;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private int batchSize = DEFAULTS.batchSize();
    private long delayMs = DEFAULTS.delayMs();
    private Duration commitInterval = DEFAULTS.commitInterval();
    private int retries = DEFAULTS.retries();
    private Duration progressInterval = DEFAULTS.progressInterval();

    @Option(names = "--force", description = "publish even when the topic already holds this dataset")
    private boolean force;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "records sent before each flush; with --delay-ms, before each pause (default 1000)")
    void batchSize(String text) {
        batchSize = Flags.wholeNumber(command, "--batch-size", text, 1, 1_000_000);
    }

    @Option(names = "--delay-ms", paramLabel = "MS", description = "pause between batches (default 0)")
    void delayMs(String text) {
        delayMs = Flags.wholeNumber(command, "--delay-ms", text, 0L, 3_600_000L);
    }

    /** Half the shortest transaction timeout the publisher sets (KafkaClients.transactionTimeout). */
    static final Duration MAX_COMMIT_INTERVAL = Duration.ofSeconds(30);

    @Option(
            names = "--commit-interval",
            paramLabel = "DURATION",
            description = "a dataset published once is committed (a Kafka transaction, with its progress marker) "
                    + "this often, or every " + TransactionalPublisher.MAX_CHUNK_RECORDS + " records (default 1s)")
    void commitInterval(String text) {
        commitInterval = Flags.duration(command, "--commit-interval", text);
        if (commitInterval.compareTo(MAX_COMMIT_INTERVAL) > 0) {
            // a transaction open longer than its timeout (60 s at least) is aborted by the broker, and
            // read_committed readers of the topic wait for it meanwhile
            throw Flags.invalid(command, "--commit-interval", text, "a duration up to 30s");
        }
    }

    @Option(
            names = "--retries",
            paramLabel = "N",
            description = "retries of a batch (or of a dataset's chunk) that failed with a retriable error, "
                    + "with exponential backoff (default 5)")
    void retries(String text) {
        retries = Flags.wholeNumber(command, "--retries", text, 0, 100);
    }

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            description = "progress line period when not on a terminal (default 5s)")
    void progressInterval(String text) {
        progressInterval = Flags.duration(command, "--progress-interval", text);
    }

    public PublishOptions options(double ratePerSecond) {
        return new PublishOptions(batchSize, delayMs, retries, progressInterval, ratePerSecond, commitInterval);
    }

    public boolean force() {
        return force;
    }
}
