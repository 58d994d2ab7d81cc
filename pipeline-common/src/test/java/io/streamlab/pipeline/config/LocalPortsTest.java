package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A local run's web UI takes the next free port when the configured one is taken. */
class LocalPortsTest {
    @Test
    void aTakenPortMovesTheWebUiToTheNextFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LocalPorts.free(taken.getLocalPort())).isFalse();
            int port = LocalPorts.firstFreeFrom(taken.getLocalPort()).orElseThrow();
            assertThat(port).isGreaterThan(taken.getLocalPort());
            try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(free.isBound()).as("the port given is free").isTrue();
            }
        }
    }

    @Test
    void aFreePortIsKeptAndZeroPicksAny() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        assertThat(LocalPorts.firstFreeFrom(free)).hasValue(free);
        assertThat(LocalPorts.firstFreeFrom(0).orElseThrow()).isPositive();
    }

    @Test
    void theSearchStopsAtTheLastPortInsteadOfFailingPastIt() throws Exception {
        // before, 65535 taken made the search open port 65536, an IllegalArgumentException and a stack trace
        assumeTrue(LocalPorts.free(65_535), "port 65535 is in use on this machine");
        try (ServerSocket last = new ServerSocket(65_535, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LocalPorts.firstFreeFrom(65_535)).isEmpty();
            assertThat(LocalPorts.noneFree(65_535, "local.web-ui.port"))
                    .isEqualTo("no free port from 65535 to 65535 for the web UI: set local.web-ui.port");
        }
    }
}
