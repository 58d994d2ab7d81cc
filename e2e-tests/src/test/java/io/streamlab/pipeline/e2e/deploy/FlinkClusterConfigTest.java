package io.streamlab.pipeline.e2e.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.job.FlinkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.bash.FlinkConfigLoader;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/flink/config.yaml read by Flink's own code: the parser of config.yaml, the memory calculation the
 * start scripts do, the rewrite the image's entrypoint does, and agreement with the job's own settings.
 */
class FlinkClusterConfigTest {
    static Path confDir;
    static Configuration conf;
    static Map<String, String> values;

    @BeforeAll
    static void load() {
        confDir = Repository.root().resolve("conf/flink");
        assertTrue(Files.isRegularFile(confDir.resolve("config.yaml")));
        assertFalse(Files.exists(confDir.resolve("flink-conf.yaml")), "Flink 2.x reads config.yaml only");
        conf = GlobalConfiguration.loadConfiguration(confDir.toString());
        values = conf.toMap();
    }

    @Test
    void hasTheKeysTheComposeFileAndTheOpsCommandsRelyOn() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("jobmanager.rpc.address", "jobmanager"),
                Map.entry("jobmanager.bind-host", "0.0.0.0"),
                Map.entry("taskmanager.bind-host", "0.0.0.0"),
                Map.entry("rest.address", "jobmanager"),
                Map.entry("rest.port", "8081"),
                Map.entry("rest.bind-address", "0.0.0.0"),
                // jar upload and run off; submission goes through POST /jobs (ops submit)
                Map.entry("web.submit.enable", "false"),
                Map.entry("web.cancel.enable", "true"),
                // browsers may read the REST API's answers from the web UI's own origin only
                Map.entry("web.access-control-allow-origin", "http://localhost:8081"),
                Map.entry("state.backend.type", "hashmap"),
                Map.entry("execution.checkpointing.dir", "file:///flink-data/checkpoints"),
                Map.entry("execution.checkpointing.savepoint-dir", "file:///savepoints"),
                Map.entry("execution.checkpointing.mode", "EXACTLY_ONCE"),
                Map.entry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION"),
                Map.entry("pipeline.generic-types", "false"),
                Map.entry("cluster.intercept-user-system-exit", "THROW"),
                Map.entry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory"),
                Map.entry("metrics.reporter.prom.port", "9249-9260"));
        expected.forEach((k, v) -> assertEquals(v, values.get(k), k));
        assertTrue(Integer.parseInt(values.get("taskmanager.numberOfTaskSlots")) >= 1);
        assertTrue(
                TimeUtils.parseDuration(values.get("execution.checkpointing.interval"))
                                .toMillis()
                        > 0,
                "checkpointing is on");
        assertFalse(values.containsKey("taskmanager.host"), "scaled TaskManagers each announce their own address");
        assertFalse(values.containsKey("web.upload.dir"), "no jars are uploaded");
        assertEquals(
                "http://localhost:" + values.get("rest.port"),
                values.get("web.access-control-allow-origin"),
                "the origin of the web UI the compose file publishes");
    }

    @Test
    void theRestartStrategyIsBounded() {
        String type = values.get("restart-strategy.type");
        assertTrue(
                List.of("fixed-delay", "exponential-delay", "failure-rate", "none")
                        .contains(type),
                type);
        if (type.equals("fixed-delay")) {
            int attempts = Integer.parseInt(values.get("restart-strategy.fixed-delay.attempts"));
            assertTrue(attempts > 0 && attempts < Integer.MAX_VALUE, "bounded attempts: " + attempts);
        }
        if (type.equals("exponential-delay")) {
            int attempts =
                    Integer.parseInt(values.get("restart-strategy.exponential-delay.attempts-before-reset-backoff"));
            assertTrue(attempts > 0 && attempts < Integer.MAX_VALUE, "bounded attempts: " + attempts);
            assertTrue(
                    values.containsKey("restart-strategy.exponential-delay.reset-backoff-threshold"),
                    "old failures are forgiven after a while");
        }
    }

    @Test
    void java17OpensIncludeWhatRestSubmissionNeeds() {
        String opts = values.get("env.java.opts.all");
        for (String open : List.of(
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")) {
            assertTrue(opts.contains(open), open);
        }
    }

    /** What jobmanager.sh and taskmanager.sh compute before starting the JVMs (BashJavaUtils). */
    @Test
    void theMemorySizingIsValidForTheStartScripts() {
        JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
        assertEquals(MemorySize.parse(values.get("jobmanager.memory.process.size")), jm.getTotalProcessMemorySize());
        assertTrue(jm.getJvmHeapMemorySize().compareTo(MemorySize.parse("384m")) >= 0, "JobManager heap " + jm);

        TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        assertEquals(MemorySize.parse(values.get("taskmanager.memory.process.size")), tm.getTotalProcessMemorySize());
        int slots = Integer.parseInt(values.get("taskmanager.numberOfTaskSlots"));
        MemorySize taskHeap = tm.getTaskHeapSize();
        assertTrue(
                taskHeap.getBytes() / slots >= MemorySize.parse("384m").getBytes(),
                "at least 384 MiB of task heap per slot for the hashmap state: " + taskHeap + " for " + slots
                        + " slots");
        assertTrue(
                tm.getManagedMemorySize().getBytes() < taskHeap.getBytes(),
                "managed memory (RocksDB only) stays small with the hashmap backend");
    }

    /** The image's entrypoint rewrites config.yaml with these -D options (flink-docker 2.2 docker-entrypoint.sh). */
    @Test
    void theImageEntrypointRewriteKeepsEveryKey(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("conf"));
        Files.copy(confDir.resolve("config.yaml"), copy.resolve("config.yaml"));
        List<String> args = new ArrayList<>(List.of(
                "--configDir",
                copy.toString(),
                "-Djobmanager.rpc.address=jobmanager",
                "-Dblob.server.port=6124",
                "-Dquery.server.port=6125"));
        List<String> rewritten = FlinkConfigLoader.loadAndModifyConfiguration(args.toArray(String[]::new));
        Files.write(copy.resolve("config.yaml"), rewritten);
        Map<String, String> after =
                GlobalConfiguration.loadConfiguration(copy.toString()).toMap();
        values.forEach((k, v) -> assertEquals(v, after.get(k), k + " survives the entrypoint's rewrite"));
        assertEquals("6124", after.get("blob.server.port"));
    }

    /** The job brings its own settings (FlinkSettings); on the cluster they must agree with config.yaml. */
    @Test
    void agreesWithTheJobsOwnSettingsOnTheCluster() throws IOException {
        PipelineConfig onCluster = PipelineConfig.load(
                List.of(),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:19092",
                        "OUTPUT_DIR", "/data/output",
                        "CHECKPOINT_DIR", "file:///flink-data/checkpoints",
                        "SAVEPOINT_DIR", "file:///savepoints"));
        Map<String, String> job = FlinkSettings.asMap(onCluster);
        for (String key : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "execution.checkpointing.mode",
                "execution.checkpointing.externalized-checkpoint-retention",
                "state.backend.type",
                "pipeline.generic-types",
                "restart-strategy.type")) {
            assertEquals(values.get(key), job.get(key), key);
        }
        for (String key : List.of(
                "execution.checkpointing.interval",
                "execution.checkpointing.timeout",
                "execution.checkpointing.min-pause")) {
            assertEquals(TimeUtils.parseDuration(values.get(key)), TimeUtils.parseDuration(job.get(key)), key);
        }
        assertEquals(
                values.get("execution.checkpointing.tolerable-failed-checkpoints"),
                job.get("execution.checkpointing.tolerable-failed-checkpoints"));
        assertEquals(
                values.get("execution.checkpointing.num-retained"), job.get("execution.checkpointing.num-retained"));
        for (String key : List.of("attempts-before-reset-backoff", "backoff-multiplier")) {
            String full = "restart-strategy.exponential-delay." + key;
            assertEquals(values.get(full), job.get(full), full);
        }
        for (String key : List.of("initial-backoff", "max-backoff", "reset-backoff-threshold")) {
            String full = "restart-strategy.exponential-delay." + key;
            assertEquals(TimeUtils.parseDuration(values.get(full)), TimeUtils.parseDuration(job.get(full)), full);
        }
        assertEquals(values.get("parallelism.default"), job.get("parallelism.default"));
        assertTrue(
                Integer.parseInt(values.get("taskmanager.numberOfTaskSlots"))
                        >= onCluster.job().parallelism(),
                "one TaskManager runs the job at its default parallelism");
    }
}
