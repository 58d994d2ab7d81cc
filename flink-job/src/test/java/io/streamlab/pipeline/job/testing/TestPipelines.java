package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Configuration and waiting helpers shared by the pipeline integration tests. */
public final class TestPipelines {
    private TestPipelines() {
    }

    /**
     * A configuration for a test run: the given broker and folders, fast checkpoints, no restarts
     * (a failing job must fail the test, not retry forever), plus any {@code --key value} extras.
     */
    public static PipelineConfig config(String bootstrap, Path workDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka.bootstrap.servers", bootstrap,
                "--kafka.startup-timeout", "20s",
                "--output.dir", workDir.resolve("output").toString(),
                "--checkpoint.dir", workDir.resolve("checkpoints").toString(),
                "--savepoint.dir", workDir.resolve("savepoints").toString(),
                "--checkpoint.interval", "500ms",
                "--checkpoint.min-pause", "100ms",
                "--restart.attempts", "0",
                "--job.parallelism", "2",
                "--job.name", "test-" + Long.toHexString(System.nanoTime())));
        args.addAll(Arrays.asList(extra));
        return PipelineConfig.load(args, Map.of());
    }

    /** Waits for a condition, failing with {@code what} after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
