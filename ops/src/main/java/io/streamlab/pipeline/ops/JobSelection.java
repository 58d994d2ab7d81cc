package io.streamlab.pipeline.ops;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.JobNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Which job a command acts on: the one given with --job, or the pipeline's own (job.name) that has not ended. */
public final class JobSelection {
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private JobSelection() {}

    /** A usage error (exit 2) unless {@code jobId} looks like a Flink job id. */
    public static String checkJobId(CommandSpec spec, String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "'" + jobId + "' is not a job id (32 hex characters; ops jobs lists them)");
        }
        return jobId.toLowerCase(Locale.ROOT);
    }

    /** The job given, or else the one job named {@code job.name} that has not ended. */
    public static String resolve(CommandSpec spec, OpsContext context, FlinkRestClient rest, String jobId)
            throws IOException, InterruptedException {
        if (jobId != null) {
            return checkJobId(spec, jobId);
        }
        String name = context.config().job().name();
        List<FlinkRestClient.Job> candidates = rest.jobsNotEnded(name);
        if (candidates.isEmpty()) {
            throw new OpsFailure("no job named " + name + " is running at " + rest.address()
                    + " (ops jobs lists the jobs; --job JOB_ID picks one)");
        }
        if (candidates.size() > 1) {
            throw new OpsFailure("several jobs named " + name + " at " + rest.address() + " ("
                    + String.join(
                            ", ",
                            candidates.stream().map(FlinkRestClient.Job::id).toList())
                    + "): pick one with --job JOB_ID");
        }
        return candidates.get(0).id();
    }

    /** The job's details, if it exists and is RUNNING; an {@link OpsFailure} saying why not otherwise. */
    public static FlinkRestClient.JobDetails requireRunning(FlinkRestClient rest, String jobId)
            throws IOException, InterruptedException {
        FlinkRestClient.JobDetails job;
        try {
            job = rest.job(jobId);
        } catch (JobNotFoundException e) {
            throw new OpsFailure("job " + jobId + " not found at " + rest.address() + " (ops jobs lists the jobs)");
        }
        if (!"RUNNING".equals(job.state())) {
            throw new OpsFailure("job " + jobId + " is " + job.state() + ", not RUNNING");
        }
        return job;
    }
}
