package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.ConfigException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The job's start-up check: no broker, no job, and a message that says where it looked and which keys to fix. */
class StartupCheckTest {
    @Test
    void aBrokerNobodyListensAtStopsTheStartWithAMessageNamingTheKeys() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] args = {"--kafka.bootstrap.servers", "localhost:" + port, "--kafka.startup-timeout", "2s"};
        assertThatThrownBy(() -> PipelineJob.startupConfig(args))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot reach Kafka at localhost:" + port)
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("kafka.startup-timeout");
    }

    /** Refused before Kafka is asked (no broker listens here), as a configuration error: one line, exit 2. */
    @Test
    void aSecretFlinkWouldShowIsRefusedBeforeKafkaIsAsked() {
        String[] args = {"--kafka.bootstrap.servers", "localhost:1", "--flink.s3.access-key", "AKIAs3cret"};
        assertThatThrownBy(() -> PipelineJob.startupConfig(args))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flink.s3.access-key is named like a secret")
                .hasMessageNotContaining("AKIAs3cret");
    }
}
