package io.streamlab.pipeline.ops.submit;

import io.streamlab.pipeline.files.IoErrors;
import io.streamlab.pipeline.ops.OpsFailure;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;

/**
 * The JobGraph of the job jar, built in this JVM the way {@code flink run} builds it: the jar's main()
 * runs (with its own classes first, in a user class loader) against a plan environment that captures
 * the pipeline instead of executing it. The graph is written to a file in the form Flink's REST client
 * uploads (Java serialization), for {@code POST /jobs}.
 */
final class JobGraphs {
    /** A JobGraph ready to submit: its file, the jars its user code needs, and its id. */
    record Built(Path file, List<Path> jars, String jobId) {}

    private JobGraphs() {}

    static Built build(
            Path jar,
            List<String> args,
            Optional<String> restoreFrom,
            boolean allowNonRestoredState,
            int parallelism,
            String jobId) {
        SavepointRestoreSettings restore = restoreFrom
                .map(path -> SavepointRestoreSettings.forPath(path, allowNonRestoredState))
                .orElse(SavepointRestoreSettings.none());
        Configuration configuration = new Configuration();
        PackagedProgram program = null;
        try {
            program = PackagedProgram.newBuilder()
                    .setJarFile(jar.toFile())
                    .setArguments(args.toArray(String[]::new))
                    .setConfiguration(configuration)
                    .setSavepointRestoreSettings(restore)
                    .build();
            JobGraph graph = PackagedProgramUtils.createJobGraph(
                    program, configuration, parallelism, JobID.fromHexString(jobId), false);
            Path file = Files.createTempFile("flink-jobgraph-" + jobId + "-", ".bin");
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
                out.writeObject(graph);
            }
            List<Path> jars =
                    graph.getUserJars().stream().map(p -> Path.of(p.toUri())).toList();
            return new Built(file, jars, graph.getJobID().toHexString());
        } catch (ProgramInvocationException e) {
            throw new OpsFailure("the job's main() stopped on an error: " + rootMessage(e));
        } catch (IOException e) {
            throw new OpsFailure("cannot write the job graph: " + IoErrors.describe(e, null));
        } finally {
            if (program != null) {
                program.close();
            }
        }
    }

    /** The innermost cause: the job's own message (a configuration error, Kafka unreachable…). */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        return t instanceof IllegalArgumentException || t instanceof IllegalStateException
                ? message
                : t.getClass().getSimpleName() + ": " + message;
    }
}
