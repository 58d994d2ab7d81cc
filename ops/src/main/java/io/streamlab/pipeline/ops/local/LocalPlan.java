package io.streamlab.pipeline.ops.local;

import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import io.streamlab.pipeline.snapshots.Snapshots.Snapshot;
import java.util.Optional;

/**
 * What a local run does with the output and the snapshots of the last runs before the job starts:
 * decided from the options and what is on disk, without touching anything, so it can be tested alone.
 *
 * <ul>
 *   <li>{@code --fresh}: nothing is resumed; the output and every snapshot of this deployment go.
 *   <li>{@code --bounded}: the job recomputes every window from the start of the topics, so the output
 *       starts empty (older part files would hold the same windows again), and every snapshot of this
 *       deployment goes, savepoints too: a later streaming run resuming one would write again, on top of
 *       the new output, what was read after it.
 *   <li>otherwise the job resumes from the snapshot given after {@code --}, or else from the newest
 *       snapshot of this deployment, savepoint (Ctrl+C) or retained checkpoint (a crash): an older one
 *       would replay, and write a second time, what was committed after it. With none, the job starts
 *       from the beginning of the topics, so the output starts empty rather than getting windows twice;
 *       unless the savepoint directory holds another deployment's savepoint (job.name or checkpoint.dir
 *       changed) and there is output of a streaming run: that is refused, since starting over would
 *       route every ticket to the team topics again.
 * </ul>
 */
record LocalPlan(Cleanup cleanup, boolean clearOutput, Optional<Snapshot> resumeFrom, String message) {
    enum Cleanup {
        NONE,
        ALL_SNAPSHOTS
    }

    static LocalPlan decide(
            boolean bounded,
            boolean fresh,
            Optional<String> recoveryGiven,
            Optional<Snapshot> newest,
            Optional<Snapshot> anotherDeployments,
            boolean outputExists,
            boolean outputOfABoundedRun,
            String outputDir) {
        if ((fresh || bounded) && recoveryGiven.isPresent()) {
            // both deleted this deployment's snapshots first, the named one among them, and the job then
            // failed to restore what was no longer there
            throw new OpsFailure((fresh ? "--fresh" : "--bounded")
                    + " starts over from the topics and deletes this deployment's snapshots, but"
                    + " --flink.execution.state-recovery.path " + RawConfig.withoutCredentials(recoveryGiven.get())
                    + " asks to resume one: pass one or the other");
        }
        if (fresh) {
            return new LocalPlan(
                    Cleanup.ALL_SNAPSHOTS,
                    true,
                    Optional.empty(),
                    "--fresh: clearing " + outputDir + " and this deployment's savepoints and checkpoints");
        }
        if (bounded) {
            return new LocalPlan(
                    Cleanup.ALL_SNAPSHOTS,
                    true,
                    Optional.empty(),
                    "--bounded: every window is recomputed into a cleared " + outputDir
                            + ", and this deployment's savepoints and checkpoints go (resuming one later would"
                            + " write again what this run writes)");
        }
        if (recoveryGiven.isPresent()) {
            return new LocalPlan(
                    Cleanup.NONE,
                    false,
                    Optional.empty(),
                    "Resuming from the snapshot given after --: " + RawConfig.withoutCredentials(recoveryGiven.get()));
        }
        if (newest.isPresent()) {
            return new LocalPlan(
                    Cleanup.NONE, false, newest, "Resuming from " + newest.get().path() + " (--fresh to start over)");
        }
        // a bounded run deleted this deployment's snapshots and rewrote the output: starting over is the plan
        if (outputExists && !outputOfABoundedRun && anotherDeployments.isPresent()) {
            throw new OpsFailure(Snapshots.anotherDeploymentsSavepoint(
                    anotherDeployments.get(), "./run-local.sh -- --flink.execution.state-recovery.path", "--fresh"));
        }
        return outputExists
                ? new LocalPlan(
                        Cleanup.NONE,
                        true,
                        Optional.empty(),
                        "No savepoint or checkpoint to resume from: the job starts from the beginning of the topics,"
                                + " so " + outputDir + " starts empty")
                : new LocalPlan(Cleanup.NONE, false, Optional.empty(), null);
    }
}
