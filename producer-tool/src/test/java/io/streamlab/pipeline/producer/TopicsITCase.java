package io.streamlab.pipeline.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final List<String> CONTRACT_TOPICS = List.of(
            "spotify-tracks",
            "client_tickets",
            "tickets_equipe_incident",
            "tickets_equipe_support_general",
            "tickets_equipe_produit",
            "pipeline-dead-letters");

    @Test
    @Order(1)
    void createsTheContractTopicsOnceThenFindsThemThere() throws Exception {
        Cli.Result first =
                Cli.run("topics", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), "--topic.retention", "2d");
        assertEquals(0, first.code(), first.toString());
        for (String topic : CONTRACT_TOPICS) {
            assertTrue(
                    first.out().lines().anyMatch(l -> l.startsWith("created") && l.contains(topic)), first.toString());
        }
        assertTrue(first.out().contains("6 created, 0 already existed."), first.toString());

        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(CONTRACT_TOPICS).allTopicNames().get();
            assertEquals(
                    CONTRACT_TOPICS.stream()
                            .collect(Collectors.toMap(t -> t, t -> t.equals("pipeline-dead-letters") ? 1 : 3)),
                    topics.values().stream()
                            .collect(Collectors.toMap(
                                    TopicDescription::name, d -> d.partitions().size())));
            ConfigResource tracks = new ConfigResource(ConfigResource.Type.TOPIC, "spotify-tracks");
            Config config = admin.describeConfigs(Set.of(tracks)).all().get().get(tracks);
            assertEquals(
                    Long.toString(2 * 86_400_000L), config.get("retention.ms").value());
            assertEquals(
                    TopicSettings.forCreation(PipelineConfig.load(List.of(), Map.of()))
                            .get("max.message.bytes"),
                    config.get("max.message.bytes").value(),
                    "the largest record the job accepts or writes");
        }

        Cli.Result second =
                Cli.run("topics", "--kafka.bootstrap.servers", KAFKA.bootstrapServers(), "--topic.partitions", "4");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("0 created, 6 already existed."), second.toString());
        assertTrue(second.out().lines().noneMatch(l -> l.startsWith("created")), second.toString());
        assertTrue(
                second.err().contains("WARN  spotify-tracks has 3 partitions but the configuration asks for 4"),
                second.toString());
        assertTrue(
                !second.err().contains("pipeline-dead-letters"),
                "the dead-letter topic has 1 partition anyway: " + second);
    }

    @Test
    @Order(2)
    void teamTopicsComeFromTheConfiguration() {
        Cli.Result result = Cli.run(
                "topics",
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--teams",
                "incident,support_general,produit,billing",
                "--team.billing.topic",
                "tickets_equipe_billing");
        assertEquals(0, result.code(), result.toString());
        assertTrue(
                result.out().lines().anyMatch(l -> l.startsWith("created") && l.contains("tickets_equipe_billing")),
                result.toString());
        assertTrue(result.out().contains("1 created, 6 already existed."), result.toString());
    }

    @Test
    @Order(3)
    void aTopicThatTakesSmallerRecordsThanTheLimitsAllowIsRefusedBeforePublishing() throws Exception {
        // created elsewhere, with a smaller max.message.bytes: the first record above it used to stop the
        // publish, at the same record on every re-run
        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic("small-input", 1, (short) 1).configs(Map.of("max.message.bytes", "100000"))))
                    .all()
                    .get();
        }
        String[] publish = {
            "tracks",
            "--synthetic",
            "10",
            "--topic.tracks",
            "small-input",
            "--kafka.bootstrap.servers",
            KAFKA.bootstrapServers()
        };
        Cli.Result refused = Cli.run(publish);
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(
                refused.err()
                        .contains("Topic small-input takes records of at most 100000 bytes (its max.message.bytes),"
                                + " below limits.record.max-bytes (1048576): the publish would stop at the first"
                                + " larger record, and at the same record on every re-run. Raise the topic's"
                                + " max.message.bytes to 1048576 or more (kafka-configs.sh --alter --entity-type"
                                + " topics --entity-name small-input --add-config max.message.bytes=1048576), or"
                                + " lower limits.record.max-bytes"),
                refused.toString());
        assertEquals(0L, Topics.count(KAFKA.bootstrapServers(), "small-input"));

        Cli.Result within =
                Cli.run(Stream.concat(Arrays.stream(publish), Stream.of("--limits.record.max-bytes", "100000"))
                        .toArray(String[]::new));
        assertEquals(0, within.code(), within.toString());
        assertEquals(10L, Topics.count(KAFKA.bootstrapServers(), "small-input"));
    }

    /**
     * The README's {@code producer-tool bench}, small: it publishes to topics of its own, prints a rate per
     * input and in all, and deletes its topics.
     */
    @Test
    @Order(4)
    void theBenchPublishesToTopicsOfItsOwnPrintsItsRatesAndDeletesItsTopics() {
        Cli.Result bench = Cli.run(
                "bench",
                "--kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "--tracks",
                "2000",
                "--tickets",
                "1000",
                "--tracks-topic",
                "bench-tracks-test",
                "--tickets-topic",
                "bench-tickets-test");
        assertEquals(0, bench.code(), bench.toString());
        assertTrue(
                bench.out().matches("(?s).*tracks +2,000 records in .*: [\\d,]+(\\.\\d+)? ?records/s.*"), bench.out());
        assertTrue(bench.out().matches("(?s).*tickets +1,000 records in .*records/s.*"), bench.out());
        assertTrue(bench.out().matches("(?s).*total +3,000 records in .*records/s.*"), bench.out());
        assertTrue(
                !Topics.exists(KAFKA.bootstrapServers(), "bench-tracks-test")
                        && !Topics.exists(KAFKA.bootstrapServers(), "bench-tickets-test"),
                "the bench's topics are deleted");
    }
}
