package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.testing.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the local run stops its job when it is stopped (SIGTERM, Ctrl-C): a running job with a savepoint; a
 * job failing over cannot take one, so the run says so and where the next start resumes from.
 */
class LocalStopITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    /** Whether the next record read fails the task; shared with it. */
    static final AtomicBoolean FAIL_NEXT = new AtomicBoolean();

    /** Open once the task may finish its start; shared with it. */
    static volatile CountDownLatch tasksMayStart = new CountDownLatch(0);

    @TempDir
    Path work;

    @Test
    void aJobFailingOverTakesNoSavepointAndTheRunSaysWhereItResumesFrom() throws Exception {
        FAIL_NEXT.set(true);
        tasksMayStart = new CountDownLatch(0);
        // the restart waits two minutes: the job stays RESTARTING for the whole test
        PipelineConfig config =
                config("--restart.attempts", "1", "--restart.delay", "2min", "--restart.max-delay", "2min");
        JobClient job = start(config);
        try {
            TestPipelines.await(
                    "the job failing over",
                    Duration.ofSeconds(60),
                    () -> TestPipelines.status(job) == JobStatus.RESTARTING);
            List<String> warnings = new ArrayList<>();

            Optional<String> savepoint =
                    LocalRunner.stop(job, job.getJobExecutionResult(), config, warnings::add, () -> {});

            assertThat(savepoint).isEmpty();
            assertThat(warnings)
                    .singleElement(STRING)
                    .contains("The job is RESTARTING, not RUNNING: no savepoint can be taken now")
                    .contains("resumes from the latest retained checkpoint in "
                            + config.faultTolerance().checkpointDir());
            assertThat(filesUnder(Path.of(config.faultTolerance().savepointDir())))
                    .isEmpty();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStopRightAfterTheStartWaitsForTheTasksAndTakesTheSavepoint() throws Exception {
        FAIL_NEXT.set(false);
        tasksMayStart = new CountDownLatch(1);
        PipelineConfig config = config();
        JobClient job = start(config);
        // the job is RUNNING, its task still in its start: Flink refuses a savepoint then
        TestPipelines.await(
                "the job running", Duration.ofSeconds(60), () -> TestPipelines.status(job) == JobStatus.RUNNING);
        List<String> warnings = new ArrayList<>();
        AtomicInteger waits = new AtomicInteger();

        // the task holds in its start until the stop has been refused once: before, that refusal ("Not
        // all required tasks are currently running") cancelled the job without a savepoint
        Optional<String> savepoint = LocalRunner.stop(job, job.getJobExecutionResult(), config, warnings::add, () -> {
            waits.incrementAndGet();
            tasksMayStart.countDown();
        });

        assertThat(waits.get()).as("waits for the tasks").isPositive();
        assertThat(warnings).isEmpty();
        assertThat(savepoint)
                .hasValueSatisfying(path -> assertThat(
                                Path.of(path.replaceFirst("^file:", "")).resolve("_metadata"))
                        .isRegularFile());
        assertThat(TestPipelines.status(job)).isEqualTo(JobStatus.FINISHED);
    }

    private PipelineConfig config(String... extra) {
        List<String> args = new ArrayList<>(List.of("--job.parallelism", "1"));
        args.addAll(List.of(extra));
        return TestPipelines.config("localhost:9092", work, args.toArray(String[]::new));
    }

    private static JobClient start(PipelineConfig config) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new FailOnce())
                .uid("fail-once")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        return env.executeAsync("local-stop-itcase");
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * Starts once {@link #tasksMayStart} is open; fails the task on the first record read while
     * {@link #FAIL_NEXT} is set.
     */
    static final class FailOnce extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open(OpenContext openContext) throws Exception {
            assertThat(tasksMayStart.await(60, TimeUnit.SECONDS))
                    .as("the test lets the task start")
                    .isTrue();
        }

        @Override
        public Long map(Long value) {
            if (FAIL_NEXT.compareAndSet(true, false)) {
                throw new IllegalStateException("injected failure");
            }
            return value;
        }
    }
}
