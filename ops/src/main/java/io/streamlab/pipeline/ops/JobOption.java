package io.streamlab.pipeline.ops;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import java.io.IOException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --job JOB_ID} of the commands that act on one running job; see {@link JobSelection#resolve}. */
public final class JobOption {
    @Option(
            names = "--job",
            paramLabel = "JOB_ID",
            description = "the job (default: the running job named job.name; ops jobs lists them)")
    String id;

    /**
     * The job given, or else the pipeline's own (see {@link JobSelection#resolve}); an {@link OpsFailure}
     * unless it is RUNNING.
     */
    public String runningJob(CommandSpec spec, OpsContext context, FlinkRestClient rest)
            throws IOException, InterruptedException {
        String job = JobSelection.resolve(spec, context, rest, id);
        JobSelection.requireRunning(rest, job);
        return job;
    }
}
