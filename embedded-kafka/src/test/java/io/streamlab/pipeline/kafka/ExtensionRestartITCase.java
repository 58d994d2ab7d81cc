package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KafkaBrokerExtension#restart()}, the way broker-failure tests use it. */
class ExtensionRestartITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void restartKeepsAddressTopicsAndRecords() throws Exception {
        KAFKA.createTopic("survivor", 1);
        String addressBefore = KAFKA.bootstrapServers();
        List<String> expected = new ArrayList<>(TestClients.produce(addressBefore, "survivor", "before", 20));

        KAFKA.restart();

        assertEquals(addressBefore, KAFKA.bootstrapServers());
        expected.addAll(TestClients.produce(KAFKA.bootstrapServers(), "survivor", "after", 20));
        try (KafkaConsumer<String, String> consumer =
                TestClients.consumer(KAFKA.bootstrapServers(), "survivor-reader", Map.of())) {
            consumer.subscribe(List.of("survivor"));
            // one partition: order is part of the guarantee
            assertEquals(expected, TestClients.values(TestClients.pollUntilCount(consumer, 40)));
        }
    }
}
