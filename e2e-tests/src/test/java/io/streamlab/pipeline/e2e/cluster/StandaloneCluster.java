package io.streamlab.pipeline.e2e.cluster;

import io.streamlab.pipeline.e2e.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink session cluster as the docker compose file runs it, without Docker: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}) in two JVMs
 * started the way jobmanager.sh and taskmanager.sh start them, from conf/flink/config.yaml with its Java 17
 * options and memory sizing. Only addresses, ports and directories are overridden (they name containers
 * and volumes). The classpath is Flink's own (the job jar's provided dependencies), not the test's.
 */
final class StandaloneCluster implements AutoCloseable {
    /** Classes of Flink's distribution (flink-dist's lib/) that the job's provided classpath lacks. */
    private static final List<String> DISTRIBUTION_CLASSES = List.of(
            "org.apache.commons.lang3.StringUtils",
            "org.apache.commons.text.StringSubstitutor",
            "org.apache.commons.io.IOUtils",
            "org.apache.commons.compress.archivers.ArchiveEntry",
            "javax.annotation.Nullable",
            "org.apache.flink.connector.file.sink.FileSink",
            "org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner");

    final String rest;
    final Path checkpoints;
    final Path savepoints;
    final int slots;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();

    private StandaloneCluster(String rest, Path checkpoints, Path savepoints, int slots, Path logs) {
        this.rest = rest;
        this.checkpoints = checkpoints;
        this.savepoints = savepoints;
        this.slots = slots;
        this.logs = logs;
    }

    static StandaloneCluster start(Path work, int slots) throws IOException, InterruptedException {
        Path confDir = Files.createDirectories(work.resolve("conf"));
        Files.copy(Repository.root().resolve("conf/flink/config.yaml"), confDir.resolve("config.yaml"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        Files.writeString(confDir.resolve("log4j2.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                """);
        int restPort = Repository.freePort();
        Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
        Path savepoints = Files.createDirectories(work.resolve("savepoints"));

        // Only what names containers and volumes in docker-compose.yml changes; everything else is config.yaml.
        Map<String, String> dynamic = new LinkedHashMap<>();
        dynamic.put("jobmanager.rpc.address", "localhost");
        dynamic.put("jobmanager.rpc.port", Integer.toString(Repository.freePort()));
        dynamic.put("jobmanager.bind-host", "127.0.0.1");
        dynamic.put("taskmanager.bind-host", "127.0.0.1");
        dynamic.put("taskmanager.host", "localhost");
        dynamic.put("rest.address", "localhost");
        dynamic.put("rest.bind-address", "127.0.0.1");
        dynamic.put("rest.port", Integer.toString(restPort));
        dynamic.put("web.upload.dir", work.resolve("jars").toString());
        dynamic.put("io.tmp.dirs", Files.createDirectories(work.resolve("tmp")).toString());
        dynamic.put("execution.checkpointing.dir", checkpoints.toUri().toString());
        dynamic.put("execution.checkpointing.savepoint-dir", savepoints.toUri().toString());
        dynamic.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));

        Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString(), Configuration.fromMap(dynamic));
        List<String> javaOpts =
                Arrays.asList(conf.toMap().get("env.java.opts.all").trim().split("\\s+"));
        String classpath = classpath();
        List<String> dynamicArgs = new ArrayList<>();
        dynamic.forEach((k, v) -> dynamicArgs.add("-D" + k + "=" + v));

        StandaloneCluster cluster =
                new StandaloneCluster("http://localhost:" + restPort, checkpoints, savepoints, slots, logs);
        try {
            JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
            List<String> jmCommand =
                    java(javaOpts, JobManagerProcessUtils.generateJvmParametersStr(jm, conf), confDir, classpath);
            jmCommand.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            jmCommand.addAll(List.of("--configDir", confDir.toString()));
            jmCommand.addAll(dynamicArgs);
            jmCommand.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(jm)));
            cluster.launch("jobmanager", jmCommand);

            TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
            List<String> tmCommand =
                    java(javaOpts, ProcessMemoryUtils.generateJvmParametersStr(tm), confDir, classpath);
            tmCommand.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
            tmCommand.addAll(List.of("--configDir", confDir.toString()));
            tmCommand.addAll(dynamicArgs);
            tmCommand.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(tm)));
            cluster.launch("taskmanager", tmCommand);

            cluster.awaitSlots(Duration.ofMinutes(2));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private static List<String> java(List<String> javaOpts, String memoryOpts, Path confDir, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.addAll(split(memoryOpts));
        command.add("-Dlog4j.configurationFile="
                + confDir.resolve("log4j2.properties").toUri());
        command.addAll(List.of("-cp", classpath));
        return command;
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    /** Flink's runtime as the image has it: the job's provided dependencies plus what flink-dist also bundles. */
    private static String classpath() throws IOException {
        Path provided = Repository.root().resolve("flink-job/target/provided-classpath.txt");
        if (!Files.isRegularFile(provided)) {
            throw new IllegalStateException(
                    provided + " is missing: it is written by the package phase " + "(./mvnw -pl flink-job package)");
        }
        Set<String> entries = new LinkedHashSet<>(
                Arrays.asList(Files.readString(provided).trim().split(":")));
        Path project = Repository.root();
        for (String className : DISTRIBUTION_CLASSES) {
            // the library's own jar, never the shaded job jar (failsafe puts it on the test classpath)
            String resource = className.replace('.', '/') + ".class";
            Path found = null;
            for (URL url :
                    Collections.list(StandaloneCluster.class.getClassLoader().getResources(resource))) {
                if (!"jar".equals(url.getProtocol())) {
                    continue;
                }
                String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
                try {
                    Path jar = Path.of(new URI(file));
                    if (!jar.startsWith(project)) {
                        found = jar;
                        break;
                    }
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("Unexpected location of " + className + ": " + url, e);
                }
            }
            if (found == null) {
                throw new IllegalStateException("No library jar with " + className + " for the cluster's classpath");
            }
            entries.add(found.toString());
        }
        return String.join(":", entries);
    }

    private void launch(String name, List<String> command) throws IOException {
        Path log = logs.resolve(name + ".log");
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
    }

    private void awaitSlots(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "A cluster process exited with " + p.exitValue() + "\n" + logTails());
                }
            }
            try {
                Repository.Http overview = Repository.get(rest + "/overview");
                if (overview.status() == 200
                        && overview.json().get("slots-total").asInt() == slots) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "The cluster did not offer " + slots + " slots within " + timeout.toSeconds() + " s\n" + logTails());
    }

    boolean isAlive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    /** The last lines of the JobManager's and the TaskManager's logs, for failure messages. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                out.append("----- ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(")");
        }
        return out.toString();
    }

    /** Whether the JobManager's log holds this text (what a user would find with docker compose logs). */
    boolean jobManagerLogContains(String text) {
        try {
            return Files.readString(logs.resolve("jobmanager.log")).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
