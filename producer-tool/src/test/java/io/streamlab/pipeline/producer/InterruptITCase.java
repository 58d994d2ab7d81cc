package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.producer.publish.DatasetRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ctrl+C / SIGTERM, as the stop signal the shutdown hook raises: flush, summary, exit code. */
class InterruptITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Pattern PUBLISHED = Pattern.compile("Stopped after publishing ([\\d,]+) records");

    private static long published(Cli.Result result) {
        Matcher m = PUBLISHED.matcher(result.out());
        assertTrue(m.find(), result.toString());
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void continuousTicketsStopCleanlyWithEverythingSentAndExit0() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "continuous-tickets", 3);
        StopSignal stop = new StopSignal();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(
                Map.of(),
                stop,
                "tickets",
                "--continuous",
                "--rate",
                "2000",
                "--batch-size",
                "100",
                "--progress-interval",
                "100ms",
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--topic.tickets",
                "continuous-tickets"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "continuous-tickets", 3000);
        stop.request();
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("failed 0."), result.toString());
        // an endless run has progress lines, but no share done and no ETA
        assertTrue(result.out().contains("continuous-tickets: "), result.toString());
        assertFalse(result.out().contains("ETA") || result.out().contains("%"), result.toString());
        assertEquals(
                published(result),
                Topics.count(KAFKA.bootstrapServers(), "continuous-tickets"),
                "every record counted as published is on the topic");
    }

    @Test
    void aStoppedFiniteRunExits130CommitsWhatItSentAndTheNextRunResumesExactlyOnce() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "stopped-tracks", 3);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        String[] dataset = {
            "tracks",
            "--synthetic",
            "100000",
            "--seed",
            "8",
            "--start-time",
            start.toString(),
            "--kafka.bootstrap.servers",
            KAFKA.bootstrapServers(),
            "--topic.tracks",
            "stopped-tracks"
        };
        String[] slow = Arrays.copyOf(dataset, dataset.length + 4);
        // 20 s at least in all: the stop comes after 2,000 records, whatever the machine's load
        System.arraycopy(new String[] {"--batch-size", "500", "--delay-ms", "100"}, 0, slow, dataset.length, 4);
        StopSignal stop = new StopSignal();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), stop, slow));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "stopped-tracks", 2000);
        stop.request();
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertEquals(130, result.code(), result.toString());
        long published = published(result);
        assertTrue(published >= 2000 && published < 100_000, result.toString());
        assertTrue(
                result.out()
                        .contains("Stopped before the end of the input: " + Format.count(published)
                                + " records of the dataset are committed on stopped-tracks; a next run resumes at record "
                                + Format.count(published) + "."),
                result.toString());
        assertTrue(result.out().contains("failed 0."), result.toString());
        assertEquals(published, Topics.count(KAFKA.bootstrapServers(), "stopped-tracks"));
        DatasetRegistry.Marker marker =
                ExactlyOnce.marker(KAFKA.bootstrapServers(), "stopped-tracks").orElseThrow();
        assertEquals(false, marker.complete());
        assertEquals(published, marker.records());

        Cli.Result again = Cli.run(dataset);
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains(" at record " + Format.count(published) + " of 100,000: "), again.toString());
        ExactlyOnce.assertHoldsTracks(KAFKA.bootstrapServers(), "stopped-tracks", 8, start, 100_000);
    }
}
