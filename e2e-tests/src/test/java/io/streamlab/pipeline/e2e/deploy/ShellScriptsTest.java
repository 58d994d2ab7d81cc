package io.streamlab.pipeline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What is left of bash: run-local.sh and the Flink containers' entrypoint, small and valid; savepoints/ is data. */
class ShellScriptsTest {
    static final Path ROOT = Repository.root();

    @Test
    void theShellScriptsAreFewValidAndSmall() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(ROOT)) {
            scripts = files.filter(p -> p.toString().endsWith(".sh"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(\\.git|.*target|\\.local)/.*"))
                    .sorted()
                    .toList();
        }
        assertThat(scripts).containsExactly(ROOT.resolve("docker/flink/entrypoint.sh"), ROOT.resolve("run-local.sh"));
        long lines = 0;
        for (Path script : scripts) {
            Repository.Result syntax =
                    Repository.run(ROOT, Map.of(), Duration.ofSeconds(20), List.of("bash", "-n", script.toString()));
            assertThat(syntax.exit()).as(script + ": " + syntax.all()).isZero();
            lines += Files.readAllLines(script).size();
        }
        assertThat(lines).as("bash in the repository, the Maven wrapper aside").isLessThan(150);
        assertThat(Files.readAllLines(ROOT.resolve("run-local.sh"))).hasSizeLessThanOrEqualTo(30);
        assertThat(Files.isExecutable(ROOT.resolve("run-local.sh"))).isTrue();
        assertThat(Files.readString(ROOT.resolve("run-local.sh")))
                .contains("set -euo pipefail")
                .contains("io.streamlab.pipeline.ops.local.StagedInstallation .local/jars")
                .contains("exec java -jar \"$copy\"/ops/target/ops-\"$version\".jar local \"$@\"");
    }

    @Test
    void savepointsHoldsDataAndItsReadmeOnly() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("savepoints"))) {
            assertThat(files.filter(f -> !Files.isDirectory(f))
                            .map(f -> f.getFileName().toString()))
                    .as("no scripts: the ops commands are in the ops module")
                    .allMatch(name -> name.equals("README.md"));
        }
        assertThat(Files.readString(ROOT.resolve(".gitignore")))
                .contains("/savepoints/*\n!/savepoints/README.md\n")
                .doesNotContain("savepoints/*.sh");
    }

    /**
     * run-local.sh ends in `exec … ops local "$@"` from the copy of the build it makes: its options and
     * help are the local command's, run from that copy.
     */
    @Test
    void runLocalHelpIsTheLocalCommandsHelpFromTheCopyOfTheBuild() throws IOException {
        // a jar of an earlier version left in target/, older than the sources: until 2026-12-03 it made
        // every run rebuild, then fail to start ops with both jars on one class path
        Path earlierVersion = ROOT.resolve("ops/target/ops-0.0.1-earlier.jar");
        Files.copy(OpsRun.opsJar(), earlierVersion, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(earlierVersion, FileTime.from(java.time.Instant.parse("2020-01-01T00:00:00Z")));
        Repository.Result help;
        try {
            help = Repository.run(ROOT, Map.of(), Duration.ofMinutes(2), List.of("bash", "run-local.sh", "--help"));
        } finally {
            Files.deleteIfExists(earlierVersion);
        }

        assertThat(help.exit()).as(help.all()).isZero();
        assertThat(help.stdout())
                .as("the jars are built before the tests run: the script only checks them")
                .doesNotContain("Building the jars")
                .startsWith("Usage: ./run-local.sh [OPTIONS] [-- JOB FLAGS...]")
                .contains("--bounded", "--fresh", "--kafka-port", "--tracks", "--tickets", "--live-every")
                .contains("env KAFKA_PORT", "env DEMO_TRACKS", "env DEMO_TICKETS", "env LIVE_EVERY");
        Path staged;
        try (Stream<Path> copies = Files.list(ROOT.resolve(".local/jars"))) {
            staged = copies.filter(Files::isDirectory)
                    .filter(c -> c.getFileName().toString().matches("[0-9a-f]{12}"))
                    .max(Comparator.comparing(ShellScriptsTest::lastModified))
                    .orElseThrow();
        }
        Path opsJar = OpsRun.opsJar();
        assertThat(staged.resolve(ROOT.relativize(opsJar)))
                .as("the copy run-local.sh ran from")
                .hasSameBinaryContentAs(opsJar);
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
