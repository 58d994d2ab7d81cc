package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.FlinkRestException;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.ops.Poll;
import io.streamlab.pipeline.snapshots.Deployment;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starting the job on a session cluster: its JobGraph built here from the job jar and the job flags,
 * then {@code POST /jobs} (the REST API's jar upload can stay off). The job id carries the deployment's
 * fingerprint, so its checkpoints and savepoints are recognised as this deployment's later.
 */
final class Submission {
    /** What to start: from which snapshot, with which parallelism, and whether to wait for its tasks. */
    record Request(
            Path jar,
            Optional<String> restoreFrom,
            boolean allowNonRestoredState,
            Integer parallelism,
            boolean waitUntilRunning) {}

    private final OpsContext context;
    private final String command;

    Submission(OpsContext context, String command) {
        this.context = context;
        this.command = command;
    }

    /** The job jar: --jar, else ops.job-jar, else the one this checkout builds. A missing jar is reported first. */
    static Path jar(OpsContext context, String option) {
        return jar(context, option, Installation::locate);
    }

    static Path jar(OpsContext context, String option, Supplier<Installation> installation) {
        String configured =
                option != null ? option : context.config().operations().jobJar();
        if (configured.isBlank()) {
            try {
                return installation.get().jobJar();
            } catch (OpsFailure missing) {
                throw new OpsFailure(missing.getMessage() + ", or pass --jar JAR (or set ops.job-jar)");
            }
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new OpsFailure("no jar at " + jar + " (build it: ./mvnw -B package -DskipTests)");
        }
        return jar;
    }

    /** Refuses the one-job cluster of a local run: nothing can be submitted to it. */
    static void refuseLocalRun(FlinkRestClient rest, String hint) throws IOException, InterruptedException {
        if (rest.isLocalRun()) {
            throw new OpsFailure(rest.address() + " is the local run of ./run-local.sh: a cluster that exists for"
                    + " one job and stops with it, so nothing can be submitted to it. Stop the job (ops stop, or"
                    + " Ctrl+C in run-local.sh), then start it again with ./run-local.sh: it resumes from its newest"
                    + " savepoint (--fresh starts over)." + hint);
        }
    }

    /** The newest snapshot of this deployment, as a path Flink restores from; empty when there is none. */
    Optional<String> newestSnapshot(PipelineConfig config, FlinkRestClient rest)
            throws IOException, InterruptedException {
        Snapshots snapshots = Snapshots.of(config);
        if (!snapshots.local()) {
            // starting over without a word read the topics again from job.start-from and routed every ticket
            // to the team topics a second time, when a snapshot was there all along
            throw new OpsFailure("checkpoint.dir or savepoint.dir is not a local directory ("
                    + config.faultTolerance().checkpointDir() + ", "
                    + config.faultTolerance().savepointDir()
                    + "): this deployment's snapshots cannot be looked for from here. Pass --savepoint PATH to"
                    + " resume from one (the web UI lists the checkpoints of a job), or --fresh to start over");
        }
        Optional<Snapshots.Snapshot> newest = snapshots.newest();
        Optional<Snapshots.Snapshot> another = snapshots.newestSavepointOfAnotherDeployment();
        if (newest.isEmpty() && another.isPresent()) {
            throw new OpsFailure(Snapshots.anotherDeploymentsSavepoint(another.get(), "--savepoint", "--fresh"));
        }
        Optional<LastSnapshot> left = lastJobsSnapshot(rest, snapshots.deployment());
        if (newest.isPresent() && left.isPresent()) {
            refuseOlderThanTheLastJobs(newest.get(), left.get());
            left = Optional.empty();
        }
        if (left.isPresent()) {
            String where = "no snapshot of this deployment in "
                    + config.faultTolerance().checkpointDir() + " or "
                    + config.faultTolerance().savepointDir() + ", but the cluster's job "
                    + left.get().job()
                    + " of this deployment (" + left.get().state() + ") left the snapshot "
                    + left.get().path();
            boolean here =
                    Snapshots.localPath(left.get().path()).map(Files::exists).orElse(false);
            throw new OpsFailure(where
                    + (here
                            ? ", which is here but in neither folder (stopped with --dir?): resume it with ops resume "
                                    + left.get().path() + ", or pass --fresh to start over"
                            : ", which is not here: does ops run on another machine or container than the JobManager,"
                                    + " or was it moved or deleted? Starting over would read the topics again and route"
                                    + " every ticket a second time. Pass --savepoint PATH to resume from it, or --fresh"
                                    + " to start over"));
        }
        newest.ifPresentOrElse(
                s -> context.say(
                        command,
                        "resuming from " + s.path() + ", the newest "
                                + s.kind().name().toLowerCase()
                                + " of this deployment (--fresh starts over, --savepoint picks another)"),
                () -> context.say(
                        command,
                        "no snapshot of this deployment in "
                                + config.faultTolerance().checkpointDir() + " or "
                                + config.faultTolerance().savepointDir() + ": the job starts from job.start-from ("
                                + config.job().startFrom().name().toLowerCase() + ")"));
        return newest.map(Snapshots.Snapshot::uri);
    }

    /**
     * The newest snapshot in the folders is the one to resume only if the cluster's last job of this
     * deployment did not leave a later one elsewhere: a job stopped with {@code --dir} outside
     * savepoint.dir left its savepoint there, and resuming the newest in the folders (an older savepoint,
     * a checkpoint of an earlier job) read again and wrote twice everything since.
     */
    private static void refuseOlderThanTheLastJobs(Snapshots.Snapshot newest, LastSnapshot left) {
        Optional<Path> leftHere = Snapshots.localPath(left.path())
                .map(p -> p.toAbsolutePath().normalize())
                .filter(Files::exists);
        if (leftHere.isPresent()
                && (leftHere.get().equals(newest.path().toAbsolutePath().normalize())
                        || !modified(leftHere.get()).isAfter(newest.time()))) {
            return;
        }
        throw new OpsFailure("the newest snapshot of this deployment here is " + newest.path() + ", but the cluster's"
                + " job " + left.job() + " of this deployment (" + left.state() + ") left "
                + (leftHere.isPresent()
                        ? "a later one, " + left.path() + " (stopped with --dir?)"
                        : left.path() + ", which is not here (another machine or container than the JobManager?)")
                + ": resuming the older one would read again and write twice everything since. Resume it with"
                + " ops resume " + left.path() + ", pass --savepoint " + newest.path()
                + " to resume the older one all the same, or --fresh to start over");
    }

    /** When a snapshot was written: its metadata file's time, or the folder's. */
    private static Instant modified(Path snapshot) {
        Path metadata = snapshot.resolve("_metadata");
        try {
            return Files.getLastModifiedTime(Files.exists(metadata) ? metadata : snapshot)
                    .toInstant();
        } catch (IOException e) {
            return Instant.MAX;
        }
    }

    /** The last snapshot Flink reports for an ended job of this deployment. */
    private record LastSnapshot(String job, String state, String path) {}

    /**
     * The last snapshot Flink reports for the newest ended job of this deployment that the cluster remembers.
     * None found in the snapshot folders here, it shows that ops does not see the JobManager's files (another
     * machine or container), where starting over read the topics again and routed every ticket a second time.
     */
    private static Optional<LastSnapshot> lastJobsSnapshot(FlinkRestClient rest, Deployment deployment)
            throws IOException, InterruptedException {
        Optional<FlinkRestClient.Job> last = rest.jobs().stream()
                .filter(j -> j.ended() && deployment.started(j.id()))
                .max(java.util.Comparator.comparingLong(FlinkRestClient.Job::startTime));
        if (last.isEmpty()) {
            return Optional.empty();
        }
        FlinkRestClient.Job job = last.get();
        try {
            return rest.lastSnapshot(job.id(), "FINISHED".equals(job.state()))
                    .map(path -> new LastSnapshot(job.id(), job.state(), path));
        } catch (FlinkRestException notKnown) {
            // the job left the cluster's history since it was listed: nothing to go by
            if (notKnown.status() == 404) {
                return Optional.empty();
            }
            throw notKnown;
        }
    }

    /** The configuration flags with {@code --job.parallelism}: the job reads it like every other setting. */
    static List<String> withParallelism(List<String> configFlags, int parallelism) {
        List<String> flags = new ArrayList<>(configFlags);
        flags.addAll(List.of("--job.parallelism", Integer.toString(parallelism)));
        return flags;
    }

    /** Builds, submits and (unless told not to) waits until every task runs; returns the job id. */
    String submit(FlinkRestClient rest, Request request) throws Exception {
        List<String> jobFlags = request.parallelism() == null
                ? new ArrayList<>(context.configFlags())
                : withParallelism(context.configFlags(), request.parallelism());
        if (request.parallelism() != null) {
            int slots = rest.overview().slotsTotal();
            if (slots < request.parallelism()) {
                throw new OpsFailure("parallelism " + request.parallelism() + " needs " + request.parallelism()
                        + " slots but the cluster has " + slots + ": add TaskManagers first (docker compose up -d"
                        + " --scale taskmanager=N; each has taskmanager.numberOfTaskSlots slots)");
            }
        }
        PipelineConfig config = PipelineConfig.load(jobFlags, context.env());
        String jobId = Deployment.of(config).newJobId();
        context.say(
                command,
                "building the job graph of " + request.jar().getFileName() + " (its main() runs here and checks"
                        + " Kafka at " + config.kafka().bootstrapServers() + ")...");
        JobGraphs.Built built = JobGraphs.build(
                request.jar(),
                jobFlags,
                request.restoreFrom(),
                request.allowNonRestoredState(),
                config.job().parallelism(),
                jobId);
        String submitted;
        try {
            context.say(
                    command,
                    "submitting job " + built.jobId() + " to " + rest.address()
                            + request.restoreFrom()
                                    .map(p -> " from " + RawConfig.withoutCredentials(p))
                                    .orElse(""));
            submitted = rest.submit(built.file(), built.jars());
        } finally {
            Files.deleteIfExists(built.file());
        }
        if (request.waitUntilRunning()) {
            try {
                awaitRunning(rest, submitted, config);
            } catch (JobEnded ended) {
                throw new SubmittedButNotRunning(submitted, ended.getMessage(), false);
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new SubmittedButNotRunning(submitted, why, true);
            }
            context.say(command, "job " + submitted + " is running");
        }
        return submitted;
    }

    /**
     * The job was submitted (Flink has it), but was not seen running: it failed, or the wait ran out, or
     * the REST API stopped answering. Said apart from a submission that failed, after which nothing runs.
     */
    public static final class SubmittedButNotRunning extends OpsFailure {
        private static final long serialVersionUID = 1L;
        private final String jobId;

        SubmittedButNotRunning(String jobId, String why, boolean mayStillStart) {
            super("job " + jobId + " was submitted, but was not seen running: " + why
                    + (mayStillStart ? " (ops jobs shows its state; it may still start)" : ""));
            this.jobId = jobId;
        }

        public String jobId() {
            return jobId;
        }
    }

    /** The submitted job ended (FAILED, say) before every task ran. */
    static final class JobEnded extends OpsFailure {
        private static final long serialVersionUID = 1L;

        JobEnded(String message) {
            super(message);
        }
    }

    void awaitRunning(FlinkRestClient rest, String jobId, PipelineConfig config) throws Exception {
        context.say(command, "job " + jobId + " submitted; waiting for its tasks to run...");
        Poll.until(
                "every task of job " + jobId + " running", config.operations().timeout(), () -> {
                    FlinkRestClient.JobDetails job;
                    try {
                        job = rest.job(jobId);
                    } catch (IOException failure) {
                        // a dropped request or a server error while the job starts: ask again until the deadline
                        if (!FlinkRestClient.mayAnswerLater(failure)) {
                            throw failure;
                        }
                        return Optional.empty();
                    }
                    if (job.ended()) {
                        String cause =
                                rest.rootException(jobId).map(c -> ": " + c).orElse("");
                        throw new JobEnded("job " + jobId + " is " + job.state() + cause);
                    }
                    return job.everyTaskRunning() ? Optional.of(job) : Optional.empty();
                });
    }
}
