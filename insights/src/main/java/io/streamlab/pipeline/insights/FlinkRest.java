package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job's own metrics, read from the Flink REST API (the web UI's backend) with the pipeline's REST
 * client: the same counters the web UI and Prometheus show, so the live view never disagrees with them.
 */
final class FlinkRest {
    /**
     * How long a metrics refresh is given. The REST API answers from a store that a request only
     * schedules to refresh, in the background and at most every {@code metrics.fetcher.update-interval}
     * (10 s): read at once, a view would show the figures of the previous request, 30 s old in the
     * local run's view. A local or in-cluster refresh takes milliseconds.
     */
    static final Duration METRICS_REFRESH = Duration.ofSeconds(1);

    private final FlinkRestClient client;

    FlinkRest(URI base) {
        this.client = new FlinkRestClient(base);
    }

    URI base() {
        return client.base();
    }

    /** The address for a message: without its user information, which may hold a password. */
    String address() {
        return client.address();
    }

    /** The newest job of that name, or of any name if null (a running one first); empty if there is none. */
    Optional<FlinkRestClient.Job> job(String name) throws IOException, InterruptedException {
        return client.jobs().stream()
                .filter(j -> name == null || j.name().equals(name))
                .max(Comparator.comparing((FlinkRestClient.Job j) -> !j.ended())
                        .thenComparingLong(FlinkRestClient.Job::startTime));
    }

    /**
     * The sum over all subtasks of each operator metric whose name is in {@code names}. A metric in a
     * group, such as {@code team.incident.ticketsRouted}, is returned as {@code ticketsRouted.incident}.
     */
    TreeMap<String, Long> counters(String jobId, Set<String> names) throws IOException, InterruptedException {
        TreeMap<String, Long> totals = new TreeMap<>();
        // this request schedules the refresh of the metric store; the ones after the pause read it
        List<FlinkRestClient.Vertex> vertices = client.job(jobId).vertices();
        Thread.sleep(METRICS_REFRESH.toMillis());
        for (FlinkRestClient.Vertex vertex : vertices) {
            List<String> wanted = new ArrayList<>();
            for (String id : client.vertexMetricIds(jobId, vertex.id())) {
                if (names.contains(id.substring(id.lastIndexOf('.') + 1))) {
                    wanted.add(id);
                }
            }
            // a few ids per request: the query string of a wide job would be long
            for (int from = 0; from < wanted.size(); from += 20) {
                List<String> ids = wanted.subList(from, Math.min(wanted.size(), from + 20));
                for (Map.Entry<String, String> value :
                        client.vertexMetrics(jobId, vertex.id(), ids).entrySet()) {
                    totals.merge(key(value.getKey()), parse(value.getValue()), Long::sum);
                }
            }
        }
        return totals;
    }

    /** "0.Route_tickets_to_teams.team.incident.ticketsRouted" → "ticketsRouted.incident". */
    static String key(String metricId) {
        String[] parts = metricId.split("\\.");
        String name = parts[parts.length - 1];
        return parts.length >= 5 && parts[parts.length - 3].equals("team")
                ? name + "." + parts[parts.length - 2]
                : name;
    }

    private static long parse(String value) {
        try {
            return (long) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
