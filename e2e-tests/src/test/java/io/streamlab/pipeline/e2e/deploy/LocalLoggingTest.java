package io.streamlab.pipeline.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.logging.log4j.LogManager;
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
            LogManager.getLogger("org.apache.flink.runtime.Something").info(args[0]);
            LogManager.shutdown();
        }
    }

    @Test
    void aNewStartKeepsThePreviousLogGzipped(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("flink-job.log");

        run(log, "the first run's line");
        run(log, "the second run's line");

        assertThat(Files.readString(log)).contains("the second run's line").doesNotContain("first run");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("flink-job.log.1.gz")))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("the first run's line");
        }
    }

    private static void run(Path log, String line) {
        Repository.Result r = Repository.run(
                log.getParent(),
                Map.of(),
                Duration.ofMinutes(1),
                List.of(
                        Repository.java(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dlog4j.configurationFile=" + Repository.root().resolve("conf/log4j2-local.xml"),
                        "-DlogFile=" + log,
                        OneRun.class.getName(),
                        line));
        assertThat(r.exit()).as(r.all()).isZero();
    }
}
