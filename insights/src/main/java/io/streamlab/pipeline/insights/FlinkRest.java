package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The job's own metrics, read from the Flink REST API (the web UI's backend): the same counters the web
 * UI and Prometheus show, so the live view never disagrees with them.
 */
final class FlinkRest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A job as {@code /jobs/overview} lists it. */
    record Job(String id, String name, String state, long startTime, long duration) {
        boolean ended() {
            return Set.of("FINISHED", "CANCELED", "FAILED").contains(state);
        }
    }

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    FlinkRest(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    /** The newest job of that name, or of any name if null (a running one first); empty if there is none. */
    Optional<Job> job(String name) throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(
                    j.path("jid").asText(),
                    j.path("name").asText(),
                    j.path("state").asText(),
                    j.path("start-time").asLong(),
                    j.path("duration").asLong()));
        }
        return jobs.stream()
                .filter(j -> name == null || j.name().equals(name))
                .max((a, b) ->
                        a.ended() != b.ended() ? (a.ended() ? -1 : 1) : Long.compare(a.startTime(), b.startTime()));
    }

    /**
     * The sum over all subtasks of each operator metric whose name is in {@code names}. A metric in a
     * group, such as {@code team.incident.ticketsRouted}, is returned as {@code ticketsRouted.incident}.
     */
    TreeMap<String, Long> counters(String jobId, Set<String> names) throws IOException, InterruptedException {
        TreeMap<String, Long> totals = new TreeMap<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode metric : get(path)) {
                String id = metric.path("id").asText();
                if (names.contains(id.substring(id.lastIndexOf('.') + 1))) {
                    wanted.add(id);
                }
            }
            // a few ids per request: the query string of a wide job would be long
            for (int from = 0; from < wanted.size(); from += 20) {
                String ids = String.join(",", wanted.subList(from, Math.min(wanted.size(), from + 20)));
                for (JsonNode value : get(path + "?get=" + URLEncoder.encode(ids, StandardCharsets.UTF_8))) {
                    totals.merge(
                            key(value.path("id").asText()),
                            parse(value.path("value").asText()),
                            Long::sum);
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

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return MAPPER.readTree(response.body());
    }
}
