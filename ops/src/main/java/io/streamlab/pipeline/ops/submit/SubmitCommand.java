package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops submit}: starts the job on the cluster unless it is there, resuming this deployment's newest snapshot. */
@Command(
        name = "submit",
        header = "starts the job unless it runs, from this deployment's newest snapshot",
        description = "Starts the job on the Flink session cluster at ops.flink-rest, unless a job named job.name "
                + "is already there in any state but FINISHED, CANCELED and FAILED (then it prints its id and "
                + "does nothing). It resumes from the newest retained checkpoint or savepoint of this "
                + "deployment (job.name and checkpoint.dir; see the README) when there is one. The job's "
                + "main() builds its JobGraph here and POST /jobs submits it with the jar: the cluster's jar "
                + "upload can stay off. Waits until every task runs and prints the job id. The flags after -- "
                + "are the job's (and this command's) configuration.",
        footer = OpsCli.FOOTER)
public final class SubmitCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Mixin
    SubmitOptions submitOptions;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--savepoint",
            paramLabel = "PATH",
            description = "start from this savepoint or retained checkpoint instead of the newest one")
    String savepoint;

    @Option(names = "--fresh", description = "start without any snapshot (from job.start-from)")
    boolean fresh;

    @Option(
            names = "--allow-non-restored-state",
            description = "drop the state of operators the job no longer has instead of refusing to start")
    boolean allowNonRestoredState;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "run with parallelism N (as --job.parallelism N; the cluster needs N slots)")
    Integer parallelism;

    public SubmitCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (savepoint != null && fresh) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--savepoint and --fresh exclude each other");
        }
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be at least 1");
        }
        String name = context.config().job().name();
        Path jobJar = submitOptions.jobJar(context);
        // a bad --savepoint is reported before anything is asked of the cluster
        Optional<String> given = Optional.ofNullable(savepoint).map(ResumeCommand::checkSnapshot);
        FlinkRestClient rest = context.rest();
        Submission.refuseLocalRun(rest, "");
        List<FlinkRestClient.Job> present = rest.jobsNotEnded(name);
        if (!present.isEmpty()) {
            FlinkRestClient.Job job = present.get(0);
            context.say(
                    "submit",
                    "job " + name + " is already " + job.state() + " at " + rest.address() + " (" + job.id()
                            + "): nothing submitted");
            context.out().println(job.id());
            return OpsCli.EXIT_OK;
        }
        Submission submission = new Submission(context, "submit");
        Optional<String> restore = given.isPresent()
                ? given
                : fresh ? Optional.empty() : submission.newestSnapshot(context.config(), rest);
        String id = submission.submit(
                rest,
                new Submission.Request(
                        jobJar, restore, allowNonRestoredState, parallelism, submitOptions.awaitRunning()));
        context.out().println(id);
        return OpsCli.EXIT_OK;
    }
}
