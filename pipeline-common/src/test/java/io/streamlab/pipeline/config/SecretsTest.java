package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values never reach a log line or an error message, in whichever form they are given. */
class SecretsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";";

    @TempDir
    Path dir;

    @Test
    void argumentsForALogLineMaskSecretsGivenAsSeparateValuesOrAfterAnEqualsSign() {
        List<String> masked = RawConfig.maskedArgs(new String[] {
            "--kafka.sasl.jaas.config",
            JAAS,
            "--kafka.sasl.jaas.config=" + JAAS,
            "--kafka.ssl.truststore.password=hunter2",
            "--kafka.ssl.truststore.password",
            "hunter2",
            "--flink.s3.secret-key=AKIA",
            "--job.name",
            "x",
            "--output.dir=/data"
        });
        assertThat(String.join(" ", masked)).doesNotContain("s3cret", "hunter2", "AKIA");
        assertThat(masked)
                .containsExactly(
                        "--kafka.sasl.jaas.config",
                        "******",
                        "--kafka.sasl.jaas.config=******",
                        "--kafka.ssl.truststore.password=******",
                        "--kafka.ssl.truststore.password",
                        "******",
                        "--flink.s3.secret-key=******",
                        "--job.name",
                        "x",
                        "--output.dir=/data");
    }

    @Test
    void theEffectiveConfigurationMasksSecretsFromTheEnvironmentTheFileAndTheFlags() throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "kafka.ssl.truststore.password = f1le\n");
        RawConfig raw = RawConfig.load(
                List.of("--config", file.toString(), "--flink.fs.azure.account.key", "fl4g"),
                Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS));
        assertThat(raw.describe())
                .contains("kafka.sasl.jaas.config", "kafka.ssl.truststore.password", "******")
                .doesNotContain("s3cret", "f1le", "fl4g");
    }

    @Test
    void theKafkaSettingsPrintWithoutTheirSecrets() {
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--kafka.security.protocol",
                        "SASL_SSL",
                        "--kafka.sasl.mechanism",
                        "PLAIN",
                        "--kafka.ssl.truststore.password=hunter2"),
                Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS));
        assertThat(config.kafka().securityProperties()).containsEntry("sasl.jaas.config", JAAS);
        assertThat(config.kafka().toString()).contains("SASL_SSL").doesNotContain("s3cret", "hunter2");
        assertThat(config.toString()).doesNotContain("s3cret", "hunter2");

        PipelineConfig withFlinkSecrets = PipelineConfig.load(
                List.of(
                        "--flink.s3.secret-key",
                        "AKIAs3cret",
                        "--flink.fs.gs.auth.service.account.private.key",
                        "PRIVs3cret",
                        "--ops.flink-rest",
                        "http://admin:s3cret@jm:8081"),
                Map.of());
        assertThat(withFlinkSecrets.toString())
                .doesNotContain("s3cret")
                .contains("s3.secret-key=" + RawConfig.MASK)
                .contains("http://" + RawConfig.MASK + "@jm:8081");
    }

    /** Kafka's clients take host:port only: a password put in the address is refused, and not shown. */
    @Test
    void aBrokerAddressWithAUserOrPasswordIsRefusedWithoutShowingIt() {
        for (String servers :
                List.of("SASL_SSL://alice:s3cret@broker:9093", "alice:s3cret@broker:9093", "b:1,u:s3cret@b2")) {
            assertThatThrownBy(() -> PipelineConfig.load(List.of("--kafka.bootstrap.servers", servers), Map.of()))
                    .as(servers)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value for 'kafka.bootstrap.servers' (from --kafka.bootstrap.servers): a broker"
                            + " address with a user or password in it (Kafka's clients take host:port only); give"
                            + " credentials with kafka.sasl.jaas.config");
        }
    }

    @Test
    void aJaasConfigurationKafkaCannotReadIsRefusedWithoutAWordOfIt() {
        for (String jaas : List.of(
                "garbage S3CRETjaas",
                "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"S3CRET\"",
                "org.apache.kafka.common.security.plain.PlainLoginModule S3CRETflag password=\"x\";",
                "a.B required p=\"S3CRET1\"; c.D required q=\"S3CRET2\";")) {
            for (Map<String, String> env : List.of(Map.of("KAFKA_SASL_JAAS_CONFIG", jaas), Map.<String, String>of())) {
                List<String> flags = new java.util.ArrayList<>(
                        List.of("--kafka.security.protocol", "SASL_PLAINTEXT", "--kafka.sasl.mechanism", "PLAIN"));
                if (env.isEmpty()) {
                    flags.addAll(List.of("--kafka.sasl.jaas.config", jaas));
                }
                assertThatThrownBy(() -> PipelineConfig.load(flags, env))
                        .as(jaas)
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("kafka.sasl.jaas.config is not a valid JAAS configuration")
                        .hasMessageNotContaining("S3CRET")
                        .hasMessageNotContaining("garbage");
            }
        }
        assertThat(PipelineConfig.load(
                                List.of("--kafka.security.protocol", "SASL_SSL", "--kafka.sasl.mechanism", "PLAIN"),
                                Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS))
                        .kafka()
                        .securityProperties())
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void aClientLibrarysMessageIsScrubbedOfEveryWordOfASecret() {
        Map<String, String> settings = Map.of(
                "sasl.jaas.config",
                "garbage S3CRETjaas",
                "ssl.truststore.password",
                "hunter2",
                "security.protocol",
                "SSL");
        assertThat(RawConfig.scrub(
                        "Invalid login module control flag 'S3CRETjaas' in JAAS config; password hunter2; protocol SSL",
                        settings))
                .isEqualTo("Invalid login module control flag '******' in JAAS config; password ******; protocol SSL");
        assertThat(RawConfig.scrub(
                        "Invalid username or password for org.apache.kafka.common.security.plain.PlainLoginModule (alice)",
                        Map.of("sasl.jaas.config", JAAS.replace("password=", "username=\"alice\" password="))))
                .isEqualTo(
                        "Invalid username or password for org.apache.kafka.common.security.plain.PlainLoginModule (******)");
    }

    @Test
    void aTrustStoreKafkaCannotReadIsNamedAndItsPasswordIsNot() {
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--kafka.bootstrap.servers", "localhost:1",
                        "--kafka.security.protocol", "SSL",
                        "--kafka.ssl.truststore.location",
                                dir.resolve("missing.jks").toString(),
                        "--kafka.ssl.truststore.password", "hunter2"),
                Map.of());
        assertThatThrownBy(() -> KafkaReachability.await(config.kafka()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot create a Kafka client for localhost:1: ")
                .hasMessageContaining("missing.jks")
                .hasMessageContaining("kafka.ssl.*")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void secretKeysAreRecognisedByName() {
        assertThat(RawConfig.isSecret("kafka.ssl.truststore.password")).isTrue();
        assertThat(RawConfig.isSecret("kafka.sasl.jaas.config")).isTrue();
        assertThat(RawConfig.isSecret("flink.s3.access-token")).isTrue();
        assertThat(RawConfig.isSecret("kafka.bootstrap.servers")).isFalse();
        assertThat(RawConfig.isSecret("window.tracks.size")).isFalse();
    }

    @Test
    void aPasswordInAUrlIsMaskedWhateverKeyHoldsIt() {
        assertThat(RawConfig.withoutCredentials("http://admin:s3cret@jm:8081/jobs"))
                .isEqualTo("http://******@jm:8081/jobs");
        assertThat(RawConfig.withoutCredentials("see HTTPS://u:p%40ss@h and ftp://x@y, not a@b.c"))
                .isEqualTo("see HTTPS://******@h and ftp://******@y, not a@b.c");
        // a password with an '@' or a '/' (which a URL should encode): rather too much masked than a password shown
        assertThat(RawConfig.withoutCredentials("http://admin:p@ss@jm:8081 http://admin:pa/ss@jm:8081"))
                .isEqualTo("http://******@jm:8081 http://******@jm:8081");
        assertThat(RawConfig.withoutCredentials("SASL_SSL://broker:9093 user@example.org"))
                .isEqualTo("SASL_SSL://broker:9093 user@example.org");
        assertThat(String.join(" ", RawConfig.maskedArgs(new String[] {
                    "--ops.flink-rest", "http://admin:s3cret@jm:8081", "--ops.flink-rest=http://admin:s3cret@jm"
                })))
                .doesNotContain("s3cret")
                .contains("http://******@jm:8081");

        // the effective configuration in the log, and the message about a bad value, from an environment variable
        RawConfig raw = RawConfig.load(List.of("--ops.flink-rest", "http://admin:s3cret@jm:8081"), Map.of());
        assertThat(raw.describe()).contains("http://******@jm:8081").doesNotContain("s3cret");
        assertThatThrownBy(() -> PipelineConfig.load(List.of(), Map.of("OPS_FLINK_REST", "htp://admin:s3cret@jm:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'htp://******@jm:8081'")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aBackslashEscapeInAConfigFileNamesTheLineAndKeyButNotTheValue() throws Exception {
        // a Windows path: Properties stops at the backslash-u of the folder name, with no line or key
        Path file = Files.writeString(
                dir.resolve("win.properties"),
                "# C:\\users in a comment is not read\njob.name = C:\\\\users\n"
                        + "kafka.ssl.truststore.password = s3cret\\usb\nkafka.ssl.truststore.location = C:\\users\\me\n");
        assertThatThrownBy(() -> PipelineConfig.load(List.of("--config", file.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("win.properties: line 3 (kafka.ssl.truststore.password)")
                .hasMessageContaining("double each backslash")
                .hasMessageNotContaining("s3cret");
    }

    /** A JAAS configuration written over lines without backslashes: its next lines read as keys. */
    @Test
    void aValueGoingOnOverLinesInAConfigFileIsNamedByLineWithoutShowingIt() throws Exception {
        for (String rest : List.of("  password=\"s3cret\";\n", "  s3cret;\n")) {
            Path file = Files.writeString(
                    dir.resolve("jaas.properties"),
                    "kafka.security.protocol = SASL_SSL\n"
                            + "kafka.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                            + rest);
            assertThatThrownBy(() -> PipelineConfig.load(List.of("--config", file.toString()), Map.of()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("jaas.properties, line 3, is not a 'key = value' line")
                    .hasMessageContaining("a backslash at the end of each line but the last")
                    .hasMessageNotContaining("s3cret")
                    .hasMessageNotContaining("password");
        }
    }
}
