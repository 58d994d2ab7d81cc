package io.streamlab.pipeline.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus metric names the Grafana dashboard queries, and how Flink's Prometheus reporter names
 * the metrics the REST API shows, so a test can check the dashboard against a running job.
 */
public final class DashboardMetrics {
    public static final String OPERATOR = "flink_taskmanager_job_task_operator_";
    public static final String JOB = "flink_jobmanager_job_";
    public static final String JOBMANAGER = "flink_jobmanager_";

    /** Metric groups created with addGroup(key, value): the reporter keeps the key in the name, the value becomes a label. */
    private static final Set<String> KEY_VALUE_GROUPS = Set.of("team", "topic", "partition", "category");

    private static final Pattern NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private DashboardMetrics() {}

    /** Every flink_* metric name in the dashboard's queries and variables. */
    public static Set<String> of(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        List<String> exprs = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(p ->
                        p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        dashboard
                .at("/templating/list")
                .forEach(v -> exprs.add(v.path("definition").asText()));
        for (String e : exprs) {
            Matcher m = NAME.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /**
     * The reporter's name, after {@link #OPERATOR}, of an operator metric the REST API lists as
     * {@code <subtask>.<operator>.<groups...>.<metric>}: "0.Route_tickets_to_teams.team.incident.ticketsRouted"
     * becomes "team_ticketsRouted", "0.Source__Tracks_from_Kafka.KafkaSourceReader.KafkaConsumer.records-lag-max"
     * becomes "KafkaSourceReader_KafkaConsumer_records_lag_max".
     */
    public static String operatorMetric(String restId) {
        String[] parts = restId.split("\\.");
        List<String> kept = new ArrayList<>();
        for (int i = 2; i < parts.length; i++) {
            kept.add(parts[i]);
            if (KEY_VALUE_GROUPS.contains(parts[i]) && i + 1 < parts.length - 1) {
                i++; // the group's value is a label, not part of the name
            }
        }
        return String.join("_", kept).replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The reporter's name of a job or JobManager metric the REST API lists by its plain id. */
    public static String plainMetric(String restId) {
        return restId.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
