package io.streamlab.pipeline.ops.snapshots;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.FlinkRestException;
import io.streamlab.pipeline.flinkrest.FlinkUnexpectedAnswerException;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops prune}: bounded disk for a cluster deployment's savepoints and retained checkpoints. */
@Command(
        name = "prune",
        header = "deletes this deployment's old savepoints and checkpoints",
        description = "Deletes this deployment's old snapshots: keeps the newest N savepoints in savepoint.dir "
                + "and the retained checkpoints of the N earlier jobs with the newest checkpoints in "
                + "checkpoint.dir (N: snapshots.retained, 3); folders of earlier jobs without a checkpoint go "
                + "once they predate the newest snapshot. Jobs that have not ended on the cluster keep theirs "
                + "(Flink bounds them), and the snapshot a running job restored from stays until it has a "
                + "checkpoint of its own; while a job is still starting (Flink names its snapshot only once it "
                + "restored it) nothing is deleted. Other deployments' snapshots are never touched. Prints "
                + "what it deleted. The local run prunes at every start.",
        footer = OpsCli.FOOTER)
public final class PruneCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--keep", paramLabel = "N", description = "how many to keep (default: snapshots.retained)")
    Integer keep;

    public PruneCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (keep != null && keep < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--keep must be at least 1: the newest snapshot is what a restart resumes from");
        }
        PipelineConfig config = context.config();
        Snapshots snapshots = Snapshots.of(config);
        if (!snapshots.local()) {
            throw new OpsFailure("only local directories can be pruned, not "
                    + config.faultTolerance().checkpointDir() + " / "
                    + config.faultTolerance().savepointDir());
        }
        // a directory not created yet is a fresh deployment, with nothing to delete; a file there the
        // configuration refuses (PipelineConfig)
        // the cluster must answer: a job that still runs must keep its checkpoints
        FlinkRestClient rest = context.rest();
        List<FlinkRestClient.Job> jobs = rest.jobs();
        Set<String> active = jobs.stream()
                .filter(j -> !j.ended())
                .map(FlinkRestClient.Job::id)
                .collect(Collectors.toSet());
        Set<String> starting = jobs.stream()
                .filter(j -> STARTING.contains(j.state()))
                .map(FlinkRestClient.Job::id)
                .collect(Collectors.toSet());
        // until a job restored from a snapshot completes a checkpoint of its own, a failover restores that
        // snapshot again (Flink's NO_CLAIM mode): it stays, however old
        Set<Path> restoredFrom = new java.util.HashSet<>();
        for (String job : active) {
            try {
                if (starting.contains(job) && rest.restoredFrom(job).isEmpty()) {
                    // Flink reports the snapshot a job restores only once it has restored it: the savepoint a
                    // job being submitted is about to read was deleted if it was old enough
                    throw new OpsFailure("job " + job + " is starting and Flink does not say yet which snapshot it"
                            + " restores, if any, so nothing was deleted: run ops prune again once the job runs");
                }
                if (!rest.checkpointedSinceRestore(job)) {
                    rest.restoredFrom(job).flatMap(Snapshots::localPath).ifPresent(restoredFrom::add);
                }
            } catch (FlinkRestException | FlinkUnexpectedAnswerException e) {
                if (e instanceof FlinkRestException rest404 && withoutCheckpointing(rest404)) {
                    // a job without checkpointing (a bounded backfill on the same cluster) neither checkpoints
                    // nor restores: until 2026-12-03 it kept prune from deleting anything while it ran
                    continue;
                }
                throw new OpsFailure("cannot tell which snapshot job " + job + " restored from (" + e.getMessage()
                        + "), so nothing was deleted: run ops prune again once the job runs");
            }
        }
        int n = keep != null ? keep : config.operations().snapshotsRetained();
        List<Path> deleted = snapshots.prune(n, active, restoredFrom);
        deleted.forEach(context.out()::println);
        context.say(
                "prune",
                deleted.isEmpty()
                        ? "nothing to delete: at most " + n + " savepoints and " + n
                                + " earlier jobs with checkpoints, and what a running job may still restore"
                        : "deleted " + deleted.size() + " old snapshot folder(s); kept the newest " + n);
        return OpsCli.EXIT_OK;
    }

    /** A job's states before it runs: the snapshot it starts from may not be restored yet. */
    private static final Set<String> STARTING = Set.of("INITIALIZING", "CREATED");

    /** Flink's answer for the checkpoints of a job that does not checkpoint (BATCH): 404 and this message. */
    static boolean withoutCheckpointing(FlinkRestException e) {
        return e.status() == 404 && String.valueOf(e.getMessage()).contains("Checkpointing has not been enabled");
    }
}
