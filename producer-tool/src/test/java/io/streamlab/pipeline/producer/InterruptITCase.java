package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.producer.publish.DatasetRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), stop, "tickets",
                "--continuous", "--rate", "2000", "--batch-size", "100", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--topic.tickets", "continuous-tickets"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "continuous-tickets", 300);
        stop.request();
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().contains("failed 0."), result.toString());
        assertEquals(published(result), Topics.count(KAFKA.bootstrapServers(), "continuous-tickets"),
                "every record counted as published is on the topic");
    }

    @Test
    void aStoppedFiniteRunExits130AndIsNotRecordedAsPublished() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), "stopped-tracks", 3);
        StopSignal stop = new StopSignal();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(Map.of(), stop, "tracks",
                "--synthetic", "5000000", "--batch-size", "500", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(),
                "--topic.tracks", "stopped-tracks"));
        Topics.awaitRecords(KAFKA.bootstrapServers(), "stopped-tracks", 2000);
        stop.request();
        Cli.Result result = run.get(60, TimeUnit.SECONDS);

        assertEquals(130, result.code(), result.toString());
        assertTrue(result.out().contains("Stopped before the end of the input: the dataset is not recorded as published."),
                result.toString());
        long published = published(result);
        assertTrue(published >= 2000 && published < 5_000_000, result.toString());
        assertEquals(published, Topics.count(KAFKA.bootstrapServers(), "stopped-tracks"));
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            if (topics.contains(DatasetRegistry.TOPIC)) {
                assertTrue(Topics.readAll(KAFKA.bootstrapServers(), DatasetRegistry.TOPIC).stream()
                        .noneMatch(r -> r.key().startsWith("stopped-tracks/")), "no marker for an interrupted run");
            }
        }
    }
}
