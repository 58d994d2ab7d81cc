package io.streamlab.pipeline.ops.savepoints;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.FlinkUnreachableException;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.ops.Poll;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Following a savepoint or a stop with a savepoint until Flink reports where the savepoint is. */
public final class SavepointOperation {
    private SavepointOperation() {}

    /** A directory for Flink: a URI as given, a local path made absolute (Flink resolves it on its own machines). */
    public static String targetDirectory(String dir) {
        if (dir == null) {
            return null;
        }
        if (dir.startsWith("file:") || dir.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            return dir;
        }
        return Path.of(dir).toAbsolutePath().normalize().toString();
    }

    /**
     * Status requests in a row without an answer (or with a server error) before the cluster counts as gone
     * or failing: about 2 s when refused.
     */
    public static final int UNANSWERED_BEFORE_GONE = 8;

    /**
     * Where a savepoint is, and whether Flink said so: one found on disk while the cluster did not answer
     * says nothing of how the operation ended.
     */
    public record Written(String location, boolean reportedByFlink) {}

    /**
     * Waits for the operation and returns the savepoint's location. A local run's cluster shuts down as
     * soon as its job has stopped, sometimes before the answer can be read: then the savepoint is looked
     * for in {@code savepointDir}, the directory it was written to.
     */
    static Written await(
            OpsContext context,
            FlinkRestClient rest,
            String jobId,
            String triggerId,
            String what,
            String savepointDir,
            Instant triggered)
            throws Exception {
        int[] unanswered = {0};
        try {
            return Poll.until(
                    "the " + what + " of job " + jobId,
                    context.config().operations().timeout(),
                    () -> {
                        FlinkRestClient.SavepointStatus status;
                        try {
                            status = rest.savepointStatus(jobId, triggerId);
                            unanswered[0] = 0;
                        } catch (IOException failure) {
                            if (!FlinkRestClient.mayAnswerLater(failure)) {
                                throw failure;
                            }
                            if (failure instanceof FlinkUnreachableException) {
                                Optional<String> written = writtenSince(jobId, savepointDir, triggered);
                                if (written.isPresent()) {
                                    return written.map(location -> new Written(location, false));
                                }
                            }
                            // one dropped connection, timed-out request or 503 is not a cluster gone: a stop
                            // reported as failed while it went on left a rescale with nothing running
                            if (++unanswered[0] < UNANSWERED_BEFORE_GONE) {
                                return Optional.empty();
                            }
                            if (failure instanceof FlinkUnreachableException) {
                                throw wentAway(rest, jobId, what, savepointDir);
                            }
                            throw failure;
                        }
                        if (!status.completed()) {
                            return Optional.empty();
                        }
                        if (status.failure() != null) {
                            if (tasksNotRunning(status.failure())) {
                                throw new TasksNotRunning("the " + what + " failed: " + status.failure());
                            }
                            throw new OpsFailure("the " + what + " failed: " + status.failure());
                        }
                        return Optional.of(new Written(status.location(), true));
                    });
        } catch (Poll.TimedOut timedOut) {
            // Flink goes on with it: a stop that completes later ends the job, with nobody told
            throw new OpsFailure(timedOut.getMessage() + ". Flink goes on with the " + what + " (trigger " + triggerId
                    + ")"
                    + (what.startsWith("stop")
                            ? ": the job may still stop with its savepoint. ops jobs shows whether it ended; its"
                                    + " savepoint is then the newest in "
                            : ": the savepoint may still be written, to ")
                    + (savepointDir == null ? "the job's savepoint directory" : savepointDir));
        }
    }

    /** Asks Flink for a savepoint (or a stop with one) and returns the id of the operation. */
    @FunctionalInterface
    public interface Trigger {
        String trigger() throws Exception;
    }

    /** How long a savepoint refused because the job's tasks are not all running is asked for again. */
    public static final Duration TASKS_START_WAIT = Duration.ofMinutes(2);

    /** States in which a job's tasks may still come up: a refused savepoint is asked for again. */
    private static final Set<String> TASKS_MAY_START = Set.of("CREATED", "INITIALIZING", "RUNNING", "RESTARTING");

    /**
     * Triggers the operation and waits for it, as {@link #await}. A job is RUNNING before its tasks are, and
     * again while a failed task restarts: Flink then refuses the savepoint at once ("Not all required tasks
     * are currently running"). While the job may still bring its tasks up, the operation is triggered again
     * every second, up to {@link #TASKS_START_WAIT} ({@code ops.timeout} if shorter): a stop right after a
     * submit or a resume takes its savepoint instead of failing.
     */
    public static Written triggerAndAwait(
            OpsContext context, FlinkRestClient rest, String jobId, Trigger trigger, String what, String savepointDir)
            throws Exception {
        Duration wait = context.config().operations().timeout().compareTo(TASKS_START_WAIT) < 0
                ? context.config().operations().timeout()
                : TASKS_START_WAIT;
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            Instant triggered = Instant.now();
            String operation = trigger.trigger();
            try {
                return await(context, rest, jobId, operation, what, savepointDir, triggered);
            } catch (TasksNotRunning refused) {
                String state = rest.job(jobId).state();
                if (!TASKS_MAY_START.contains(state)) {
                    throw new OpsFailure(refused.getMessage() + "\nThe job is " + state + " now: nothing to wait for");
                }
                if (System.nanoTime() > deadline) {
                    throw new OpsFailure(refused.getMessage() + "\nThe job's tasks were not all running within "
                            + wait.toSeconds() + " s (it is " + state + "): run the command again once the web UI"
                            + " shows them RUNNING");
                }
                if (!told) {
                    context.say(
                            what.startsWith("stop") ? "stop" : "savepoint",
                            "job " + jobId + " is " + state + " but not all its tasks run yet: asking again every"
                                    + " second, for up to " + wait.toSeconds() + " s");
                    told = true;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static boolean tasksNotRunning(String failure) {
        return failure.contains("Not all required tasks are currently running");
    }

    /** Flink refused the savepoint because the job's tasks are not all running. */
    static final class TasksNotRunning extends OpsFailure {
        private static final long serialVersionUID = 1L;

        TasksNotRunning(String message) {
            super(message);
        }
    }

    /** The savepoint of {@code jobId} written to {@code savepointDir} since {@code triggered}, if any. */
    private static Optional<String> writtenSince(String jobId, String savepointDir, Instant triggered)
            throws IOException {
        String prefix = "savepoint-" + jobId.substring(0, 6) + "-";
        Optional<Path> dir = savepointDir == null ? Optional.empty() : Snapshots.localPath(savepointDir);
        if (dir.isPresent() && Files.isDirectory(dir.get())) {
            try (Stream<Path> entries = Files.list(dir.get())) {
                return entries.filter(p -> p.getFileName().toString().startsWith(prefix))
                        .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                        .filter(p -> modified(p.resolve("_metadata")).isAfter(triggered.minusSeconds(1)))
                        .max(Comparator.comparing(p -> modified(p.resolve("_metadata"))))
                        .map(Snapshots::flinkUri);
            }
        }
        return Optional.empty();
    }

    private static OpsFailure wentAway(FlinkRestClient rest, String jobId, String what, String savepointDir) {
        String prefix = "savepoint-" + jobId.substring(0, 6) + "-";
        return new OpsFailure("Flink at " + rest.address() + " went away before reporting the " + what
                + " (a local run shuts down when its job stops): look for the newest " + prefix
                + "* folder in " + (savepointDir == null ? "the job's savepoint directory" : savepointDir));
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
