package io.streamlab.pipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The commands without a cluster: help, usage and configuration errors, an unreachable cluster. */
class OpsCliTest {
    static final List<String> COMMANDS =
            List.of("jobs", "submit", "savepoint", "stop", "resume", "rescale", "latest-checkpoint", "prune", "local");
    static final String JOB = "0123456789abcdef0123456789abcdef";

    @Test
    void everyCommandHasHelpWithItsExitCodes() {
        Ops top = Ops.run(Map.of(), "--help");
        assertThat(top.exit()).isZero();
        assertThat(top.stdout()).startsWith("Usage: ops ");
        COMMANDS.forEach(c -> assertThat(top.stdout()).as(c).contains("  " + c + " "));

        for (String c : COMMANDS) {
            Ops help = Ops.run(Map.of(), c, "--help");
            assertThat(help.exit()).as(c).isZero();
            assertThat(help.stdout())
                    .as(c)
                    .startsWith(c.equals("local") ? "Usage: ./run-local.sh" : "Usage: ops " + c)
                    .contains("Exit codes: 0 done");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "jobs --bogus",
                "savepoint --job not-a-job-id",
                "stop --now",
                "submit --parallelism zero",
                "submit --parallelism 0",
                "resume",
                "rescale",
                "rescale many",
                "rescale 0",
                "latest-checkpoint --job nope",
                "prune --keep 0",
                "local --tracks x",
                "local --kafka-port 70000"
            })
    void usageErrorsExitWith2AndPointToHelp(String call) {
        String[] args = call.isEmpty() ? new String[0] : call.split(" ");
        Ops r = Ops.run(Ops.env("http://127.0.0.1:" + freePort()), args);
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).as(r.all()).containsAnyOf("--help", "job id");
    }

    /** An unset variable in a script ({@code --jar "$NEW_JAR"}) deployed the default jar; {@code --dir ""}, the cwd. */
    @ParameterizedTest
    @ValueSource(strings = {"submit|--jar", "savepoint|--dir", "stop|--dir"})
    void anEmptyFlagValueIsAUsageError(String commandAndFlag) {
        String[] parts = commandAndFlag.split("\\|");
        Ops r = Ops.run(Ops.env("http://127.0.0.1:" + freePort()), parts[0], parts[1], "");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr())
                .as(r.all())
                .contains("invalid value '' for " + parts[1] + ": expected a non-empty value");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--kafka.sasl.jaas.config|PlainLoginModule required username=\"u\" password=\"s3cret\";",
                "--kafka.ssl.truststore.password=s3cret",
                "--ops.flink-rest|http://admin:s3cret@jm:8081"
            })
    void aConfigurationFlagBeforeTheDashesIsNamedWithoutItsValue(String flag) {
        // picocli's own message listed every unmatched argument: the secret after the flag too
        Ops r = Ops.run(
                Map.of(),
                Stream.concat(Stream.of("jobs"), Stream.of(flag.split("\\|"))).toArray(String[]::new));
        String key = flag.split("[|=]")[0];
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr())
                .as(r.all())
                .startsWith("ops jobs: configuration flag " + key + " goes after '--': ops jobs -- " + key + " VALUE")
                .doesNotContain("s3cret");
    }

    @Test
    void aUrlWithAPasswordIsNotShownInAnError() {
        Ops r = Ops.run(Map.of("OPS_FLINK_REST", "htp://admin:s3cret@jm:8081"), "jobs");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("'htp://******@jm:8081'").doesNotContain("s3cret");
    }

    @Test
    void aUrlWithAPasswordGivenInPlaceOfAValueIsNotShownInTheUsageError() {
        // picocli's own message quotes the value it could not take
        Ops r = Ops.run(Map.of(), "rescale", "http://admin:s3cret@jm:8081");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr()).contains("http://******@jm:8081").doesNotContain("s3cret");
    }

    @Test
    void aFlagMissingItsValueBeforeASecretSaysSoWithoutTheSecret() {
        Ops r = Ops.run(Map.of(), "resume", "--parallelism", "--kafka.ssl.truststore.password=s3cret");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.stderr())
                .contains("--parallelism needs a value, but the next argument is the flag"
                        + " --kafka.ssl.truststore.password")
                .doesNotContain("s3cret");
    }

    @Test
    void aConfigurationErrorNamesTheKeyAndExitsWith2() {
        Ops flag = Ops.run(Map.of(), "jobs", "--", "--topic.partition", "3");
        assertThat(flag.exit()).as(flag.all()).isEqualTo(2);
        assertThat(flag.stderr())
                .isEqualTo("ops jobs: Unknown configuration key 'topic.partition' (from --topic.partition). "
                        + "Did you mean topic.partitions?\n");

        Ops env = Ops.run(Map.of("OPS_FLINK_REST", "jobmanager:8081"), "jobs");
        assertThat(env.exit()).isEqualTo(2);
        assertThat(env.stderr()).contains("'ops.flink-rest' (from env OPS_FLINK_REST)");

        // the README's sample: the local run checks the configuration before it starts anything
        Ops local = Ops.run(Map.of("TOPIC_PARTITIONS", "three"), "local");
        assertThat(local.exit()).as(local.all()).isEqualTo(2);
        assertThat(local.stderr())
                .isEqualTo("ops local: Invalid value 'three' for 'topic.partitions' (from env TOPIC_PARTITIONS):"
                        + " expected a whole number from 1 to 10000\n");

        Ops demo = Ops.run(Map.of("DEMO_TRACKS", "many"), "local");
        assertThat(demo.exit()).as(demo.all()).isEqualTo(2);
        assertThat(demo.stderr()).contains("'many' is not a number (environment variable DEMO_TRACKS)");
    }

    @Test
    void aNegativeCountOfTheLocalRunSaysWhatTheLeastIs() {
        for (String[] call : List.of(
                new String[] {"--tracks", "-5", "0"},
                new String[] {"--tickets", "-1", "0"},
                new String[] {"--live-every", "-1", "0"},
                new String[] {"--kafka-port", "-3", "1"})) {
            Ops r = Ops.run(Map.of(), "local", call[0], call[1]);
            assertThat(r.exit()).as(r.all()).isEqualTo(2);
            assertThat(r.stderr())
                    .as(r.all())
                    .isEqualTo("ops local: invalid value '" + call[1] + "' for " + call[0]
                            + ": expected a whole number of at least " + call[2] + " (see ops local --help)\n");
        }
        Ops env = Ops.run(Map.of("LIVE_EVERY", "-2"), "local");
        assertThat(env.exit()).as(env.all()).isEqualTo(2);
        assertThat(env.stderr())
                .contains(
                        "invalid value '-2' for environment variable LIVE_EVERY: expected a whole number of at least 0");
    }

    @Test
    void anUnreachableClusterIsExit3NamingTheAddress(@TempDir Path dir) throws IOException {
        String rest = "http://127.0.0.1:" + freePort();
        Path jar = Files.createFile(dir.resolve("job.jar"));
        Path snapshot = Files.createDirectories(dir.resolve("savepoint-abcdef-0123"));
        Files.writeString(snapshot.resolve("_metadata"), "x");
        List<List<String>> calls = List.of(
                List.of("jobs"),
                List.of("savepoint"),
                List.of("savepoint", "--job", JOB),
                List.of("stop", "--job", JOB),
                List.of("submit", "--jar", jar.toString()),
                List.of("resume", "--jar", jar.toString(), snapshot.toString()),
                List.of("rescale", "2", "--jar", jar.toString()),
                List.of("prune", "--", "--checkpoint.dir", dir.toString(), "--savepoint.dir", dir.toString()));
        for (List<String> call : calls) {
            Ops r = Ops.run(Ops.env(rest), call.toArray(String[]::new));
            assertThat(r.exit()).as(call + ": " + r.all()).isEqualTo(3);
            assertThat(r.stderr()).as(call + ": " + r.all()).contains("cannot reach Flink at " + rest);
        }
    }

    @Test
    void aMissingJarIsReportedBeforeAnythingElse() {
        Ops r = Ops.run(Ops.env("http://127.0.0.1:" + freePort()), "submit", "--jar", "no/such.jar");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains("no jar at no/such.jar (build it: ./mvnw -B package -DskipTests)");
    }

    @Test
    void anIncompleteSnapshotIsRefusedBeforeAnythingElse(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("job.jar"));
        Ops r = Ops.run(Ops.env("http://127.0.0.1:" + freePort()), "resume", "--jar", jar.toString(), dir.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.stderr()).contains(dir + " is not a complete savepoint or checkpoint (no _metadata in it)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
