package io.streamlab.pipeline.ops.savepoints;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.JobOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops savepoint}: a savepoint of a running job, which keeps running. */
@Command(
        name = "savepoint",
        header = "a savepoint of the running job, which keeps running",
        description = "Takes a savepoint of a running job, waits until it is complete and prints its location. "
                + "The job keeps running (ops stop stops it with a savepoint).",
        footer = OpsCli.FOOTER)
public final class SavepointCommand implements Callable<Integer> {
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
            description = "where the savepoint goes, as the JobManager sees it (default: the job's savepoint.dir);"
                    + " a relative path is made absolute")
    String dir;

    public SavepointCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        FlinkRestClient rest = context.rest();
        String job = jobOption.runningJob(spec, context, rest);
        context.say("savepoint", "savepoint of job " + job + " triggered; waiting for it...");
        String location = SavepointOperation.triggerAndAwait(
                        context,
                        rest,
                        job,
                        () -> rest.triggerSavepoint(job, SavepointOperation.targetDirectory(dir)),
                        "savepoint",
                        dir != null ? dir : context.config().faultTolerance().savepointDir())
                .location();
        context.say("savepoint", "savepoint complete; the job keeps running");
        if (dir != null
                && !StopCommand.underSavepointDir(
                        location, context.config().faultTolerance().savepointDir())) {
            context.say("savepoint", StopCommand.resumeHint(rest.isLocalRun(), location));
        }
        context.out().println(location);
        return OpsCli.EXIT_OK;
    }
}
