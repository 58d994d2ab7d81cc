package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    private static void awaitRecords(String topic, long n) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                    new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (seen < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + seen + " records on " + topic + " after 60 s");
                }
                seen += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
    }

    @Test
    @Order(1)
    void aBrokerRestartDuringTheRunLosesAndDuplicatesNothing() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "restart-tracks", 3);
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), new StopSignal(), "tracks",
                "--synthetic", "300000", "--batch-size", "500", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--topic.tracks", "restart-tracks"));
        awaitRecords("restart-tracks", 1000);
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
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), new StopSignal(), "tracks",
                "--synthetic", "5000000", "--batch-size", "500", "--retries", "1", "--kafka.startup-timeout", "2s",
                "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), "--topic.tracks", "lost-tracks"));
        awaitRecords("lost-tracks", 1000);
        KAFKA.broker().stop();
        Cli.Result result = run.get(120, TimeUnit.SECONDS);

        assertEquals(1, result.code(), result.toString());
        assertTrue(result.out().contains("FAILED after publishing "), result.toString());
        assertTrue(result.err().contains("retry 1 of 1 in 500 ms"), result.toString());
        assertTrue(result.err().lines().anyMatch(l -> l.startsWith("ERROR producer-tool tracks: ")
                && l.contains("records could not be published to lost-tracks after 1 retries: TimeoutException")), result.toString());
    }
}
