package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that goes away and comes back on the same data dir and port keeps its topics and records. */
class BrokerRestartITCase {

    @Test
    void newBrokerOnSameDataDirAndPortKeepsTopicsAndRecords(@TempDir Path dataDir) throws Exception {
        int port;
        String clusterIdBefore;
        List<String> sent;
        try (EmbeddedKafkaBroker first =
                EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build()) {
            first.start();
            port = first.port();
            first.createTopic("durable", 2);
            sent = TestClients.produce(first.bootstrapServers(), "durable", "kept", 50);
            clusterIdBefore = clusterId(first);
        }
        assertTrue(
                Files.exists(dataDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve("meta.properties")),
                "a caller-supplied data dir is kept on close");

        // A fresh object, as after a process restart: same dir and port, any controller port.
        try (EmbeddedKafkaBroker second =
                EmbeddedKafkaBroker.builder().port(port).dataDir(dataDir).build()) {
            second.start();
            assertEquals(clusterIdBefore, clusterId(second), "storage was reused, not reformatted");

            try (Admin admin = Admin.create(second.adminProperties())) {
                TopicDescription topic = admin.describeTopics(Set.of("durable"))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get("durable");
                assertEquals(2, topic.partitions().size());
            }
            try (KafkaConsumer<String, String> consumer =
                    TestClients.consumer(second.bootstrapServers(), "after-restart", Map.of())) {
                consumer.subscribe(List.of("durable"));
                List<String> received = TestClients.values(TestClients.pollUntilCount(consumer, 50));
                assertEquals(Set.copyOf(sent), Set.copyOf(received));
                assertEquals(50, received.size());
            }
        }
    }

    @Test
    void temporaryDataDirIsDeletedOnClose() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        Path dataDir = broker.dataDir();
        try (broker) {
            broker.start();
            assertTrue(Files.isDirectory(broker.logDir()));
        }
        assertFalse(broker.isRunning());
        assertFalse(Files.exists(dataDir), "temporary data dir removed");
    }

    private static String clusterId(EmbeddedKafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(broker.adminProperties())) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }
}
