package io.streamlab.pipeline.ops.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.ops.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy a local run executes: complete, never changed by a later build or a clean, made once per build,
 * and only the most recently used copies kept.
 */
class StagedInstallationTest {
    static final List<String> BUILD = List.of(
            "ops/target/ops-1.0.jar",
            "ops/target/lib/pipeline-common-1.0.jar",
            "ops/target/lib/kafka-clients-4.2.0.jar",
            "flink-job/target/flink-job-1.0.jar",
            "flink-job/target/provided-classpath.txt",
            "producer-tool/target/producer-tool-1.0.jar",
            "insights/target/insights-1.0-cli.jar",
            "conf/pipeline.properties",
            "conf/log4j2-local.xml");

    @TempDir
    Path checkout;

    @TempDir
    Path staging;

    Installation installation;
    int writes;

    @BeforeEach
    void build() throws IOException {
        installation = new Installation(checkout);
        for (String file : BUILD) {
            write(file, "build 1 of " + file);
        }
        // never copied: the tests' jar and the jar before shading
        write("flink-job/target/flink-job-1.0-tests.jar", "tests");
        write("flink-job/target/original-flink-job-1.0.jar", "unshaded");
    }

    @Test
    void theCopyHoldsEverythingTheRunReadsAndRunsOnItsOwn() throws IOException {
        Path copy = StagedInstallation.stage(installation, staging);

        assertThat(copy.getParent()).isEqualTo(staging);
        assertThat(filesUnder(copy)).containsExactlyInAnyOrderElementsOf(BUILD);
        for (String file : BUILD) {
            assertThat(copy.resolve(file)).hasContent("build 1 of " + file);
            assertThat(Files.getLastModifiedTime(copy.resolve(file)))
                    .isEqualTo(Files.getLastModifiedTime(checkout.resolve(file)));
        }
        Installation staged = new Installation(copy);
        assertThat(staged.opsJar()).isEqualTo(copy.resolve("ops/target/ops-1.0.jar"));
        assertThat(staged.jobJar()).isEqualTo(copy.resolve("flink-job/target/flink-job-1.0.jar"));
        assertThat(staged.localLogConfig()).isEqualTo(copy.resolve("conf/log4j2-local.xml"));
    }

    @Test
    void aBuildOrACleanDuringTheRunLeavesItsCopyAsItWas() throws IOException {
        Path copy = StagedInstallation.stage(installation, staging);

        write("flink-job/target/flink-job-1.0.jar", "build 2, written over the jar in place");
        FileTrees.deleteRecursively(checkout.resolve("ops/target")); // mvn clean
        FileTrees.deleteRecursively(checkout.resolve("insights/target"));

        for (String file : BUILD) {
            assertThat(copy.resolve(file)).hasContent("build 1 of " + file);
        }
    }

    @Test
    void anUnchangedBuildReusesItsCopyAndANewBuildGetsANewOne() throws IOException {
        Path first = StagedInstallation.stage(installation, staging);
        Files.writeString(first.resolve("marker"), "not copied again");

        assertThat(StagedInstallation.stage(installation, staging)).isEqualTo(first);
        assertThat(first.resolve("marker")).exists();

        write("insights/target/insights-1.0-cli.jar", "build 2");
        Path second = StagedInstallation.stage(installation, staging);

        assertThat(second).isNotEqualTo(first);
        assertThat(second.resolve("insights/target/insights-1.0-cli.jar")).hasContent("build 2");
        assertThat(first.resolve("insights/target/insights-1.0-cli.jar"))
                .as("a run started before the build still runs on the first copy")
                .hasContent("build 1 of insights/target/insights-1.0-cli.jar");
    }

    @Test
    void theTwoMostRecentlyUsedCopiesAreKept() throws IOException {
        Path first = StagedInstallation.stage(installation, staging);
        write("flink-job/target/flink-job-1.0.jar", "build 2");
        Path second = StagedInstallation.stage(installation, staging);
        usedAgo(first, Duration.ofHours(3));
        usedAgo(second, Duration.ofHours(2));
        assertThat(StagedInstallation.stage(installation, staging)).isEqualTo(second);
        usedAgo(second, Duration.ofHours(2));

        write("flink-job/target/flink-job-1.0.jar", "build 3");
        Path third = StagedInstallation.stage(installation, staging);

        assertThat(copies()).containsExactlyInAnyOrder(second, third);
        assertThat(first).doesNotExist();
    }

    /**
     * A run of days on the first copy, while two builds are staged (each run-local.sh, even --help, stages
     * one): its copy stays as long as its process lives, however old its staging, and goes at the first
     * staging after it ended, however it ended. The lock is held by another process, as by {@code ops local}.
     */
    @Test
    void aCopyARunHoldsIsKeptHoweverManyBuildsAreStagedAndGoesOnceTheRunEnded() throws Exception {
        Path first = StagedInstallation.stage(installation, staging);
        Process run = holdInAnotherProcess(first.resolve(StagedInstallation.IN_USE));
        try {
            write("flink-job/target/flink-job-1.0.jar", "build 2");
            Path second = StagedInstallation.stage(installation, staging);
            usedAgo(first, Duration.ofHours(3));
            usedAgo(second, Duration.ofHours(2));
            write("flink-job/target/flink-job-1.0.jar", "build 3");
            Path third = StagedInstallation.stage(installation, staging);

            assertThat(copies()).containsExactlyInAnyOrder(first, second, third);
            assertThat(first.resolve("flink-job/target/flink-job-1.0.jar"))
                    .hasContent("build 1 of flink-job/target/flink-job-1.0.jar");
        } finally {
            run.destroyForcibly();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        write("flink-job/target/flink-job-1.0.jar", "build 4");
        Path fourth = StagedInstallation.stage(installation, staging);

        assertThat(first).as("killed: the operating system released its lock").doesNotExist();
        assertThat(copies()).hasSize(2).contains(fourth);
    }

    /** Holds the lock as a run does, in a JVM of its own, until that JVM is killed. */
    private static Process holdInAnotherProcess(Path lockFile) throws Exception {
        Process holder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD) // "Picked up JAVA_TOOL_OPTIONS…" and the like
                .start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the holder's first line").isEqualTo("held");
            return holder;
        } catch (IOException | AssertionError e) {
            holder.destroyForcibly();
            throw e;
        }
    }

    /** The other process: takes the lock, says so, and waits to be killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            System.out.println(io.streamlab.pipeline.files.InUse.holdUntilExit(Path.of(args[0])) ? "held" : "not held");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aCopyAbandonedHalfWayIsDeletedAfterAnHourOneInProgressIsNot() throws IOException {
        Path abandoned = Files.createDirectories(staging.resolve(".incomplete-0123456789ab-1"));
        Files.writeString(abandoned.resolve("half.jar"), "half");
        usedAgo(abandoned, Duration.ofHours(2));
        Path inProgress = Files.createDirectories(staging.resolve(".incomplete-ba9876543210-2"));

        StagedInstallation.stage(installation, staging);

        assertThat(abandoned).doesNotExist();
        assertThat(inProgress).exists();
    }

    /**
     * After a version change target/ holds the jars of both versions, and the older version's may be the
     * newer files (a build of another branch): the run takes this version's, as run-local.sh names them.
     */
    @Test
    void theJarsOfThisVersionAreTakenOverNewerOnesOfAnotherVersion() throws IOException {
        String version = io.streamlab.pipeline.cli.ToolVersion.projectVersion();
        for (String module : List.of("ops", "flink-job", "producer-tool")) {
            write(module + "/target/" + module + "-" + version + ".jar", "this version");
            write(module + "/target/" + module + "-0.0.1-other.jar", "another version, built later");
        }
        write("insights/target/insights-" + version + "-cli.jar", "this version");
        write("insights/target/insights-0.0.1-other-cli.jar", "another version, built later");

        assertThat(List.of(
                        installation.opsJar(),
                        installation.jobJar(),
                        installation.producerJar(),
                        installation.insightsJar()))
                .allSatisfy(jar -> assertThat(jar.getFileName().toString()).contains(version));
        // without a jar of this version, the newest of any
        Files.delete(checkout.resolve("ops/target/ops-" + version + ".jar"));
        assertThat(installation.opsJar().getFileName().toString()).isEqualTo("ops-0.0.1-other.jar");
    }

    private void write(String file, String content) throws IOException {
        Path path = checkout.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        // a build's time: never the same twice, whatever the clock's resolution
        Files.setLastModifiedTime(
                path, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(++writes)));
    }

    private static void usedAgo(Path copy, Duration ago) throws IOException {
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(ago)));
    }

    private List<Path> copies() throws IOException {
        try (Stream<Path> children = Files.list(staging)) {
            return children.toList();
        }
    }

    private static List<String> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString())
                    .toList();
        }
    }
}
