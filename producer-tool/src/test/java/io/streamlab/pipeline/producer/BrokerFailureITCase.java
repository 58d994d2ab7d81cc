package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker that goes away while tracks are published: a short outage is ridden out, a long one reported. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailureITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    @Order(1)
    void aBrokerRestartDuringTheRunLosesAndDuplicatesNothing() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "restart-tracks", 3);
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(
                Map.of(),
                new StopSignal(),
                "tracks",
                "--synthetic",
                "300000",
                "--batch-size",
                "500",
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--topic.tracks",
                "restart-tracks"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "restart-tracks", 1000);
        KAFKA.restart();
        Cli.Result result = run.get(120, TimeUnit.SECONDS);

        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("Published 300,000 records to restart-tracks"), result.toString());
        assertEquals(300_000, Topics.count(KAFKA.bootstrapServers(), "restart-tracks"), "idempotent: no duplicates");
    }

    @Test
    @Order(2)
    void aBrokerThatStaysDownEndsTheRunWithAClearErrorAfterTheRetries() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "lost-tracks", 3);
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(
                Map.of(),
                new StopSignal(),
                "tracks",
                "--synthetic",
                "5000000",
                "--batch-size",
                "500",
                "--retries",
                "1",
                "--kafka.startup-timeout",
                "2s",
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--topic.tracks",
                "lost-tracks"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "lost-tracks", 1000);
        KAFKA.broker().stop();
        Cli.Result result = run.get(120, TimeUnit.SECONDS);

        assertEquals(1, result.code(), result.toString());
        assertTrue(result.out().contains("FAILED after publishing "), result.toString());
        assertTrue(result.err().contains("retry 1 of 1 in 500 ms"), result.toString());
        assertTrue(
                result.err()
                        .lines()
                        .anyMatch(
                                l -> l.startsWith("ERROR producer-tool tracks: ")
                                        && l.contains(
                                                "records could not be published to lost-tracks after 1 retries: TimeoutException")),
                result.toString());
    }
}
