package io.streamlab.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PortInUseITCase {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void portHeldByAnotherProgramFailsWithClearMessage() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            EmbeddedKafkaBroker broker =
                    EmbeddedKafkaBroker.builder().port(port).build();
            Path dataDir = broker.dataDir();
            try (broker) {
                PortInUseException e = assertThrows(PortInUseException.class, broker::start);
                assertEquals(
                        "Port " + port + " is already in use; pass --port or stop the other broker", e.getMessage());
                assertEquals(port, e.port());
                assertFalse(broker.isRunning());
            }
            assertFalse(Files.exists(dataDir), "temporary data dir removed after the failed start");
        }
    }

    @Test
    void portOfARunningBrokerFailsWithClearMessage() {
        int port = KAFKA.broker().port();
        try (EmbeddedKafkaBroker second =
                EmbeddedKafkaBroker.builder().port(port).build()) {
            PortInUseException e = assertThrows(PortInUseException.class, second::start);
            assertEquals("Port " + port + " is already in use; pass --port or stop the other broker", e.getMessage());
        }
    }
}
