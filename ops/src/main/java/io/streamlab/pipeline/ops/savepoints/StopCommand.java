package io.streamlab.pipeline.ops.savepoints;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.JobNotFoundException;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.JobOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops stop}: stops a running job with a savepoint and prints where the savepoint is. */
@Command(
        name = "stop",
        header = "stops the job with a savepoint, prints its location",
        description = "Stops a running job with a savepoint: the sources stop, a last savepoint is taken (the "
                + "Parquet part files and Kafka transactions of that checkpoint are committed), then the job "
                + "ends FINISHED. Prints the savepoint's location: ops resume starts from it, ops submit "
                + "picks it up by itself when it is in savepoint.dir (not one written with --dir elsewhere). "
                + "Against the local run its cluster shuts down with the job "
                + "(run-local.sh then exits).",
        footer = OpsCli.FOOTER)
public final class StopCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Mixin
    JobOption jobOption;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "where the savepoint goes, as the JobManager sees it (default: the job's savepoint.dir)")
    String dir;

    @Option(
            names = "--drain",
            description = "let event time run to the end first, firing every open window: only for a job that"
                    + " will not be resumed (the windows it fires early would miss data afterwards)")
    boolean drain;

    public StopCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = context.rest();
        String job = jobOption.runningJob(spec, context, rest);
        boolean localRun = dir != null && rest.isLocalRun();
        String location = stop(context, rest, job, drain, dir);
        if (dir != null
                && !underSavepointDir(
                        location, context.config().faultTolerance().savepointDir())) {
            context.say("stop", resumeHint(localRun, location));
        }
        context.out().println(location);
        return OpsCli.EXIT_OK;
    }

    /**
     * Whether a savepoint lies directly in {@code savepointDir}, where ops submit and the local run look
     * (not in a folder below it); false when either is not local.
     */
    static boolean underSavepointDir(String location, String savepointDir) {
        Optional<java.nio.file.Path> where = Snapshots.localPath(location);
        Optional<java.nio.file.Path> dir = Snapshots.localPath(savepointDir);
        if (where.isEmpty() || dir.isEmpty()) {
            return false;
        }
        java.nio.file.Path parent = where.get().toAbsolutePath().normalize().getParent();
        return dir.get().toAbsolutePath().normalize().equals(parent);
    }

    /** How to resume a savepoint that ops submit will not find: the local run's flag, or ops resume. */
    static String resumeHint(boolean localRun, String location) {
        return "this savepoint is not in savepoint.dir, where "
                + (localRun
                        ? "./run-local.sh looks: resume it with ./run-local.sh -- --flink.execution.state-recovery.path "
                        : "ops submit looks: resume it with ops resume ")
                + location;
    }

    /** Stops the job with a savepoint, reports how it ended, and returns the savepoint's location. */
    public static String stop(OpsContext context, FlinkRestClient rest, String job, boolean drain, String dir)
            throws Exception {
        if (drain) {
            awaitCheckpointSinceRestore(context, rest, job);
        }
        // asked now: once the job has stopped, a local run's cluster is gone and cannot say what it was
        boolean localRun = rest.isLocalRun();
        context.say("stop", "stopping job " + job + " with a savepoint...");
        SavepointOperation.Written written = SavepointOperation.triggerAndAwait(
                context,
                rest,
                job,
                () -> rest.triggerStop(job, drain, SavepointOperation.targetDirectory(dir)),
                "stop with savepoint",
                dir != null ? dir : context.config().faultTolerance().savepointDir());
        String location = written.location();
        context.say("stop", awaitEnd(rest, job, written, localRun, END_GRACE));
        return location;
    }

    /**
     * A drain right after a restore, before any checkpoint, would leave the part files that the restored
     * snapshot held for compaction uncommitted (Flink 2.2's compactor forgets the restored checkpoint's
     * id; README, Small files): one checkpoint first makes the drain safe.
     */
    static void awaitCheckpointSinceRestore(OpsContext context, FlinkRestClient rest, String job) throws Exception {
        if (rest.checkpointedSinceRestore(job)) {
            return;
        }
        context.say("stop", "taking a checkpoint first: none completed since the job was restored");
        rest.triggerCheckpoint(job);
        long deadline = System.nanoTime()
                + context.config().faultTolerance().checkpointTimeout().toNanos();
        while (!rest.checkpointedSinceRestore(job)) {
            if (System.nanoTime() > deadline) {
                throw new OpsFailure("no checkpoint of job " + job + " completed within "
                        + context.config().faultTolerance().checkpointTimeout().toSeconds()
                        + " s; a drain now could leave files uncommitted. Check the job's checkpoints in the web UI");
            }
            Thread.sleep(250);
        }
    }

    /** States of a job whose stop failed after its savepoint: Flink restarts it from its checkpoints. */
    private static final Set<String> RESTARTED = Set.of("FAILING", "RESTARTING");

    /** How long a stopped job may take to show that it ended. */
    static final Duration END_GRACE = Duration.ofSeconds(30);

    /**
     * Waits until the stopped job shows that it ended and says how. Flink completes a stop only once every
     * task has finished, so a stop it reported is done whatever this sees. A savepoint found on disk while
     * the cluster did not answer proves nothing: a job that fails to finish after its savepoint restarts
     * (or a JobManager that restarted recovers it), and a rescale then started a second job beside it. That
     * stop counts as done only once the job is seen ended, or the local run's cluster gone with it.
     */
    static String awaitEnd(
            FlinkRestClient rest, String job, SavepointOperation.Written written, boolean localRun, Duration grace)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        int unanswered = 0;
        String seen = "no answer";
        while (true) {
            try {
                String state = rest.job(job).state();
                unanswered = 0;
                seen = state;
                if (FlinkRestClient.TERMINAL_STATES.contains(state)) {
                    return "job " + job + " is " + state;
                }
                if (RESTARTED.contains(state)) {
                    String cause = rest.rootException(job).map(c -> ": " + c).orElse("");
                    throw new OpsFailure("job " + job + " wrote savepoint " + written.location()
                            + " but did not finish: it is " + state + ", so it runs on from its checkpoints" + cause
                            + "\nNothing else was started. Stop it again, or cancel it and ops resume "
                            + written.location());
                }
            } catch (JobNotFoundException forgotten) {
                return "job " + job + " stopped; the cluster at " + rest.address()
                        + " no longer knows it (it restarted without high availability)";
            } catch (IOException failure) {
                if (!FlinkRestClient.mayAnswerLater(failure)) {
                    if (written.reportedByFlink()) {
                        return "job " + job + " stopped";
                    }
                    throw failure;
                }
                seen = "no answer (" + failure.getMessage() + ")";
                unanswered++;
                // a local run's cluster going away answers 503 or nothing at all
                if (localRun && unanswered >= SavepointOperation.UNANSWERED_BEFORE_GONE) {
                    return "job " + job + " stopped; the cluster at " + rest.address()
                            + " shut down with it (a local run does)";
                }
            }
            // a local run's cluster refusing connections is counted out first: that is how its stop ends
            if (System.nanoTime() > deadline && !(localRun && unanswered > 0)) {
                if (written.reportedByFlink()) {
                    return unanswered > 0
                            ? "job " + job + " stopped; the cluster at " + rest.address() + " does not answer"
                            : "job " + job + " stopped (Flink reported its savepoint); it still shows " + seen;
                }
                throw new OpsFailure("savepoint " + written.location() + " of job " + job + " was written, but "
                        + grace.toSeconds() + " s later the job is not seen ended (" + seen + "): the stop may"
                        + " have failed after the savepoint. Nothing else was started. Check the job in the web"
                        + " UI; once it has ended, ops resume " + written.location());
            }
            Thread.sleep(250);
        }
    }
}
