package io.streamlab.pipeline.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} gets: our code and the connectors in, the Flink API out. */
class ShadedJarITCase {

    static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("flink-job-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    // the test helpers e2e-tests shares, not a job jar
                    .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
                    .toList();
            assertEquals(1, jars.size(), "one job jar in target/: " + jars);
            return jars.get(0);
        }
    }

    @Test
    void bundlesConnectorsAndFormatsButNotTheFlinkRuntime() throws IOException {
        try (JarFile jar = new JarFile(jobJar().toFile())) {
            assertEquals(
                    PipelineJob.class.getName(),
                    jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String bundled : List.of(
                    "io/streamlab/pipeline/job/PipelineJob.class",
                    "io/streamlab/pipeline/records/Track.class",
                    "io/streamlab/pipeline/config/pipeline.properties",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/flink/connector/file/sink/FileSink.class",
                    "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                    "org/apache/parquet/avro/AvroParquetWriter.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "org/apache/hadoop/conf/Configuration.class")) {
                assertNotNull(jar.getEntry(bundled), bundled + " is bundled");
            }
            for (String provided : List.of(
                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                    "org/apache/flink/runtime/minicluster/MiniCluster.class",
                    "org/apache/logging/log4j/core/Logger.class")) {
                assertEquals(null, jar.getEntry(provided), provided + " comes from the cluster");
            }
            var services = jar.getEntry("META-INF/services/org.apache.flink.core.fs.FileSystemFactory");
            if (services != null) {
                String content = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(content.isBlank());
            }
            assertTrue(
                    jar.stream().noneMatch(e -> e.getName().matches("META-INF/.*\\.(SF|DSA|RSA)")),
                    "no signature files that would make the JVM reject the merged jar");
        }
    }

    @Test
    void theLocalRunClasspathIsWritten() throws IOException {
        String classpath = Files.readString(Path.of("target/provided-classpath.txt"));
        assertTrue(classpath.contains("flink-runtime-web"), "the web UI of run-local.sh");
        assertTrue(classpath.contains("flink-clients"));
    }
}
