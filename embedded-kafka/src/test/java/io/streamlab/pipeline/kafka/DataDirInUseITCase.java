package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka's controller part opens the metadata log before its broker part locks the log dir, so
 * without a lock of our own a second broker would write into a running broker's metadata log.
 */
class DataDirInUseITCase {

    @Test
    void secondBrokerOnABusyDataDirIsRefusedAndTheFirstKeepsWorking(@TempDir Path dataDir) throws Exception {
        try (EmbeddedKafkaBroker first =
                EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build()) {
            first.start();
            first.createTopic("owned", 1);

            try (EmbeddedKafkaBroker second =
                    EmbeddedKafkaBroker.builder().port(0).dataDir(dataDir).build()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
                assertEquals(
                        "Data directory " + dataDir.toAbsolutePath().normalize()
                                + " is in use by another Kafka broker; stop it or use another data directory",
                        e.getMessage());
            }

            List<String> sent = TestClients.produce(first.bootstrapServers(), "owned", "still-fine", 10);
            try (KafkaConsumer<String, String> consumer =
                    TestClients.consumer(first.bootstrapServers(), "owned-reader", Map.of())) {
                consumer.subscribe(List.of("owned"));
                assertEquals(sent, TestClients.values(TestClients.pollUntilCount(consumer, 10)));
            }
        }
    }
}
