package io.streamlab.pipeline.ops.snapshots;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.JobSelection;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops latest-checkpoint}: the snapshot a restart of this deployment resumes from. */
@Command(
        name = "latest-checkpoint",
        header = "the newest retained checkpoint or savepoint of this deployment",
        description = "Prints the newest complete snapshot of this deployment: a retained checkpoint "
                + "<checkpoint.dir>/<job id>/chk-<n> or a savepoint in savepoint.dir, whichever is newer, "
                + "with its _metadata. Snapshots of other deployments in the same directories are ignored "
                + "(see the README). What ops submit and run-local.sh resume from; to resume by hand: ops "
                + "resume \"$(ops latest-checkpoint)\"",
        footer = OpsCli.FOOTER)
public final class LatestCheckpointCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--job", paramLabel = "JOB_ID", description = "only the retained checkpoints of this job")
    String jobId;

    public LatestCheckpointCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String job = jobId == null ? null : JobSelection.checkJobId(spec, jobId);
        PipelineConfig config = context.config();
        Snapshots snapshots = Snapshots.of(config);
        if (!snapshots.local()) {
            throw new OpsFailure("only local directories are searched, not "
                    + config.faultTolerance().checkpointDir() + " / "
                    + config.faultTolerance().savepointDir());
        }
        Optional<Snapshots.Snapshot> newest = job == null
                ? snapshots.newest()
                : snapshots.checkpoints().stream()
                        .filter(c -> c.jobId().equals(job))
                        .findFirst();
        Snapshots.Snapshot found = newest.orElseThrow(() -> new OpsFailure("no complete "
                + (job == null
                        ? "checkpoint or savepoint of this deployment (job.name "
                                + config.job().name() + ") in "
                                + config.faultTolerance().checkpointDir() + " or "
                                + config.faultTolerance().savepointDir()
                        : "checkpoint of job " + job + " in "
                                + config.faultTolerance().checkpointDir())));
        context.out().println(found.path().toAbsolutePath().normalize());
        return OpsCli.EXIT_OK;
    }
}
