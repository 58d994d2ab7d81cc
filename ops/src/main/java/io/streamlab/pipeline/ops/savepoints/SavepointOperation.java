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
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
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
    public static Written await(
            OpsContext context,
            FlinkRestClient rest,
            String jobId,
            String triggerId,
            String what,
            String savepointDir,
            Instant triggered)
            throws Exception {
        int[] unanswered = {0};
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
                        throw new OpsFailure(
                                "the " + what + " failed: " + status.failure() + tasksHint(status.failure()));
                    }
                    return Optional.of(new Written(status.location(), true));
                });
    }

    /**
     * A job is RUNNING before its tasks are, and again while a failed task restarts: a savepoint then
     * fails at once, and succeeds once they run.
     */
    static String tasksHint(String failure) {
        return failure.contains("Not all required tasks are currently running")
                ? "\nThe job's tasks are starting or restarting: run the command again once the web UI shows them"
                        + " RUNNING"
                : "";
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
