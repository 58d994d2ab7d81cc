package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.JobOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.ops.savepoints.StopCommand;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ops rescale}: stop with a savepoint, then resume with another parallelism. */
@Command(
        name = "rescale",
        header = "stop with a savepoint, then resume with another parallelism",
        description = "Changes the parallelism of a running job: checks that the cluster has PARALLELISM slots, "
                + "stops the job with a savepoint, then starts it from that savepoint with --job.parallelism "
                + "PARALLELISM. Prints the new job id. Keyed state is redistributed by key group, up to "
                + "job.max-parallelism. Pass the same flags after -- as at the first submission.",
        footer = OpsCli.FOOTER)
public final class RescaleCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Mixin
    JobOption jobOption;

    @Mixin
    SubmitOptions submitOptions;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PARALLELISM", description = "the new parallelism")
    int parallelism;

    public RescaleCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "'" + parallelism + "' is not a parallelism (a positive number)");
        }
        Path jobJar = submitOptions.jobJar(context);
        FlinkRestClient rest = context.rest();
        Submission.refuseLocalRun(
                rest, " To change its parallelism: ./run-local.sh -- --job.parallelism " + parallelism);
        String job = jobOption.runningJob(spec, context, rest);
        FlinkRestClient.ClusterOverview cluster = rest.overview();
        int slots = cluster.slotsTotal();
        if (slots < parallelism) {
            throw new OpsFailure("parallelism " + parallelism + " needs " + parallelism + " slots but the cluster has "
                    + slots + ": add TaskManagers first (docker compose up -d --scale taskmanager=N); job " + job
                    + " was left running");
        }
        // the slots of other jobs are not ours: the new job would wait for them, restarting, until ops.timeout
        int forThisJob = cluster.slotsAvailable() + rest.job(job).maxParallelism();
        if (forThisJob < parallelism) {
            throw new OpsFailure("parallelism " + parallelism + " needs " + parallelism + " slots but only "
                    + forThisJob
                    + " of the cluster's " + slots + " are free or held by job " + job + " (other jobs hold the rest):"
                    + " stop them or add TaskManagers first; job " + job + " was left running");
        }
        // a setting the new parallelism breaks (job.max-parallelism) fails here, before anything is stopped
        PipelineConfig.load(Submission.withParallelism(context.configFlags(), parallelism), context.env());
        String savepoint = StopCommand.stop(context, rest, job, false, null);
        context.say(
                "rescale",
                "job " + job + " stopped with savepoint " + savepoint + "; starting it with parallelism "
                        + parallelism);
        String newJob;
        try {
            newJob = new Submission(context, "rescale")
                    .submit(
                            rest,
                            new Submission.Request(
                                    jobJar, Optional.of(savepoint), false, parallelism, submitOptions.awaitRunning()));
        } catch (Submission.SubmittedButNotRunning e) {
            // Flink has the new job: "nothing runs now" and ops resume would be wrong
            throw new OpsFailure("the job was stopped with savepoint " + savepoint + " and submitted again: "
                    + e.getMessage() + "\nIf it failed: ops resume --parallelism " + parallelism + " " + savepoint);
        } catch (Exception e) {
            // whatever failed (the cluster unreachable, a refused submission), nothing runs now: say how to resume
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new OpsFailure("the job was stopped, but starting it again failed: " + why
                    + "\nOnce fixed: ops resume --parallelism " + parallelism + " " + savepoint);
        }
        context.say(
                "rescale",
                "rescaled: job " + newJob + " runs with parallelism " + parallelism + " (was job " + job + ")");
        context.out().println(newJob);
        return OpsCli.EXIT_OK;
    }
}
