package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the job logs of its arguments at start-up. */
class PipelineJobTest {
    @Test
    void secretsAreMaskedInEveryFormTheFlagsTakes() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";";
        String[] masked = PipelineJob.maskSecrets(new String[] {
            "--kafka.sasl.jaas.config",
            jaas,
            "--kafka.sasl.jaas.config=" + jaas,
            "--kafka.ssl.truststore.password=hunter2",
            "--kafka.ssl.truststore.password",
            "hunter2",
            "--job.name",
            "x",
            "--output.dir=/data"
        });
        assertThat(Arrays.toString(masked)).doesNotContain("s3cret", "hunter2");
        assertThat(masked)
                .containsExactly(
                        "--kafka.sasl.jaas.config",
                        "******",
                        "--kafka.sasl.jaas.config=******",
                        "--kafka.ssl.truststore.password=******",
                        "--kafka.ssl.truststore.password",
                        "******",
                        "--job.name",
                        "x",
                        "--output.dir=/data");
    }
}
