package io.streamlab.pipeline.flinkrest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Flink's REST API (the JobManager's web UI backend), for the operations commands and the insights live
 * view: jobs and their state, savepoints, stop with a savepoint, job submission, metrics. Answers are
 * typed records; Flink's errors become a {@link FlinkRestException} with Flink's own message (the first
 * line of its stack trace and the root cause); an answer without what Flink always sends (another
 * server's page, JSON without the expected fields) becomes a {@link FlinkUnexpectedAnswerException}.
 *
 * <p>Submission goes through the job API ({@code POST /jobs}: a JobGraph and the jars it needs, what
 * {@code flink run} sends), never through jar upload ({@code /jars/upload} + {@code /jars/:id/run}), so
 * the cluster can keep {@code web.submit.enable: false}.
 */
public final class FlinkRestClient {
    /** The states after which a job never runs again; every other state means the job is there. */
    public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "CANCELED", "FAILED");

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Uploading a 100 MB job jar over a slow link, and Flink accepting the job. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern HTML_TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);

    /** A job as {@code /jobs/overview} lists it (times in epoch milliseconds, -1 when not ended). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Job(
            @JsonProperty("jid") String id,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration) {
        /** FINISHED, CANCELED or FAILED: the job will not run again. Any other state, even one Flink adds later, is not. */
        public boolean ended() {
            return TERMINAL_STATES.contains(state);
        }
    }

    /** One operator chain of a running job. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Vertex(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism) {}

    /** {@code /jobs/:id}: the job's state, its vertices and how many tasks are in each state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobDetails(
            @JsonProperty("jid") String id,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("vertices") List<Vertex> vertices,
            @JsonProperty("status-counts") Map<String, Integer> taskCounts) {
        public boolean ended() {
            return TERMINAL_STATES.contains(state);
        }

        /** RUNNING, and no task still on its way (created, scheduled, deploying, initializing…). */
        public boolean everyTaskRunning() {
            if (!"RUNNING".equals(state) || taskCounts == null) {
                return false;
            }
            return taskCounts.entrySet().stream()
                    .noneMatch(e ->
                            e.getValue() > 0 && !Set.of("RUNNING", "FINISHED").contains(e.getKey()));
        }

        public int maxParallelism() {
            return vertices.stream().mapToInt(Vertex::parallelism).max().orElse(0);
        }
    }

    /** {@code /overview}: the cluster's TaskManagers and slots. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ClusterOverview(
            @JsonProperty("taskmanagers") int taskManagers,
            @JsonProperty("slots-total") int slotsTotal,
            @JsonProperty("slots-available") int slotsAvailable,
            @JsonProperty("flink-version") String flinkVersion) {}

    /** A savepoint or stop operation: in progress, or completed with a location or a failure. */
    public record SavepointStatus(boolean completed, String location, String failure) {}

    private final URI base;
    private final HttpClient http;

    public FlinkRestClient(URI base) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    /** The REST address for messages, without user information (which could hold a password). */
    public String address() {
        return FlinkUnreachableException.display(base);
    }

    // ------------------------------------------------------------------------------------ jobs

    /** Every job the cluster knows, in any state. */
    public List<Job> jobs() throws IOException, InterruptedException {
        Answer answer = get("jobs/overview");
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : answer.array(answer.json().path("jobs"), "\"jobs\"")) {
            Job read = answer.read(job, Job.class, "a job");
            answer.require(
                    read.id() != null && read.name() != null && read.state() != null,
                    "a job without jid, name or state");
            jobs.add(read);
        }
        return List.copyOf(jobs);
    }

    /** The jobs of that name that have not ended: in any state from INITIALIZING to RESTARTING. */
    public List<Job> jobsNotEnded(String name) throws IOException, InterruptedException {
        return jobs().stream().filter(j -> j.name().equals(name) && !j.ended()).toList();
    }

    /**
     * Whether a request that failed this way may be answered if asked again: nothing answered (a restart, a
     * dropped connection), or a server error, Flink's own or a proxy's page while the JobManager restarts.
     */
    public static boolean mayAnswerLater(IOException failure) {
        return failure instanceof FlinkUnreachableException
                || (failure instanceof FlinkRestException error && error.status() >= 500)
                || (failure instanceof FlinkUnexpectedAnswerException page && page.status() >= 500);
    }

    /** One job; {@link JobNotFoundException} when the cluster does not know it. */
    public JobDetails job(String jobId) throws IOException, InterruptedException {
        Answer answer = get("jobs/" + jobId);
        answer.array(answer.json().path("vertices"), "\"vertices\"");
        JobDetails job = answer.read(answer.json(), JobDetails.class, "the job");
        answer.require(job.id() != null && job.state() != null, "a job without jid or state");
        answer.require(job.vertices().stream().allMatch(v -> v != null && v.id() != null), "a vertex without id");
        return job;
    }

    /** The root cause of the job's last failure, summarised; empty when it has none. */
    public Optional<String> rootException(String jobId) throws IOException, InterruptedException {
        JsonNode exceptions = get("jobs/" + jobId + "/exceptions").json();
        JsonNode history = exceptions.path("exceptionHistory").path("entries");
        String trace = history.isArray() && !history.isEmpty()
                ? history.get(0).path("stacktrace").asText("")
                : exceptions.path("root-exception").asText("");
        return trace.isBlank() ? Optional.empty() : Optional.of(summarise(trace));
    }

    /** Where the job's state was restored from at its start or last restore (a savepoint or checkpoint path). */
    public Optional<String> restoredFrom(String jobId) throws IOException, InterruptedException {
        JsonNode restored = checkpoints(jobId).path("restored");
        return restored.hasNonNull("external_path")
                ? Optional.of(restored.get("external_path").asText())
                : Optional.empty();
    }

    /**
     * The newest savepoint or checkpoint Flink reports for a job, as the JobManager names it, unless Flink
     * reports it discarded. Of a FINISHED job only its savepoint: Flink discards the checkpoints of a job
     * that finishes.
     */
    public Optional<String> lastSnapshot(String jobId, boolean savepointOnly) throws IOException, InterruptedException {
        JsonNode latest = checkpoints(jobId);
        JsonNode newest = null;
        for (String kind : savepointOnly ? List.of("savepoint") : List.of("savepoint", "completed")) {
            JsonNode snapshot = latest.path(kind);
            if (snapshot.hasNonNull("external_path")
                    && !snapshot.path("discarded").asBoolean(false)
                    && (newest == null
                            || snapshot.path("id").asLong() > newest.path("id").asLong())) {
                newest = snapshot;
            }
        }
        return newest == null
                ? Optional.empty()
                : Optional.of(newest.get("external_path").asText());
    }

    /**
     * Whether a checkpoint completed since the job's last restore (always, for a job never restored).
     * Until one has, Flink 2.2's compaction of file sinks numbers what a drain flushes as if no
     * checkpoint had been restored, and the files of the restored one are never committed.
     */
    public boolean checkpointedSinceRestore(String jobId) throws IOException, InterruptedException {
        JsonNode latest = checkpoints(jobId);
        JsonNode restored = latest.path("restored");
        if (!restored.hasNonNull("id")) {
            return true;
        }
        JsonNode completed = latest.path("completed");
        return completed.hasNonNull("id")
                && completed.get("id").asLong() > restored.get("id").asLong();
    }

    /** The {@code latest} part of {@code /jobs/:id/checkpoints}: the completed, restored... checkpoints. */
    private JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        Answer answer = get("jobs/" + jobId + "/checkpoints");
        JsonNode latest = answer.json().path("latest");
        answer.require(latest.isObject(), "no \"latest\" checkpoints");
        return latest;
    }

    /** Triggers a checkpoint now (Flink's own schedule goes on); returns the operation's trigger id. */
    public String triggerCheckpoint(String jobId) throws IOException, InterruptedException {
        return post("jobs/" + jobId + "/checkpoints", JSON.createObjectNode().put("checkpointType", "FULL"))
                .text("request-id");
    }

    /** Cancels a job without a savepoint (its retained checkpoints stay). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(request(uri("jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", BodyPublishers.noBody())
                .timeout(REQUEST_TIMEOUT)
                .build());
    }

    // ------------------------------------------------------------------------------------ cluster

    public ClusterOverview overview() throws IOException, InterruptedException {
        Answer answer = get("overview");
        answer.require(
                answer.json().path("taskmanagers").isInt()
                        && answer.json().path("slots-total").isInt(),
                "no \"taskmanagers\" and \"slots-total\" numbers");
        return answer.read(answer.json(), ClusterOverview.class, "the cluster's overview");
    }

    /** The JobManager's configuration, key to value. */
    public Map<String, String> jobManagerConfig() throws IOException, InterruptedException {
        Answer answer = get("jobmanager/config");
        return answer.entries(answer.json(), "the configuration", "key").stream()
                .collect(Collectors.toMap(
                        e -> e.path("key").asText(), e -> e.path("value").asText(), (a, b) -> b));
    }

    /**
     * Whether this is the one-job cluster of a local run ({@code execution.target: local}), which stops
     * with its job and accepts no other.
     */
    public boolean isLocalRun() throws IOException, InterruptedException {
        return "local".equals(jobManagerConfig().get("execution.target"));
    }

    // ------------------------------------------------------------------------------------ savepoints

    /** Triggers a savepoint (the job keeps running); returns the operation's trigger id. */
    public String triggerSavepoint(String jobId, String targetDirectory) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("cancel-job", false).put("formatType", "CANONICAL");
        if (targetDirectory != null) {
            body.put("target-directory", targetDirectory);
        }
        return post("jobs/" + jobId + "/savepoints", body).text("request-id");
    }

    /**
     * Stops the job with a savepoint: the sources stop, a last savepoint commits the sinks, the job
     * ends FINISHED. {@code drain} first fires every open window. Returns the operation's trigger id.
     */
    public String triggerStop(String jobId, boolean drain, String targetDirectory)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("drain", drain).put("formatType", "CANONICAL");
        if (targetDirectory != null) {
            body.put("targetDirectory", targetDirectory);
        }
        return post("jobs/" + jobId + "/stop", body).text("request-id");
    }

    /** The state of a savepoint or stop operation started by one of the two above. */
    public SavepointStatus savepointStatus(String jobId, String triggerId) throws IOException, InterruptedException {
        Answer answer = get("jobs/" + jobId + "/savepoints/" + triggerId);
        JsonNode status = answer.json().path("status").path("id");
        answer.require(status.isTextual(), "no \"status\" of the operation");
        if (!"COMPLETED".equals(status.asText())) {
            return new SavepointStatus(false, null, null);
        }
        JsonNode operation = answer.json().path("operation");
        String failure = operation.path("failure-cause").path("stack-trace").asText("");
        if (!failure.isBlank()) {
            return new SavepointStatus(true, null, summarise(failure));
        }
        answer.require(
                operation.path("location").isTextual(), "a completed operation with neither location nor failure");
        return new SavepointStatus(true, operation.path("location").asText(), null);
    }

    // ------------------------------------------------------------------------------------ submission

    /**
     * Submits a job: {@code POST /jobs} with the serialized JobGraph (what Flink's {@code RestClusterClient}
     * writes) and the jars its user code needs, as one multipart request. Returns the job id.
     */
    public String submit(Path jobGraphFile, List<Path> jars) throws IOException, InterruptedException {
        String boundary = "----flink-submission-" + UUID.randomUUID();
        ObjectNode request = JSON.createObjectNode();
        request.put("executionPlanFileName", jobGraphFile.getFileName().toString());
        jars.forEach(
                j -> request.withArray("jobJarFileNames").add(j.getFileName().toString()));
        request.putArray("jobArtifactFileNames");

        List<BodyPublisher> parts = new ArrayList<>();
        parts.add(BodyPublishers.ofString("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n"
                + JSON.writeValueAsString(request) + "\r\n"));
        int index = 0;
        for (Path file : concat(jars, jobGraphFile)) {
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException(file + " does not exist");
            }
            String type = file.equals(jobGraphFile) ? "application/octet-stream" : "application/x-java-archive";
            parts.add(BodyPublishers.ofString("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"file_" + index++ + "\"; filename=\""
                    + file.getFileName() + "\"\r\n"
                    + "Content-Type: " + type + "\r\n\r\n"));
            parts.add(BodyPublishers.ofFile(file));
            parts.add(BodyPublishers.ofString("\r\n"));
        }
        parts.add(BodyPublishers.ofString("--" + boundary + "--\r\n"));

        Answer answer = send(request(uri("jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(parts.toArray(BodyPublisher[]::new)))
                .timeout(SUBMIT_TIMEOUT)
                .build());
        String jobUrl = answer.text("jobUrl");
        String id = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
        answer.require(!id.isBlank(), "a \"jobUrl\" without job id");
        return id;
    }

    private static List<Path> concat(List<Path> jars, Path last) {
        List<Path> all = new ArrayList<>(jars);
        all.add(last);
        return all;
    }

    // ------------------------------------------------------------------------------------ metrics

    /** The ids of the metrics of one vertex, e.g. {@code 0.Validate_tracks.tracksParsed}. */
    public List<String> vertexMetricIds(String jobId, String vertexId) throws IOException, InterruptedException {
        Answer answer = get("jobs/" + jobId + "/vertices/" + vertexId + "/metrics");
        return answer.entries(answer.json(), "the metrics", "id").stream()
                .map(m -> m.path("id").asText())
                .toList();
    }

    /** The current values of some metrics of one vertex, id to value. */
    public Map<String, String> vertexMetrics(String jobId, String vertexId, List<String> ids)
            throws IOException, InterruptedException {
        String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
        Answer answer = get("jobs/" + jobId + "/vertices/" + vertexId + "/metrics?get=" + query);
        return answer.entries(answer.json(), "the metrics", "id").stream()
                .collect(Collectors.toMap(
                        m -> m.path("id").asText(), m -> m.path("value").asText(), (a, b) -> b));
    }

    // ------------------------------------------------------------------------------------ HTTP

    private Answer get(String path) throws IOException, InterruptedException {
        return send(request(uri(path)).GET().timeout(REQUEST_TIMEOUT).build());
    }

    private Answer post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(request(uri(path))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(REQUEST_TIMEOUT)
                .build());
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    /**
     * A request to {@code path}, with the user and password of the address (an authenticating proxy in
     * front of the REST API) as basic authentication: Java's HTTP client leaves a URL's user information
     * out, so they were never sent and every request was refused.
     */
    private HttpRequest.Builder request(URI target) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target);
        String userInfo = base.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // refused, timed out or dropped before an answer: as for curl, nobody serves the REST API there
            throw new FlinkUnreachableException(base, e);
        }
        // for messages: the address asked, without user information (a password) and query
        String from = FlinkUnreachableException.display(
                URI.create(request.uri().toString().replaceFirst("[?#].*$", "")));
        int status = response.statusCode();
        Optional<JsonNode> body = parse(response.body());
        if (body.isEmpty()) {
            // Flink answers JSON, errors included: another server answers at that address
            String what = describe(response.body());
            throw new FlinkUnexpectedAnswerException(
                    from, status, status >= 200 && status < 300 ? what : "HTTP " + status + ", " + what);
        }
        if (status >= 200 && status < 300) {
            return new Answer(from, body.get());
        }
        String message = errors(body.get()).orElse(("HTTP " + status + " " + oneLine(response.body(), 200)).strip());
        String what = request.method() + " " + request.uri().getRawPath();
        if (status == 404 && request.uri().getRawPath().matches(".*/jobs/[0-9a-fA-F]{32}(/.*)?")) {
            throw new JobNotFoundException(what, message);
        }
        throw new FlinkRestException(what, status, message);
    }

    /** The JSON of an answer; an empty object for none, empty when it is not JSON. */
    private static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        try {
            return Optional.of(JSON.readTree(body));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** What a body that is not JSON looks like, in a few words: "an HTML page ("404 Not Found")". */
    static String describe(String body) {
        String text = body.strip();
        String start = text.substring(0, Math.min(text.length(), 200)).toLowerCase(Locale.ROOT);
        if (start.startsWith("<") && (start.contains("<html") || start.contains("<!doctype"))) {
            Matcher title = HTML_TITLE.matcher(text);
            return title.find() && !title.group(1).isBlank()
                    ? "an HTML page (\"" + oneLine(title.group(1), 80) + "\"), not JSON"
                    : "an HTML page, not JSON";
        }
        return "not JSON: " + oneLine(text, 100);
    }

    private static Optional<String> errors(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return Optional.empty();
        }
        List<String> messages = new ArrayList<>();
        errors.forEach(e -> messages.add(summarise(e.asText())));
        // "Internal server error." comes with the server-side exception that says what went wrong
        if (messages.size() > 1) {
            messages.remove("Internal server error.");
        }
        return Optional.of(String.join("; ", messages));
    }

    /** One line of at most {@code max} characters: whitespace and line breaks become one space. */
    static String oneLine(String s, int max) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }

    /** A JSON answer (2xx) and where it came from: what the methods read, checked as they read it. */
    private record Answer(String from, JsonNode json) {
        void require(boolean expected, String otherwise) throws FlinkUnexpectedAnswerException {
            if (!expected) {
                throw new FlinkUnexpectedAnswerException(from, otherwise);
            }
        }

        /** The non-blank text of a field of the answer. */
        String text(String field) throws FlinkUnexpectedAnswerException {
            JsonNode value = json.path(field);
            require(value.isTextual() && !value.asText().isBlank(), "no \"" + field + "\"");
            return value.asText();
        }

        List<JsonNode> array(JsonNode node, String what) throws FlinkUnexpectedAnswerException {
            require(node.isArray(), "no " + what + " list");
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        }

        /** A list of objects that each have the text field {@code key}. */
        List<JsonNode> entries(JsonNode node, String what, String key) throws FlinkUnexpectedAnswerException {
            List<JsonNode> items = array(node, what);
            for (JsonNode item : items) {
                require(item.path(key).isTextual(), "an entry of " + what + " without \"" + key + "\"");
            }
            return items;
        }

        <T> T read(JsonNode node, Class<T> type, String what) throws FlinkUnexpectedAnswerException {
            try {
                T value = JSON.treeToValue(node, type);
                require(value != null, "no " + what);
                return value;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new FlinkUnexpectedAnswerException(from, what + " of an unexpected shape");
            }
        }
    }

    /**
     * A Java stack trace as a person reads it: its first line and its root cause ({@code Caused by:}),
     * without the {@code at …} lines.
     */
    public static String summarise(String trace) {
        List<String> lines = trace.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !l.matches("\\.\\.\\. \\d+ more"))
                // Flink wraps a server-side exception in these two lines
                .filter(l -> !l.equals("<Exception on server side:") && !l.equals("End of exception on server side>"))
                .toList();
        if (lines.isEmpty()) {
            return "";
        }
        String first = lines.get(0);
        String cause = null;
        for (String l : lines) {
            if (l.startsWith("Caused by: ")) {
                cause = l;
            }
        }
        return cause == null ? first : first + "\n" + cause;
    }
}
