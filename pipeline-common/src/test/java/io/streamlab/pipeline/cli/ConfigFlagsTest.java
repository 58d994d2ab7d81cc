package io.streamlab.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Configuration keys as flags, through a tool with one command that takes them and one that does not. */
class ConfigFlagsTest {

    @Command(
            name = "probe",
            subcommands = {Probe.Publish.class, Probe.Serve.class})
    static final class Probe implements Callable<Integer> {
        List<String> configArgs;
        PipelineConfig config;

        @Override
        public Integer call() {
            return 0;
        }

        @Command(name = "publish", description = "takes the configuration")
        static final class Publish implements Callable<Integer> {
            @ParentCommand
            Probe probe;

            @Mixin
            ConfigFlags configFlags;

            @Option(names = "--force", description = "a flag of its own")
            boolean force;

            @Override
            public Integer call() {
                probe.configArgs = configFlags.args();
                probe.config = configFlags.load(Map.of());
                return 0;
            }
        }

        @Command(name = "serve", description = "takes no configuration")
        static final class Serve implements Callable<Integer> {
            @Option(names = "--port", paramLabel = "PORT", description = "a flag of its own")
            int port;

            @Override
            public Integer call() {
                return 0;
            }
        }
    }

    private final Probe probe = new Probe();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        return ToolCommandLine.execute(
                ToolCommandLine.create(
                        probe,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        errors,
                        line -> errors.println("ERROR " + line),
                        (e, commandLine, parsed) -> {
                            throw e;
                        }),
                args);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void knownKeysAreHandedOnInOrderWithTheirValues() {
        int code = run(
                "publish",
                "--kafka.bootstrap.servers",
                "broker:9092",
                "--force",
                "--topic.partitions=6",
                "--teams",
                "incident,support_general,produit,billing",
                "--team.billing.topic",
                "billing",
                "--routing.type.refund",
                "billing",
                "--flink.parallelism.default",
                "2");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(probe.configArgs)
                .containsExactly(
                        "--kafka.bootstrap.servers",
                        "broker:9092",
                        "--topic.partitions",
                        "6",
                        "--teams",
                        "incident,support_general,produit,billing",
                        "--team.billing.topic",
                        "billing",
                        "--routing.type.refund",
                        "billing",
                        "--flink.parallelism.default",
                        "2");
        assertThat(probe.config.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(probe.config.topics().partitions()).isEqualTo(6);
        assertThat(probe.config.routing().teamTopics()).containsEntry("billing", "billing");
    }

    @Test
    void anUnknownKeyIsAnUnknownFlagWithTheClosestKey() {
        assertThat(run("publish", "--topic.partition", "6")).isEqualTo(2);
        assertThat(errLines())
                .containsExactly(
                        "ERROR probe publish: unknown flag --topic.partition for 'probe publish'. "
                                + "Did you mean --topic.partitions?",
                        "Usage: probe publish [OPTIONS]   (probe publish --help for more)");
        assertThat(probe.configArgs).isNull();
    }

    /** A secret the shell split into words: the words after the first are not shown. */
    @Test
    void anArgumentAfterASecretValueIsNotShown() {
        assertThat(run("publish", "--kafka.ssl.truststore.password", "hunter", "two"))
                .isEqualTo(2);
        assertThat(errLines().get(0))
                .isEqualTo("ERROR probe publish: unexpected argument after the value of"
                        + " --kafka.ssl.truststore.password (a value with spaces must be quoted) (flags are written"
                        + " --name value)");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("hunter", "two");
        for (String[] split : List.of(
                new String[] {"publish", "--kafka.ssl.truststore.password=hunter", "two"},
                new String[] {"publish", "--kafka.ssl.truststore.password", "-hunter", "two"},
                new String[] {"publish", "--force", "--kafka.ssl.truststore.password", "hunter", "two", "--force"})) {
            err.reset();
            assertThat(run(split)).isEqualTo(2);
            assertThat(errLines().get(0)).as(String.join(" ", split)).contains("after the value of");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("hunter", "two");
        }

        err.reset();
        assertThat(run("publish", "--force", "extra")).isEqualTo(2);
        assertThat(errLines().get(0)).endsWith("unexpected argument 'extra' (flags are written --name value)");
    }

    /**
     * A flag whose value is missing ({@code --port $UNSET}) is followed by the next flag, a secret's
     * perhaps: picocli took that flag as the value, and the error about the value quoted the secret.
     */
    @Test
    void aFlagFollowedByAnotherFlagNeedsAValueAndTheOtherFlagsValueIsNotShown() {
        for (String[] missing : List.of(
                new String[] {"serve", "--port", "--kafka.ssl.truststore.password=hunter2"},
                new String[] {"serve", "--port", "--kafka.ssl.truststore.password", "hunter2"},
                new String[] {"serve", "--port", "--kafka.sasl.jaas.config", "x password=hunter2;"})) {
            err.reset();
            assertThat(run(missing)).as(String.join(" ", missing)).isEqualTo(2);
            assertThat(errLines().get(0))
                    .startsWith("ERROR probe serve: --port needs a value, but the next argument is the flag --kafka.");
            assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("hunter2");
        }
        err.reset();
        assertThat(run("serve", "--port", "8080"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(run("serve", "--port", "-1"))
                .as("a value starting with one dash is a value")
                .isZero();
    }

    /** A value that starts like a short option is still the key's value, not a request for help. */
    @Test
    void aValueStartingWithADashHIsTheValueNotHelp() {
        assertThat(run("publish", "--kafka.ssl.truststore.password", "-hunter2", "--job.name", "-Vendor"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Usage");
        assertThat(probe.config.job().name()).isEqualTo("-Vendor");
        // exactly a flag of the tool: still the value
        assertThat(run("publish", "--kafka.ssl.truststore.password", "-h", "--job.name", "-V"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Usage");
        assertThat(probe.config.job().name()).isEqualTo("-V");
        assertThat(probe.configArgs).containsSubsequence("--kafka.ssl.truststore.password", "-h");
        // a value that starts with -- is written joined, and handed on so that the configuration takes it
        assertThat(run("publish", "--job.name=--odd", "--kafka.ssl.truststore.password=--hunter2"))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(probe.config.job().name()).isEqualTo("--odd");
        assertThat(probe.configArgs).containsExactly("--job.name=--odd", "--kafka.ssl.truststore.password=--hunter2");
        assertThat(PipelineConfig.load(probe.configArgs, Map.of()).job().name()).isEqualTo("--odd");
        // a key followed by a flag still lacks its value
        assertThat(run("publish", "--job.name", "--force")).isEqualTo(2);
        assertThat(errLines()).anySatisfy(line -> assertThat(line).contains("--job.name needs a value"));
    }

    @Test
    void aTypoOfTheCommandsOwnFlagSuggestsThatFlag() {
        assertThat(run("publish", "--forse")).isEqualTo(2);
        assertThat(errLines().get(0)).endsWith("unknown flag --forse for 'probe publish'. Did you mean --force?");
    }

    @Test
    void aKeyWithoutAValueSaysSo() {
        assertThat(run("publish", "--output.dir")).isEqualTo(2);
        assertThat(errLines().get(0)).isEqualTo("ERROR probe publish: --output.dir needs a value");
        err.reset();
        assertThat(run("publish", "--output.dir", "--force")).isEqualTo(2);
        assertThat(errLines().get(0)).isEqualTo("ERROR probe publish: --output.dir needs a value");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheKeyAndTheFlag() {
        assertThat(run("publish", "--topic.partitions", "many")).isEqualTo(2);
        assertThat(errLines().get(0))
                .startsWith(
                        "ERROR probe publish: Invalid value 'many' for 'topic.partitions' (from --topic.partitions)");
    }

    @Test
    void aCommandWithoutConfigFlagsRejectsKeysWithoutSuggestingThem() {
        assertThat(run("serve", "--kafka.bootstrap.servers", "x")).isEqualTo(2);
        assertThat(errLines().get(0))
                .isEqualTo("ERROR probe serve: unknown flag --kafka.bootstrap.servers for 'probe serve'");
        err.reset();
        assertThat(run("serve", "--prot", "1")).isEqualTo(2);
        assertThat(errLines().get(0)).endsWith("Did you mean --port?");
    }

    @Test
    void helpAndVersionBesideAMistakeAreTheMistake() {
        assertThat(run("publish", "--help", "--bogus", "1")).isEqualTo(2);
        assertThat(errLines().get(0)).startsWith("ERROR probe publish: ").contains("--bogus");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Usage:");
        err.reset();
        assertThat(run("serve", "--version", "--prot", "1")).isEqualTo(2);
        assertThat(errLines().get(0)).endsWith("Did you mean --port?");
        err.reset();
        assertThat(run("publish", "--help", "--kafka.bootstrap.server", "x")).isEqualTo(2);
        assertThat(errLines().get(0)).endsWith("Did you mean --kafka.bootstrap.servers?");
        assertThat(run("serve", "--port", "1", "--help")).isZero();
    }

    @Test
    void aFlagAfterTheEndOfFlagsIsExplainedNotSuggestedBack() {
        assertThat(run("serve", "--", "--port", "1")).isEqualTo(2);
        assertThat(errLines().get(0))
                .isEqualTo("ERROR probe serve: flag --port comes after '--', which ends the flags: remove the '--'");
    }

    @Test
    void theConfigurationFlagsAreExplainedInTheHelp() {
        assertThat(run("publish", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: probe publish [OPTIONS]")
                .contains("--config FILE", "--force", "-h, --help", "-V, --version")
                .contains("--kafka.bootstrap.servers host:9092");
    }
}
