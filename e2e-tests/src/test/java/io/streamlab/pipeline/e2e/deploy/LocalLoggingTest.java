package io.streamlab.pipeline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/log4j2-local.xml, as the local run's JVMs load it: every start of a JVM rotates the log the
 * previous one wrote (gzipped) instead of overwriting it.
 */
class LocalLoggingTest {
    /** One JVM of the local run: logs a line with the local run's configuration, then exits. */
    public static final class OneRun {
        public static void main(String[] args) {
            Logger log = LogManager.getLogger("org.apache.flink.runtime.Something");
            log.info(args[0]);
            long bytes = args.length > 1 ? Long.parseLong(args[1]) : 0;
            String filler = "x".repeat(1_000);
            for (long written = 0; written < bytes; written += filler.length()) {
                log.info(filler);
            }
            LogManager.shutdown();
        }
    }

    @Test
    void aNewStartKeepsThePreviousLogGzipped(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("flink-job.log");

        run(log, "the first run's line");
        run(log, "the second run's line");

        assertThat(Files.readString(log)).contains("the second run's line").doesNotContain("first run");
        assertThat(gunzip(dir.resolve("flink-job.log.1.gz"))).contains("the first run's line");
    }

    @Test
    void atMostFiveEarlierLogsAreKept(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("flink-job.log");

        for (int start = 1; start <= 7; start++) {
            run(log, "start " + start);
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "flink-job.log",
                            "flink-job.log.1.gz",
                            "flink-job.log.2.gz",
                            "flink-job.log.3.gz",
                            "flink-job.log.4.gz",
                            "flink-job.log.5.gz");
        }
        assertThat(Files.readString(log)).contains("start 7");
        assertThat(gunzip(dir.resolve("flink-job.log.1.gz"))).contains("start 6");
        assertThat(gunzip(dir.resolve("flink-job.log.5.gz"))).contains("start 2");
    }

    @Test
    void aLogRollsOverAt50MegabytesWhileItsJvmRuns(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("flink-job.log");

        run(log, "one long run", Long.toString(60L * 1024 * 1024));

        assertThat(gunzip(dir.resolve("flink-job.log.1.gz")))
                .as("the first 50 MB, rolled over by size: no earlier run left a log to rotate")
                .contains("one long run")
                .hasSizeBetween(50 * 1024 * 1024 - 1_200, 50 * 1024 * 1024 + 1_200); // within a line of 50 MiB
        assertThat(Files.size(log)).as("the rest").isBetween(1L, 50L * 1024 * 1024);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void run(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Repository.java(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dlog4j.configurationFile=" + Repository.root().resolve("conf/log4j2-local.xml"),
                "-DlogFile=" + log,
                OneRun.class.getName()));
        command.addAll(List.of(args));
        Repository.Result r = Repository.run(log.getParent(), Map.of(), Duration.ofMinutes(1), command);
        assertThat(r.exit()).as(r.all()).isZero();
    }
}
