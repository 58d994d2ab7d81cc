package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker that stays down past the retries: exit 1, and once it is back the next run resumes, exactly once. */
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
                        "--batch-size",
                        "500",
                        "--delay-ms",
                        "25",
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

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
