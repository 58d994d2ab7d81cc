package io.streamlab.pipeline.ops.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobGraph that {@code ops submit} and {@code ops resume} send: built from a job jar's main(), with the
 * snapshot to restore from and {@code --allow-non-restored-state} in its restore settings, which is
 * where Flink reads them.
 */
class JobGraphsTest {
    static final String JOB_ID = "0123456789abcdef0123456789abcdef";

    /** A job jar's main(): one source, one sink. */
    public static final class TinyJob {
        public static void main(String[] args) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSequence(1, 3).uid("numbers").sinkTo(new DiscardingSink<>());
            env.execute("tiny");
        }
    }

    @TempDir
    Path dir;

    @Test
    void aResumeThatMayDropStateSaysSoInTheGraph() throws Exception {
        JobGraph graph = build(Optional.of("file:/savepoints/savepoint-012345-aabbccddeeff"), true);

        assertThat(graph.getSavepointRestoreSettings())
                .isEqualTo(SavepointRestoreSettings.forPath("file:/savepoints/savepoint-012345-aabbccddeeff", true));
        assertThat(graph.getJobID().toHexString()).isEqualTo(JOB_ID);
    }

    @Test
    void byDefaultARestoreRefusesStateItCannotMap() throws Exception {
        JobGraph graph = build(Optional.of("file:/savepoints/savepoint-012345-aabbccddeeff"), false);

        assertThat(graph.getSavepointRestoreSettings().restoreSavepoint()).isTrue();
        assertThat(graph.getSavepointRestoreSettings().allowNonRestoredState()).isFalse();
    }

    @Test
    void aFreshStartRestoresNothing() throws Exception {
        assertThat(build(Optional.empty(), true).getSavepointRestoreSettings())
                .isEqualTo(SavepointRestoreSettings.none());
    }

    private JobGraph build(Optional<String> restoreFrom, boolean allowNonRestoredState) throws Exception {
        JobGraphs.Built built = JobGraphs.build(jobJar(), List.of(), restoreFrom, allowNonRestoredState, 1, JOB_ID);
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(built.file()))) {
            return (JobGraph) in.readObject();
        } finally {
            Files.deleteIfExists(built.file());
        }
    }

    /** A jar holding TinyJob, with it as Main-Class, as the job jar holds its main. */
    private Path jobJar() throws IOException {
        Path jar = dir.resolve("tiny-job.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TinyJob.class.getName());
        String entry = TinyJob.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream classFile = TinyJob.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
