package io.streamlab.pipeline.ops.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The local run's web UI takes the next free port when the configured one is taken. */
class WebUiPortTest {
    @Test
    void aTakenPortMovesTheWebUiToTheNextFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = LocalRun.freePortFrom(taken.getLocalPort());
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
        assertThat(LocalRun.freePortFrom(free)).isEqualTo(free);
        assertThat(LocalRun.freePortFrom(0)).isPositive();
    }
}
