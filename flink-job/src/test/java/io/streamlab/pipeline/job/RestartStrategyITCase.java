package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.testing.TestPipelines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * The restart strategy the job derives from {@code restart.*}: failures in a row are bounded, but old
 * failures are forgiven once the job ran {@code restart.reset-after} without failing, so transient
 * failures spread over months never use up the attempts.
 */
class RestartStrategyITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    /** Failures still to inject, and the earliest time (nanoTime) of the next one; shared with the task. */
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    static final AtomicLong NEXT_FAILURE_AT = new AtomicLong();
    static final AtomicInteger FAILURES_INJECTED = new AtomicInteger();
    /** The attempt number of the task's latest start: 0 for the first, n after n restarts. */
    static final AtomicInteger LATEST_ATTEMPT = new AtomicInteger();

    static volatile long spacingNanos;

    @TempDir
    Path work;

    @Test
    void failuresSpreadOverTimeNeverExhaustTheAttempts() throws Exception {
        // failures 3 s apart, each after 2 s of running since the restart: forgiven
        JobClient job = start(5, Duration.ofSeconds(3), "2s");
        // the fifth restart's task has started: no failure is left to come, so RUNNING is for good (right
        // after the fifth failure is thrown, the job may still read RUNNING before it goes RESTARTING)
        TestPipelines.await(
                "five failures injected and survived",
                Duration.ofSeconds(90),
                () -> FAILURES_INJECTED.get() == 5 && LATEST_ATTEMPT.get() == 5 && running(job));
        assertThat(FAILURES_INJECTED.get())
                .as("more failures than restart.attempts (2)")
                .isGreaterThan(2);
        assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
        job.cancel().get(30, TimeUnit.SECONDS);
    }

    @Test
    void failuresInARowBeyondTheAttemptsFailTheJob() throws Exception {
        // a minute between failures forgives them: a restart slowed by a busy machine is still in a row
        JobClient job = start(10, Duration.ZERO, "1min");
        TestPipelines.await(
                "the job failed for good", Duration.ofSeconds(60), () -> TestPipelines.status(job) == JobStatus.FAILED);
        assertThat(FAILURES_INJECTED.get())
                .as("the first failure and two restarts")
                .isEqualTo(3);
    }

    private JobClient start(int failures, Duration spacing, String resetAfter) throws Exception {
        FAILURES_LEFT.set(failures);
        FAILURES_INJECTED.set(0);
        LATEST_ATTEMPT.set(-1);
        spacingNanos = spacing.toNanos();
        NEXT_FAILURE_AT.set(System.nanoTime() + Duration.ofMillis(500).toNanos());
        PipelineConfig config = TestPipelines.config(
                "localhost:9092",
                work,
                "--restart.attempts",
                "2",
                "--restart.delay",
                "100ms",
                "--restart.max-delay",
                "200ms",
                "--restart.reset-after",
                resetAfter,
                "--job.parallelism",
                "1");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new FailOnSchedule())
                .uid("fail-on-schedule")
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        return env.executeAsync("restart-strategy-itcase");
    }

    private static boolean running(JobClient job) {
        return TestPipelines.status(job) == JobStatus.RUNNING;
    }

    /** Slows the stream to ~1000 records/s and throws when the next scheduled failure is due. */
    static final class FailOnSchedule extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open(OpenContext openContext) {
            LATEST_ATTEMPT.set(getRuntimeContext().getTaskInfo().getAttemptNumber());
        }

        @Override
        public Long map(Long value) throws Exception {
            if (value % 100 == 0) {
                Thread.sleep(100);
            }
            long now = System.nanoTime();
            if (FAILURES_LEFT.get() > 0 && now >= NEXT_FAILURE_AT.get()) {
                FAILURES_LEFT.decrementAndGet();
                FAILURES_INJECTED.incrementAndGet();
                NEXT_FAILURE_AT.set(now + spacingNanos);
                throw new IllegalStateException("injected failure " + FAILURES_INJECTED.get());
            }
            return value;
        }
    }
}
