package io.streamlab.pipeline.job;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.LocalPorts;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.job.sinks.OutputSummary;
import io.streamlab.pipeline.snapshots.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job on a local Flink cluster in this JVM, with the web UI: what {@code ops local} (run-local.sh) starts.
 * Ctrl+C / SIGTERM stops the job with a savepoint (printed, and picked up by the next start); with
 * {@code --job.bounded true} the job reads what the topics hold, commits it and exits with a summary.
 */
public final class LocalRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);

    /** How long a stop waits for its savepoint, its tasks starting included. */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        PipelineConfig config;
        try {
            config = PipelineJob.startupConfig(args);
        } catch (ConfigException e) {
            System.err.println("flink-job: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting {} with arguments {}", config.job().name(), RawConfig.maskedArgs(args));
        System.exit(run(config));
    }

    static int run(PipelineConfig config) throws Exception {
        int port = LocalPorts.firstFreeFrom(config.localWebUiPort())
                .orElseThrow(() -> new IOException(LocalPorts.noneFree(config.localWebUiPort(), "local.web-ui.port")));
        if (config.localWebUiPort() != 0 && port != config.localWebUiPort()) {
            LOG.warn("Port {} is taken: the web UI uses port {} instead", config.localWebUiPort(), port);
        }
        Configuration flink = FlinkSettings.toConfiguration(config);
        flink.setString("rest.port", Integer.toString(port));
        flink.setString("rest.address", "localhost");
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString(
                "taskmanager.numberOfTaskSlots", Integer.toString(config.job().parallelism()));
        // The id tells whose snapshots these are: savepoint-<first 6 hex digits>-… and <checkpoint.dir>/<id>/
        // start with the deployment's fingerprint, so the next start resumes only from this deployment's.
        flink.set(
                PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID,
                Deployment.of(config).newJobId());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        PipelineJob.prepare(env, config);
        JobClient job = env.executeAsync(config.job().name());
        Path output = Path.of(config.outputDir()).toAbsolutePath().normalize();
        LOG.info("Job {} submitted. Web UI: http://localhost:{}  Output: {}", job.getJobID(), port, output);

        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> stopWithSavepoint(job, result, config, stopped), "stop-with-savepoint");
        Runtime.getRuntime().addShutdownHook(stopper);

        // progress while running is the live view's (insights watch, started by run-local.sh)
        while (!result.isDone()) {
            if (stopped.await(1, TimeUnit.SECONDS)) {
                return 0;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            stopped.await(3, TimeUnit.MINUTES);
            return 0;
        }
        try {
            result.get();
        } catch (ExecutionException e) {
            LOG.error("The job failed: {} (details in the log file)", rootMessage(e));
            LOG.debug("Job failure", e);
            return 1;
        }
        LOG.info("Job finished. Output in {}:\n{}", output, OutputSummary.describe(OutputSummary.of(output)));
        return 0;
    }

    private static void stopWithSavepoint(
            JobClient job,
            CompletableFuture<JobExecutionResult> result,
            PipelineConfig config,
            CountDownLatch stopped) {
        try {
            stop(job, result, config, LOG::warn, () -> {})
                    .ifPresent(savepoint -> System.out.println("SAVEPOINT=" + savepoint));
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Stops a running job with a savepoint and returns it. A job whose tasks are still starting (the job
     * CREATED, INITIALIZING, or RUNNING before its tasks are) is waited for, up to {@link #STOP_TIMEOUT},
     * {@code whileTasksStart} running at each wait. A job failing over (RESTARTING, FAILING) takes none:
     * {@code warnings} is told why and where the next start resumes from. A job that has ended has nothing
     * to stop. A stop that fails cancels the job.
     */
    static Optional<String> stop(
            JobClient job,
            CompletableFuture<?> result,
            PipelineConfig config,
            Consumer<String> warnings,
            Runnable whileTasksStart) {
        try {
            if (result.isDone()) {
                return Optional.empty();
            }
            String dir = FlinkSettings.uri(config.faultTolerance().savepointDir());
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            LOG.info("Stopping the job with a savepoint in {} ...", dir);
            while (true) {
                JobStatus status = job.getJobStatus().get(5, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                    return Optional.empty();
                }
                boolean starting = status == JobStatus.CREATED || status == JobStatus.INITIALIZING;
                if (!starting && status != JobStatus.RUNNING) {
                    warnings.accept("The job is " + status + ", not RUNNING: no savepoint can be taken now. The"
                            + " next start resumes from the latest retained checkpoint in "
                            + config.faultTolerance().checkpointDir() + " (its log says why it was not running)");
                    return Optional.empty();
                }
                if (status == JobStatus.RUNNING) {
                    try {
                        String savepoint = job.stopWithSavepoint(false, dir, SavepointFormatType.CANONICAL)
                                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        LOG.info("Job stopped. Savepoint: {}", savepoint);
                        return Optional.of(savepoint);
                    } catch (ExecutionException e) {
                        // a job is RUNNING before its tasks are: stopped right after its start, it takes the
                        // savepoint once they run, rather than being cancelled without one
                        if (!tasksNotRunningYet(e)) {
                            throw e;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "the job's tasks did not start within " + STOP_TIMEOUT.toSeconds() + " s");
                }
                whileTasksStart.run();
                Thread.sleep(200);
            }
        } catch (Exception e) {
            warnings.accept("Could not stop with a savepoint (" + rootMessage(e) + "); the job is cancelled, the"
                    + " latest retained checkpoint in "
                    + config.faultTolerance().checkpointDir()
                    + " can be used to resume");
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception alreadyGone) {
                // the cluster is already shutting down: nothing left to cancel
            }
            return Optional.empty();
        }
    }

    private static boolean tasksNotRunningYet(Throwable e) {
        return ExceptionUtils.findThrowable(e, CheckpointException.class)
                .filter(c -> c.getCheckpointFailureReason() == CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING)
                .isPresent();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
