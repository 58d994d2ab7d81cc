package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A broker that goes away mid-publish: back before the last retry, the failed chunk is sent again; down
 * past the retries, exit 1, and once it is back the next run resumes; exactly once either way.
 */
class BrokerDownResumeITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void aRunThatFailsAfterItsRetriesIsResumedExactlyOnceWhenTheBrokerIsBack() throws Exception {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        Topics.create(KAFKA.bootstrapServers(), "outage-tracks", 3);
        String[] dataset = {
            "tracks",
            "--synthetic",
            "100000",
            "--seed",
            "4",
            "--start-time",
            start.toString(),
            "--kafka.bootstrap.servers",
            KAFKA.bootstrapServers(),
            "--topic.tracks",
            "outage-tracks"
        };
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(
                Map.of(),
                new StopSignal(),
                concat(
                        dataset,
                        // 10 s at least in all: the broker stops after 3,000 records, long before the end
                        "--batch-size",
                        "500",
                        "--delay-ms",
                        "50",
                        "--retries",
                        "1",
                        "--kafka.startup-timeout",
                        "2s")));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "outage-tracks", 3000);
        KAFKA.broker().stop();
        Cli.Result failed = run.get(120, TimeUnit.SECONDS);

        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err())
                .as(failed.toString())
                .contains("retry 1 of 1 in 500 ms")
                .contains("records could not be published to outage-tracks after 1 retries: TimeoutException");
        assertThat(failed.out())
                .as(failed.toString())
                .contains("FAILED after publishing ")
                .contains("records of the dataset are committed on outage-tracks; a next run resumes at record ");

        Matcher committed =
                Pattern.compile("a next run resumes at record ([\\d,]+)\\.").matcher(failed.out());
        assertThat(committed.find()).as(failed.toString()).isTrue();
        long resumeAt = Long.parseLong(committed.group(1).replace(",", ""));
        assertThat(resumeAt).isBetween(3000L, 99_999L);

        KAFKA.broker().start();
        // the next run fences the failed run's open transaction, reads the marker and resumes where it said
        Cli.Result again = Cli.run(dataset);
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains(" at record " + Format.count(resumeAt) + " of 100,000: ")
                .contains("Published " + Format.count(100_000 - resumeAt) + " records to outage-tracks");
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "outage-tracks", 4, start, 100_000);
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "outage-tracks")
                        .orElseThrow()
                        .complete())
                .isTrue();
    }

    /** A broker that is back before the last retry: the failed chunk is sent again and the run completes. */
    @Test
    void aChunkThatFailsWhileTheBrokerIsDownIsSentAgainOnceItIsBack() throws Exception {
        Instant start = Instant.parse("2025-02-01T00:00:00Z");
        Topics.create(KAFKA.bootstrapServers(), "blip-tracks", 3);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(
                Map.of(),
                new StopSignal(),
                err,
                "tracks",
                "--synthetic",
                "100000",
                "--seed",
                "5",
                "--start-time",
                start.toString(),
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--topic.tracks",
                "blip-tracks",
                "--batch-size",
                "500",
                "--delay-ms",
                "50",
                "--retries",
                "5",
                "--kafka.startup-timeout",
                "2s"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "blip-tracks", 3000);
        KAFKA.broker().stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!err.toString(StandardCharsets.UTF_8).contains("; retry 1 of 5 in 500 ms")) {
            assertThat(System.nanoTime()).as("a retry announced: " + err).isLessThan(deadline);
            assertThat(run).as("the run still going").isNotDone();
            Thread.sleep(100);
        }
        KAFKA.broker().start();
        Cli.Result done = run.get(180, TimeUnit.SECONDS);

        assertThat(done.code()).as(done.toString()).isZero();
        assertThat(done.err()).as(done.toString()).contains("records of a transaction to blip-tracks failed (");
        assertThat(done.out()).as(done.toString()).contains("Published 100,000 records to blip-tracks");
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "blip-tracks", 5, start, 100_000);
        assertThat(ExactlyOnce.marker(KAFKA.bootstrapServers(), "blip-tracks")
                        .orElseThrow()
                        .complete())
                .isTrue();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
