package io.streamlab.pipeline.ops;

import picocli.CommandLine.Option;

/** {@code --job JOB_ID} of the commands that act on one running job; see {@link JobSelection#resolve}. */
public final class JobOption {
    @Option(
            names = "--job",
            paramLabel = "JOB_ID",
            description = "the job (default: the running job named job.name; ops jobs lists them)")
    String id;

    /** The id given, or null for the pipeline's own job. */
    public String id() {
        return id;
    }
}
