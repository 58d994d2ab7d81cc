package io.streamlab.pipeline.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole local run (broker, producer-tool, the job, the insights) given Kafka secrets in every form the
 * configuration takes: a flag with its value apart, a {@code --key=value} flag, an environment variable
 * and the configuration file. Not one of them appears in anything the run prints or in any file of its
 * local folder (logs, rotated logs, broker data), while the job's own log shows the flags it got, masked.
 * A mistyped secret key is refused without echoing its value.
 */
class SecretsNeverLoggedITCase {
    private static final String IN_FLAG = "flag-secret-7d1e";
    private static final String AFTER_EQUALS = "equals-secret-93ab";
    private static final String IN_ENV = "env-secret-55c0";
    private static final String IN_FILE = "file-secret-c2f8";
    private static final List<String> SECRETS = List.of(IN_FLAG, AFTER_EQUALS, IN_ENV, IN_FILE);

    @TempDir
    Path work;

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"pipeline\" password=\""
                + password + "\";";
    }

    @Test
    void noSecretReachesALogLineInAnyFormItIsGiven() throws IOException {
        Path file = Files.writeString(
                work.resolve("secrets.properties"),
                "kafka.ssl.truststore.password = " + IN_FILE + "\nflink.s3.secret-key = " + IN_FILE + "\n");
        Path local = work.resolve("local");
        List<String> args = new ArrayList<>(List.of(
                "local",
                "--bounded",
                "--kafka-port",
                Integer.toString(Repository.freePortPair()),
                "--tracks",
                "200",
                "--tickets",
                "40",
                "--live-every",
                "0",
                "--",
                "--config",
                file.toString(),
                "--kafka.sasl.jaas.config",
                jaas(IN_FLAG),
                "--kafka.ssl.truststore.password=" + AFTER_EQUALS,
                "--output.dir",
                work.resolve("output").toString(),
                "--checkpoint.dir",
                work.resolve("checkpoints").toString(),
                "--savepoint.dir",
                work.resolve("savepoints").toString(),
                "--local.dir",
                local.toString(),
                "--local.web-ui.port",
                Integer.toString(Repository.freePort()),
                "--job.parallelism",
                "1"));
        Repository.Result run =
                OpsRun.jar(work, Map.of("KAFKA_SASL_JAAS_CONFIG", jaas(IN_ENV)), Duration.ofMinutes(6), args);
        assertThat(run.exit()).as(run.all()).isZero();

        StringBuilder everything = new StringBuilder(run.stdout()).append(run.stderr());
        try (Stream<Path> files = Files.walk(local)) {
            // every file, logs, rotated logs and the broker's data alike, as bytes: a secret is ASCII
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = f.toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(f)).readAllBytes()
                        : Files.readAllBytes(f);
                everything.append(new String(bytes, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(everything.toString())
                .as("what the run printed and every file of its local folder")
                .doesNotContain(SECRETS)
                // the job got the flags, and logged them masked
                .contains("--kafka.sasl.jaas.config, ******", "--kafka.ssl.truststore.password=******");

        Repository.Result typo = Repository.run(
                work,
                Map.of(),
                Duration.ofMinutes(1),
                List.of(
                        Repository.java(),
                        "-jar",
                        Repository.root()
                                .resolve(Repository.builtJar("producer-tool"))
                                .toString(),
                        "topics",
                        "--kafka.sasl.jaas.confg=" + jaas(AFTER_EQUALS)));
        assertThat(typo.exit()).as(typo.all()).isEqualTo(2);
        assertThat(typo.stderr()).contains("kafka.sasl.jaas.confg").doesNotContain(AFTER_EQUALS);
    }
}
