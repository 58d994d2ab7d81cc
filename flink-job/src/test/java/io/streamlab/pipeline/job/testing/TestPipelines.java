package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.windows.LateAtWindows;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/** Configuration and waiting helpers shared by the pipeline integration tests. */
public final class TestPipelines {
    private TestPipelines() {}

    /**
     * A configuration for a test run: the given broker and folders, fast checkpoints, no restarts
     * (a failing job must fail the test, not retry forever), plus any {@code --key value} extras.
     */
    public static PipelineConfig config(String bootstrap, Path workDir, String... extra) {
        List<String> args = configArgs(bootstrap, workDir);
        args.addAll(Arrays.asList(extra));
        return PipelineConfig.load(args, Map.of());
    }

    /** The flags behind {@link #config}, for a caller that adds its own (later flags win). */
    public static List<String> configArgs(String bootstrap, Path workDir) {
        return new ArrayList<>(List.of(
                "--kafka.bootstrap.servers",
                bootstrap,
                "--kafka.startup-timeout",
                "20s",
                "--output.dir",
                workDir.resolve("output").toString(),
                "--checkpoint.dir",
                workDir.resolve("checkpoints").toString(),
                "--savepoint.dir",
                workDir.resolve("savepoints").toString(),
                "--checkpoint.interval",
                "500ms",
                "--checkpoint.min-pause",
                "100ms",
                "--restart.attempts",
                "0",
                "--job.parallelism",
                "2",
                "--job.name",
                "test-" + Long.toHexString(System.nanoTime())));
    }

    /** Where windows built on their own, outside a job, send what they find late: nowhere. */
    public static LateAtWindows lateAtWindows() {
        return new LateAtWindows("test-topic", 60_000, PipelineMetrics.Input.TRACKS);
    }

    /** The job's status, asked with a timeout. */
    public static JobStatus status(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a condition, failing with {@code what} after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> null);
    }

    /**
     * Waits for a condition, failing with {@code what} after the timeout, followed by {@code lastSeen}
     * (what stands in the condition's way) when it gives something.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<?> lastSeen)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Object seen = lastSeen.get();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (seen == null ? "" : ": " + seen));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Flags that give every topic of the pipeline (inputs, dead letters, each default team's topic) a
     * name starting with {@code prefix}, so that several runs can share one broker without reading or
     * writing each other's records.
     */
    public static List<String> topicArgs(String prefix) {
        List<String> args = new ArrayList<>(List.of(
                "--topic.tracks", prefix + "tracks",
                "--topic.tickets", prefix + "tickets",
                "--topic.dead-letters", prefix + "dead-letters"));
        for (String team : PipelineConfig.load(List.of(), Map.of()).routing().teams()) {
            args.addAll(List.of("--team." + team + ".topic", prefix + "team-" + team));
        }
        return args;
    }
}
