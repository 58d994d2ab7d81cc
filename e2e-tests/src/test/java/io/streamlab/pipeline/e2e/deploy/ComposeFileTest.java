package io.streamlab.pipeline.e2e.deploy;

import static io.streamlab.pipeline.e2e.Repository.list;
import static io.streamlab.pipeline.e2e.Repository.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.e2e.cluster.DashboardMetrics;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and its support files, checked without Docker: pinned images, host paths that
 * exist (or that the Maven build produces), ports bound to 127.0.0.1 and consistent with the
 * configuration, the job jar path Maven builds, and the submit service's script run against a stub
 * {@code flink} command.
 */
class ComposeFileTest {
    /** Host paths that are not in the repository but produced by ./mvnw -B package -DskipTests. */
    static final Set<String> BUILD_OUTPUTS =
            Set.of("./" + Repository.builtJar("producer-tool"), "./flink-job/target", "./ops/target");

    static Path root;
    static Map<String, Object> compose;
    static Map<String, Object> services;
    static Configuration flinkConf;

    @BeforeAll
    static void load() {
        root = Repository.root();
        compose = Repository.yaml(root.resolve("docker-compose.yml"));
        services = map(compose.get("services"), "services");
        flinkConf =
                GlobalConfiguration.loadConfiguration(root.resolve("conf/flink").toString());
    }

    static String conf(String key) {
        return flinkConf.toMap().get(key);
    }

    static Map<String, Object> service(String name) {
        return map(services.get(name), "service " + name);
    }

    static Map<String, String> environment(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service(name).get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            l.forEach(item -> {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        }
        return env;
    }

    /** Volumes of a service as (source, target, read-only, create-host-path). */
    record Mount(String source, String target, boolean readOnly, boolean createsHostPath) {
        boolean isBind() {
            return source.startsWith("./") || source.startsWith("../") || source.startsWith("/");
        }
    }

    static List<Mount> mounts(String name) {
        List<Mount> out = new ArrayList<>();
        Object volumes = service(name).get("volumes");
        if (volumes == null) {
            return out;
        }
        for (Object v : list(volumes, name + ".volumes")) {
            if (v instanceof String s) {
                String[] parts = s.split(":");
                out.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro"), true));
            } else {
                Map<String, Object> m = map(v, name + " volume");
                Object bind = m.get("bind");
                boolean create = bind instanceof Map<?, ?> b && Boolean.TRUE.equals(b.get("create_host_path"));
                out.add(new Mount(
                        String.valueOf(m.get("source")),
                        String.valueOf(m.get("target")),
                        Boolean.TRUE.equals(m.get("read_only")),
                        create));
            }
        }
        return out;
    }

    static Mount mountAt(String service, String target) {
        return mounts(service).stream()
                .filter(m -> m.target().equals(target))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    }

    static List<String> command(String name) {
        Object c = service(name).get("command");
        assertNotNull(c, name + " has a command");
        return c instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(c));
    }

    // ------------------------------------------------------------------------------------ images

    static final Pattern EXACT_TAG = Pattern.compile("v?\\d+\\.\\d+\\.\\d+(?:[._-][A-Za-z0-9._-]+)?");

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        assertFalse(services.isEmpty());
        services.forEach((name, s) -> {
            Object image = map(s, name).get("image");
            assertNotNull(image, name + " has an image (nothing is built by compose)");
            String ref = String.valueOf(image);
            int slash = ref.lastIndexOf('/');
            int colon = ref.lastIndexOf(':');
            assertTrue(colon > slash, name + ": image " + ref + " has no tag");
            String tag = ref.substring(colon + 1);
            assertFalse(tag.equalsIgnoreCase("latest"), name + ": " + ref);
            assertTrue(
                    EXACT_TAG.matcher(tag).matches(),
                    name + ": " + ref + " is not pinned to an exact version (major.minor.patch)");
        });
    }

    @Test
    void imagesMatchTheVersionsTheProjectBuildsAgainst() {
        Path parent = root.resolve("pom.xml");
        String flink = Repository.pom(parent, "properties/flink.version");
        String kafka = Repository.pom(parent, "properties/kafka.version");
        for (String s : List.of("jobmanager", "taskmanager", "submit", "ops", "volume-init")) {
            assertEquals("flink:" + flink + "-java17", service(s).get("image"), s);
        }
        assertEquals("apache/kafka:" + kafka, service("kafka").get("image"));
        for (String s : List.of("topics", "tracks", "tickets")) {
            assertTrue(
                    String.valueOf(service(s).get("image")).startsWith("eclipse-temurin:17."), s + " runs on Java 17");
        }
    }

    // ------------------------------------------------------------------------------------ paths

    @Test
    void everyBindMountedHostPathExistsOrIsBuiltByMaven() {
        Set<String> named = map(compose.get("volumes"), "volumes").keySet();
        services.keySet()
                .forEach(name -> mounts(name).forEach(m -> {
                    if (!m.isBind()) {
                        assertTrue(named.contains(m.source()), name + ": volume " + m.source() + " is declared");
                        return;
                    }
                    assertFalse(
                            m.source().startsWith("/"), name + ": " + m.source() + " is a host-specific absolute path");
                    if (BUILD_OUTPUTS.contains(m.source())) {
                        assertTrue(m.readOnly(), name + ": the build output " + m.source() + " is mounted read-only");
                        assertFalse(
                                m.createsHostPath(),
                                name + ": " + m.source() + " must not be created by Docker when the "
                                        + "build has not run (long syntax with bind.create_host_path: false)");
                    } else {
                        assertTrue(
                                Files.exists(root.resolve(m.source()).normalize()),
                                name + ": " + m.source() + " does not exist in the repository");
                    }
                }));
    }

    /** submit and ops run the ops CLI Maven builds (thin jar + target/lib), submitting the job jar Maven builds. */
    @Test
    void theSubmitAndOpsServicesRunTheOpsCliOnTheJarsMavenBuilds() {
        String jobJar = Repository.builtJar("flink-job");
        assertEquals("flink-job/target/flink-job-0.1.0-SNAPSHOT.jar", jobJar, "what the README names");
        String opsJar = Path.of(Repository.builtJar("ops")).getFileName().toString();
        for (String s : List.of("submit", "ops")) {
            assertEquals(
                    List.of("java", "-jar", "/opt/ops/" + opsJar), service(s).get("entrypoint"), s);
            assertEquals("./ops/target", mountAt(s, "/opt/ops").source(), s + ": the jar and its lib/");
            assertEquals("./flink-job/target", mountAt(s, "/jobs").source(), s);
            Map<String, String> env = environment(s);
            assertEquals("/jobs/" + Path.of(jobJar).getFileName(), env.get("OPS_JOB_JAR"), s);
            assertEquals("http://jobmanager:" + conf("rest.port"), env.get("OPS_FLINK_REST"), s);
            assertEquals("flink", service(s).get("user"), s + " runs as the owner of the volumes");
        }
        assertEquals(List.of("submit"), command("submit"), "the command the session cluster ITCase runs");
        assertEquals(List.of("ops"), service("ops").get("profiles"), "run on demand, not by docker compose up");
        assertFalse(service("ops").containsKey("depends_on"));
        Map<String, Object> needs = map(service("submit").get("depends_on"), "depends_on");
        assertEquals(
                "service_healthy", map(needs.get("jobmanager"), "jobmanager").get("condition"));
        assertEquals(
                "service_completed_successfully",
                map(needs.get("topics"), "topics").get("condition"));
        // the jar of the ops CLI names its dependencies in lib/, relative to itself (the mount keeps them together)
        assertTrue(Files.isDirectory(root.resolve("ops/target/lib")), "ops/target/lib is built by the package phase");
    }

    @Test
    void theProducerServicesRunTheJarMavenBuilds() {
        String jar = "./" + Repository.builtJar("producer-tool");
        for (String s : List.of("topics", "tracks", "tickets")) {
            Mount m = mountAt(s, "/app/producer-tool.jar");
            assertEquals(jar, m.source(), s);
            List<String> c = command(s);
            assertEquals(List.of("java", "-jar", "/app/producer-tool.jar"), c.subList(0, 3), s);
            int i = c.indexOf("--kafka.bootstrap.servers");
            assertEquals("kafka:19092", c.get(i + 1), s);
        }
        assertEquals("topics", command("topics").get(3));
        assertTrue(String.join(" ", command("tracks")).contains("tracks --synthetic 114000"));
        assertTrue(String.join(" ", command("tickets")).contains("tickets --continuous --rate 5"));
        assertEquals(
                "service_healthy",
                map(map(service("topics").get("depends_on"), "depends_on").get("kafka"), "kafka")
                        .get("condition"));
    }

    @Test
    void checkpointsAndSavepointsAreSharedByTheJobManagerEveryTaskManagerAndOps() {
        assertEquals("file:///flink-data/checkpoints", conf("execution.checkpointing.dir"));
        assertEquals("file:///savepoints", conf("execution.checkpointing.savepoint-dir"));
        for (String s : List.of("jobmanager", "taskmanager", "submit", "ops")) {
            assertEquals("flink-data", mountAt(s, "/flink-data").source(), s);
            Mount sp = mountAt(s, "/savepoints");
            assertEquals(
                    "flink-savepoints",
                    sp.source(),
                    s + ": the cluster's savepoints are on their own volume, not in the local run's ./savepoints");
            assertFalse(sp.readOnly(), s);
        }
        for (String s : List.of("jobmanager", "taskmanager")) {
            assertEquals(
                    "./conf/flink/config.yaml",
                    mountAt(s, "/opt/streamlab/conf/config.yaml").source(),
                    s);
            assertTrue(mountAt(s, "/opt/streamlab/conf/config.yaml").readOnly(), s);
        }
        assertEquals("pipeline-output", mountAt("taskmanager", "/data/output").source());
        services.keySet()
                .forEach(name -> mounts(name)
                        .forEach(m -> assertFalse(
                                m.source().startsWith("./savepoints"),
                                name + " must not write into the local run's ./savepoints")));
    }

    /** The volumes belong to the Flink image's user (uid 9999): nothing is made writable by everyone. */
    @Test
    void theVolumesAreGivenToFlinksUserAndNotToEveryone() {
        String init = String.join(" ", command("volume-init"));
        assertTrue(init.contains("chown -R flink:flink /flink-data /savepoints /data/output"), init);
        assertFalse(init.matches(".*(a\\+rwx|o\\+w|777|666).*"), "nothing world-writable: " + init);
        assertTrue(init.contains("go-w"), init);
        for (String target : List.of("/flink-data", "/savepoints", "/data/output")) {
            assertFalse(mountAt("volume-init", target).isBind(), target + " is a named volume");
        }
    }

    // ------------------------------------------------------------------------------------ ports

    static Map<String, List<String>> publishedPorts() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            Object ports = map(s, name).get("ports");
            if (ports != null) {
                out.put(
                        name,
                        list(ports, name + ".ports").stream()
                                .map(String::valueOf)
                                .toList());
            }
        });
        return out;
    }

    @Test
    void everyContainersConsoleLogIsRotated() {
        // Docker's default json-file log has no size limit, and a stream runs for months
        services.forEach((name, service) -> {
            Map<String, Object> logging = map(map(service, name).get("logging"), name + " logging");
            assertEquals("json-file", logging.get("driver"), name);
            Map<String, Object> options = map(logging.get("options"), name + " logging options");
            assertEquals("50m", options.get("max-size"), name);
            assertEquals("5", String.valueOf(options.get("max-file")), name);
        });
    }

    @Test
    void everyLongRunningServiceComesBackAfterACrashOrAReboot() {
        // without it, a reboot left Kafka, Prometheus and Grafana down: no alert could fire
        services.forEach((name, service) -> {
            Map<String, Object> s = map(service, name);
            if (s.containsKey("profiles")) {
                return; // on demand: docker compose run --rm ops …
            }
            Object restart = s.get("restart");
            assertNotNull(restart, name + ": a one-shot says \"no\", every other service restarts");
            if (!"no".equals(restart)) {
                assertEquals("unless-stopped", restart, name);
            }
        });
        for (String longRunning : List.of("kafka", "kafka-ui", "jobmanager", "taskmanager", "prometheus", "grafana")) {
            assertEquals("unless-stopped", service(longRunning).get("restart"), longRunning);
        }
    }

    @Test
    void hostPortsAreBoundToLocalhostOnly() {
        publishedPorts()
                .forEach((name, ports) -> ports.forEach(p -> assertTrue(
                        p.startsWith("127.0.0.1:") && p.split(":").length == 3,
                        name + " publishes " + p + ": bind it to 127.0.0.1 (127.0.0.1:HOST:CONTAINER)")));
        assertEquals(
                Map.of(
                        "kafka", List.of("127.0.0.1:9092:9092"),
                        "kafka-ui", List.of("127.0.0.1:8090:8080"),
                        "jobmanager", List.of("127.0.0.1:8081:8081"),
                        "prometheus", List.of("127.0.0.1:9090:9090"),
                        "grafana", List.of("127.0.0.1:3000:3000")),
                publishedPorts());
    }

    @Test
    void portsAgreeWithTheConfiguration() {
        PipelineConfig defaults = PipelineConfig.load(List.of(), Map.of());
        assertEquals(8081, defaults.localWebUiPort(), "the local run's web UI port");
        assertEquals("8081", conf("rest.port"), "the cluster's REST port");
        assertEquals("localhost:9092", defaults.kafka().bootstrapServers(), "the default bootstrap servers");
        Map<String, String> kafka = environment("kafka");
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").contains("localhost:9092"), "host listener");
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").contains("kafka:19092"), "container listener");
        assertTrue(kafka.get("KAFKA_LISTENERS").contains(":19092")
                && kafka.get("KAFKA_LISTENERS").contains(":9092"));
        assertTrue(
                Long.parseLong(kafka.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS"))
                        > defaults.faultTolerance().transactionTimeout().toMillis(),
                "the broker accepts the job's Kafka transaction timeout");
    }

    @Test
    void theTaskManagerScales() {
        Map<String, Object> tm = service("taskmanager");
        assertFalse(tm.containsKey("container_name"), "a container_name prevents --scale");
        assertFalse(tm.containsKey("ports"), "a fixed host port prevents --scale");
        assertFalse(tm.containsKey("hostname"), "a fixed hostname would be shared by the replicas");
        assertEquals(List.of("taskmanager"), command("taskmanager"));
        assertEquals(List.of("jobmanager"), command("jobmanager"));
        assertFalse(flinkConf.containsKey("taskmanager.host"), "each TaskManager must announce its own address");
        String limit = String.valueOf(map(
                        map(map(tm.get("deploy"), "deploy").get("resources"), "resources")
                                .get("limits"),
                        "limits")
                .get("memory"));
        MemorySize process = MemorySize.parse(conf("taskmanager.memory.process.size"));
        assertTrue(
                MemorySize.parse(limit.toLowerCase()).getBytes() > process.getBytes(),
                "the container limit " + limit + " is above taskmanager.memory.process.size " + process);
    }

    // ------------------------------------------------------------------------------------ wiring

    @Test
    void theEnvironmentOfTheJobIsUnderstoodByThePipelineAndMatchesTheCluster() {
        for (String s : List.of("submit", "ops")) {
            Map<String, String> env = new HashMap<>();
            environment(s).forEach((k, v) -> env.put(k, Repository.interpolateDefaults(v)));
            PipelineConfig config = PipelineConfig.load(List.of(), env);
            assertEquals("kafka:19092", config.kafka().bootstrapServers(), s);
            assertEquals("/data/output", config.outputDir(), s);
            assertEquals(
                    conf("execution.checkpointing.dir"), config.faultTolerance().checkpointDir(), s);
            assertEquals(
                    conf("execution.checkpointing.savepoint-dir"),
                    config.faultTolerance().savepointDir(),
                    s);
            assertEquals(
                    new PipelineConfig.Compaction(30, config.compaction().thresholdBytes()),
                    config.compaction(),
                    s + ": the stream of the stack merges its part files (README, Small files)");
        }
        assertFalse(
                environment("jobmanager").containsKey("KAFKA_SASL_JAAS_CONFIG"),
                "no job's main() runs in the JobManager any more: it gets no Kafka secret");
        assertEquals("jobmanager", environment("jobmanager").get("JOB_MANAGER_RPC_ADDRESS"));
        for (String s : List.of("topics", "tracks", "tickets")) {
            Map<String, String> env = new HashMap<>();
            environment(s).forEach((k, v) -> env.put(k, Repository.interpolateDefaults(v)));
            PipelineConfig.load(List.of(), env); // the security pass-through must not break the defaults
            assertTrue(environment(s).containsKey("KAFKA_SASL_JAAS_CONFIG"), s + " passes the secret through");
            assertTrue(
                    environment(s).get("KAFKA_SASL_JAAS_CONFIG").startsWith("${"),
                    s + ": secrets only from the environment");
        }
    }

    @Test
    void theFlinkContainersUseTheMountedClusterConfiguration() throws IOException {
        Path entrypoint = root.resolve("docker/flink/entrypoint.sh");
        String script = Files.readString(entrypoint);
        assertTrue(script.contains("cp \"$SOURCE\" \"$FLINK_HOME/conf/config.yaml\""), script);
        assertTrue(script.contains("exec /docker-entrypoint.sh \"$@\""), script);
        for (String s : List.of("jobmanager", "taskmanager")) {
            assertEquals(
                    List.of("bash", "/opt/streamlab/entrypoint.sh"), service(s).get("entrypoint"), s);
            assertEquals(
                    "./docker/flink/entrypoint.sh",
                    mountAt(s, "/opt/streamlab/entrypoint.sh").source(),
                    s);
        }
        assertEquals(
                0,
                Repository.run(root, Map.of(), Duration.ofSeconds(20), List.of("bash", "-n", entrypoint.toString()))
                        .exit());
    }

    @Test
    void theKafkaConsoleReadsCommittedRecords() {
        Map<String, String> env = environment("kafka-ui");
        assertTrue(String.valueOf(service("kafka-ui").get("image")).startsWith("ghcr.io/kafbat/kafka-ui:"));
        assertEquals("kafka:19092", env.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"));
        assertEquals("read_committed", env.get("KAFKA_CLUSTERS_0_PROPERTIES_ISOLATION_LEVEL"));
    }

    @Test
    void prometheusScrapesTheReporterOfEveryFlinkProcess() {
        Map<String, Object> prom = Repository.yaml(root.resolve("docker/prometheus/prometheus.yml"));
        String port = conf("metrics.reporter.prom.port").split("-")[0];
        assertEquals("9249", port);
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        list(prom.get("scrape_configs"), "scrape_configs")
                .forEach(j -> jobs.put(String.valueOf(map(j, "job").get("job_name")), map(j, "job")));
        Map<String, Object> jm = map(
                list(jobs.get("flink-jobmanager").get("static_configs"), "static")
                        .get(0),
                "static");
        assertEquals(List.of("jobmanager:" + port), jm.get("targets"));
        Map<String, Object> tm = map(
                list(jobs.get("flink-taskmanager").get("dns_sd_configs"), "dns").get(0), "dns");
        assertEquals(List.of("taskmanager"), tm.get("names"), "every replica of the taskmanager service");
        assertEquals(Integer.parseInt(port), tm.get("port"));
        assertTrue(services.containsKey("jobmanager") && services.containsKey("taskmanager"));
        assertEquals(
                "./docker/prometheus/prometheus.yml",
                mountAt("prometheus", "/etc/prometheus/prometheus.yml").source());
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDatasourceAndThePipelineDashboard() throws IOException {
        // anonymous visitors of the dashboard may look, not edit
        Map<String, String> grafana = environment("grafana");
        assertEquals("true", grafana.get("GF_AUTH_ANONYMOUS_ENABLED"));
        assertEquals("Viewer", grafana.get("GF_AUTH_ANONYMOUS_ORG_ROLE"));
        Map<String, Object> ds = map(
                list(
                                Repository.yaml(root.resolve("docker/grafana/provisioning/datasources/prometheus.yml"))
                                        .get("datasources"),
                                "datasources")
                        .get(0),
                "ds");
        assertEquals("http://prometheus:9090", ds.get("url"));
        String uid = String.valueOf(ds.get("uid"));

        Map<String, Object> provider = map(
                list(
                                Repository.yaml(root.resolve("docker/grafana/provisioning/dashboards/dashboards.yml"))
                                        .get("providers"),
                                "providers")
                        .get(0),
                "provider");
        String dashboardsDir =
                String.valueOf(map(provider.get("options"), "options").get("path"));
        assertEquals(
                "./docker/grafana/dashboards", mountAt("grafana", dashboardsDir).source());
        assertEquals(
                "./docker/grafana/provisioning",
                mountAt("grafana", "/etc/grafana/provisioning").source());
        assertEquals(
                dashboardsDir + "/pipeline.json",
                environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertTrue(
                environment("grafana").get("GF_SECURITY_ADMIN_PASSWORD").startsWith("${GRAFANA_ADMIN_PASSWORD"),
                "the admin password comes from the environment");

        JsonNode dashboard = Repository.JSON.readTree(
                root.resolve("docker/grafana/dashboards/pipeline.json").toFile());
        assertEquals("Spotify & tickets pipeline", dashboard.get("title").asText());
        Set<String> titles = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            assertEquals(
                    uid,
                    panel.at("/datasource/uid").asText(),
                    panel.get("title").asText());
            assertTrue(panel.get("targets").size() > 0, panel.get("title").asText());
            for (JsonNode t : panel.get("targets")) {
                assertEquals(uid, t.at("/datasource/uid").asText());
                assertFalse(t.get("expr").asText().isBlank());
            }
        }
        assertTrue(
                titles.containsAll(List.of(
                        "Throughput per stream",
                        "Dead letters per category",
                        "Watermark lag per input",
                        "Sink committables",
                        "Tickets per team",
                        "Checkpoint duration",
                        "Checkpoint size",
                        "Consumer lag")),
                titles.toString());
        Set<String> metrics = DashboardMetrics.of(dashboard);
        List<String> expected = new ArrayList<>(List.of("team_" + PipelineMetrics.TICKETS_ROUTED, "pendingRecords"));
        for (PipelineMetrics.Input input : PipelineMetrics.Input.values()) {
            expected.addAll(input.counters());
        }
        for (String m : expected) {
            assertTrue(metrics.contains("flink_taskmanager_job_task_operator_" + m), m + " in " + metrics);
        }
        assertTrue(metrics.contains("flink_jobmanager_job_lastCheckpointDuration"));
        assertTrue(metrics.contains("flink_jobmanager_job_lastCheckpointSize"));
    }

    @Test
    void theReadmeSectionDescribesTheFilesThatExist() throws IOException {
        Path section = root.resolve("README.md");
        String text = Files.readString(section);
        for (String s : List.of(
                "docker compose up -d",
                "--scale taskmanager=",
                "http://localhost:8081",
                "http://localhost:8090",
                "http://localhost:3000",
                "docker compose run --rm ops stop",
                "docker compose run --rm ops resume",
                "web.submit.enable",
                "web.access-control-allow-origin",
                "kafka.security.protocol",
                "What was verified without Docker")) {
            assertTrue(text.contains(s), "README section mentions " + s);
        }
        Matcher scripts = Pattern.compile("savepoints/([a-z_-]+\\.sh)").matcher(text);
        if (scripts.find()) {
            fail("README names savepoints/" + scripts.group(1)
                    + ": the scripts are gone, the ops commands replace them");
        }
    }
}
