package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.OpsCli;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ops resume}: starts the job from a given savepoint or retained checkpoint. */
@Command(
        name = "resume",
        header = "starts the job from a given savepoint or retained checkpoint",
        description = "Starts the job from the savepoint or retained checkpoint SNAPSHOT (what ops stop or ops "
                + "savepoint printed, or ops latest-checkpoint), waits until it runs and prints the new job "
                + "id. Every operator picks up its state by its uid: windows in progress, Kafka offsets, "
                + "pending Parquet files and Kafka transactions. Refused while a job named job.name has not "
                + "ended: two jobs of one deployment would share its Kafka transactional ids.",
        footer = OpsCli.FOOTER)
public final class ResumeCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Mixin
    SubmitOptions submitOptions;

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "SNAPSHOT",
            description = "the savepoint or chk-<n> folder, as the JobManager sees it (a local path is checked)")
    String snapshot;

    @Option(
            names = "--allow-non-restored-state",
            description = "the snapshot holds state of an operator the job no longer has (removed, or its uid"
                    + " changed): drop that state instead of refusing to start. See the README first.")
    boolean allowNonRestoredState;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "resume with another parallelism (state is redistributed by key group)")
    Integer parallelism;

    public ResumeCommand(OpsContext context) {
        this.context = context;
    }

    /**
     * A snapshot visible from here must be complete (a folder with {@code _metadata} in it, or that
     * {@code _metadata} file itself) and is given to Flink as an absolute path; anything else (another
     * machine's path, s3://) is passed on as it is.
     */
    static String checkSnapshot(String snapshot) {
        Optional<Path> local = Snapshots.localPath(snapshot);
        if (local.isEmpty() || !Files.exists(local.get())) {
            return snapshot;
        }
        Path path = local.get();
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("_metadata"))) {
                throw new OpsFailure(snapshot + " is not a complete savepoint or checkpoint (no _metadata in it)");
            }
        } else if (!Files.isRegularFile(path) || !path.getFileName().toString().equals("_metadata")) {
            throw new OpsFailure(snapshot + " is not a savepoint or checkpoint: it is a file, not a savepoint-… or"
                    + " chk-<n> folder with _metadata in it (or that _metadata file)");
        }
        return Snapshots.flinkUri(path);
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--parallelism must be at least 1");
        }
        String name = context.config().job().name();
        Path jobJar = submitOptions.jobJar(context);
        String restore = checkSnapshot(snapshot);
        FlinkRestClient rest = context.rest();
        Submission.refuseLocalRun(rest, "");
        List<FlinkRestClient.Job> present = rest.jobsNotEnded(name);
        if (!present.isEmpty()) {
            throw new OpsFailure("job " + name + " is still " + present.get(0).state() + " ("
                    + present.get(0).id()
                    + "): stop it first (ops stop), two jobs of one deployment would share its Kafka transactional"
                    + " ids");
        }
        String id = new Submission(context, "resume")
                .submit(
                        rest,
                        new Submission.Request(
                                jobJar,
                                Optional.of(restore),
                                allowNonRestoredState,
                                parallelism,
                                submitOptions.awaitRunning()));
        context.out().println(id);
        return OpsCli.EXIT_OK;
    }
}
