package io.streamlab.pipeline.e2e.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.e2e.OpsRun;
import io.streamlab.pipeline.e2e.Repository;
import io.streamlab.pipeline.job.testing.TestPipelines;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in ({@code -Dprometheus.check=true}, with Debian's {@code prometheus} package installed): a real
 * Prometheus scrapes the local run's Prometheus reporter with the repository's alert rules, and every
 * query of the Grafana dashboard and every alert rule's signal (its expression without the final
 * threshold) returns data, while every rule evaluates without error.
 */
@EnabledIfSystemProperty(named = "prometheus.check", matches = "true")
class PrometheusCheckITCase {
    private static final Duration WAIT = Duration.ofMinutes(4);
    /** The threshold at the end of an alert expression, and an {@code or absent(...)} after it. */
    private static final Pattern THRESHOLD =
            Pattern.compile("\\s*(<|>|<=|>=)\\s*[0-9.]+\\s*(or\\s+absent\\(.*\\))?\\s*$", Pattern.DOTALL);

    /** {@code unless on (labels)}, at any depth of a rule: the rule leaves some series out. */
    private static final Pattern UNLESS_ON = Pattern.compile("\\bunless\\s+on\\s*\\([^)]*\\)");

    @TempDir
    Path work;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void everyDashboardQueryAndAlertSignalReturnsDataFromTheLocalRun() throws Exception {
        int reporterPort = Repository.freePort();
        int prometheusPort = Repository.freePort();
        started.add(localRun(reporterPort));

        Path alerts = Repository.root().resolve("docker/prometheus/alerts.yml");
        Path config = Files.writeString(work.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  evaluation_interval: 2s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: local-run
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(alerts, reporterPort));
        started.add(new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + work.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start());
        String api = "http://127.0.0.1:" + prometheusPort + "/api/v1/";

        Map<String, String> queries = new LinkedHashMap<>();
        JsonNode dashboard = Repository.JSON.readTree(Repository.root()
                .resolve("docker/grafana/dashboards/pipeline.json")
                .toFile());
        dashboard
                .get("panels")
                .forEach(p -> p.get("targets")
                        .forEach(t -> queries.put(
                                p.get("title").asText() + " / " + t.get("refId").asText(),
                                t.get("expr").asText().replace("$job", ".*").replace("$__range", "5m"))));
        Map<String, String> excluding = new LinkedHashMap<>();
        Map<String, Object> rules = Repository.yaml(alerts);
        for (Object group : Repository.list(rules.get("groups"), "groups")) {
            for (Object rule : Repository.list(Repository.map(group, "group").get("rules"), "rules")) {
                Map<String, Object> r = Repository.map(rule, "rule");
                Matcher threshold = THRESHOLD.matcher(r.get("expr").toString());
                assertThat(threshold.find())
                        .as("alert %s ends with a threshold", r.get("alert"))
                        .isTrue();
                String signal = r.get("expr").toString().substring(0, threshold.start());
                Matcher unless = UNLESS_ON.matcher(signal);
                if (unless.find()) {
                    // the exclusion runs to the end of the group around it; the signal without it still parses
                    int end = unless.end();
                    for (int depth = 0; end < signal.length() && depth >= 0; end++) {
                        depth += signal.charAt(end) == '(' ? 1 : signal.charAt(end) == ')' ? -1 : 0;
                    }
                    end--;
                    queries.put(
                            "alert " + r.get("alert") + " before its exclusion",
                            signal.substring(0, unless.start()) + signal.substring(end));
                    queries.put("alert " + r.get("alert") + " exclusion", signal.substring(unless.end(), end));
                    excluding.put("alert " + r.get("alert"), signal);
                } else {
                    queries.put("alert " + r.get("alert"), signal);
                }
            }
        }
        assertThat(excluding)
                .as("the watermark-lag alert leaves idle inputs out, the checkpoint alert a run's start")
                .containsKeys("alert PipelineWatermarkLagGrowing", "alert PipelineCheckpointsFailing");

        Map<String, String> empty = new TreeMap<>();
        TestPipelines.await(
                "data for every query",
                WAIT,
                () -> {
                    empty.clear();
                    queries.forEach((name, query) -> {
                        if (query(api, query).isEmpty()) {
                            empty.put(name, query);
                        }
                    });
                    return empty.isEmpty();
                },
                () -> "still without data " + empty);
        // the local run publishes once: both inputs go idle after watermark.idleness (30 s), and then the
        // exclusion matches their series, so the signal of a rule that leaves idle inputs out is empty; the
        // run is also younger than the 15 minutes the checkpoint rule leaves out, so its signal is empty too
        TestPipelines.await(
                "both inputs reported idle",
                WAIT,
                () -> query(
                                        api,
                                        "min by (job_name, operator_name) (flink_taskmanager_job_task_operator_tracksIdle"
                                                + " or flink_taskmanager_job_task_operator_ticketsIdle) == 1")
                                .size()
                        == 2);
        excluding.forEach((name, signal) -> assertThat(query(api, signal))
                .as("%s on idle inputs of a young run", name)
                .isEmpty());
        TestPipelines.await("every alert rule evaluated", WAIT, () -> {
            if (!Repository.reachable(api + "rules")) {
                return false;
            }
            JsonNode groups = Repository.get(api + "rules").json().at("/data/groups");
            List<String> health = new ArrayList<>();
            groups.forEach(
                    g -> g.get("rules").forEach(r -> health.add(r.get("health").asText())));
            return health.size() == 5 && health.stream().allMatch("ok"::equals);
        });
    }

    /** The result of an instant query: empty while Prometheus starts or has no such series yet. */
    private static JsonNode query(String api, String query) {
        if (!Repository.reachable(api + "status/buildinfo")) {
            return Repository.JSON.createArrayNode();
        }
        Repository.Http answer =
                Repository.get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return answer.status() == 200 ? answer.json().at("/data/result") : Repository.JSON.createArrayNode();
    }

    private Process localRun(int reporterPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Repository.java(),
                "-jar",
                OpsRun.opsJar().toString(),
                "local",
                "--kafka-port",
                Integer.toString(Repository.freePortPair()),
                "--tracks",
                "3000",
                "--tickets",
                "600",
                "--live-every",
                "0",
                "--",
                "--output.dir",
                work.resolve("output").toString(),
                "--checkpoint.dir",
                work.resolve("checkpoints").toString(),
                "--savepoint.dir",
                work.resolve("savepoints").toString(),
                "--local.dir",
                work.resolve("local").toString(),
                "--local.web-ui.port",
                Integer.toString(Repository.freePort()),
                "--checkpoint.interval",
                "2s",
                "--flink.metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "--flink.metrics.reporter.prom.port",
                Integer.toString(reporterPort)));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("local-run.log").toFile())
                .start();
    }
}
