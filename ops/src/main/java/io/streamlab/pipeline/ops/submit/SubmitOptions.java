package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.ops.OpsContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --jar} and {@code --no-wait} of the commands that submit the job: submit, resume, rescale. */
public final class SubmitOptions {
    @Option(
            names = "--jar",
            paramLabel = "JAR",
            description = "the job jar (default: ops.job-jar, else flink-job/target/flink-job-<version>.jar)")
    String jar;

    @Option(names = "--no-wait", description = "print the job id as soon as it is submitted")
    boolean noWait;

    /** The jar to submit; an OpsFailure when it does not exist. */
    Path jobJar(OpsContext context) {
        return Submission.jar(context, jar);
    }

    /** Whether to wait until the submitted job runs. */
    boolean awaitRunning() {
        return !noWait;
    }
}
