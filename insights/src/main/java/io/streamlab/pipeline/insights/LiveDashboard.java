package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import io.streamlab.pipeline.flinkrest.FlinkUnexpectedAnswerException;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.metrics.PipelineMetrics.Input;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The console view of {@code run-local.sh}: every few seconds, the job's counters from its metrics
 * (records so far, rates, dead letters) and its latest committed windows from the Parquet output (top
 * genres, tickets per team). Both are the job's own figures; nothing reads Kafka a second time.
 */
public final class LiveDashboard implements AutoCloseable {
    static final Set<String> METRICS = Stream.concat(
                    Stream.of(Input.values()).flatMap(input -> input.counters().stream()),
                    Stream.of(PipelineMetrics.TICKETS_ROUTED))
            .collect(Collectors.toUnmodifiableSet());
    /**
     * The datasets the view shows, the only ones it reads; of each it keeps the last {@link #KEPT} (of
     * windows, of dead letters detected), so a view left running for months holds an hour of rows, not
     * everything committed.
     */
    static final Set<Dataset> READ = EnumSet.of(Dataset.GENRE_STATS, Dataset.STATS_BY_TEAM, Dataset.DEAD_LETTERS);

    /**
     * The day folders listed at each refresh: the hour of rows the view keeps ({@link #KEPT}) was written
     * today, or yesterday around midnight.
     */
    static final int LISTED_DAYS = 2;

    static final Duration KEPT = Duration.ofHours(1);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WINDOW =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** One refresh: what the metrics and the committed output said at {@code at}. */
    record Snapshot(Instant at, FlinkRestClient.Job job, Map<String, Long> counters, Outputs outputs) {
        long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    /** The latest committed windows, or why there are none. */
    record Outputs(
            JsonNode trackWindow,
            ArrayNode topGenres,
            ArrayNode teamWindow,
            ArrayNode deadLetterReasons,
            int committedFiles,
            String problem,
            String leftOut) {
        Outputs(
                JsonNode trackWindow,
                ArrayNode topGenres,
                ArrayNode teamWindow,
                ArrayNode deadLetterReasons,
                int committedFiles,
                String problem) {
            this(trackWindow, topGenres, teamWindow, deadLetterReasons, committedFiles, problem, null);
        }

        static Outputs unavailable(String problem) {
            return new Outputs(null, null, null, null, 0, problem);
        }
    }

    private final FlinkRest rest;
    private final Path outputDir;
    private final String jobName;
    private final int top;
    private Snapshot previous;
    /** The committed output read so far: each part file is read once, on the first refresh that lists it. */
    private ParquetCatalog catalog;

    /**
     * How long the view goes on asking a REST API that stopped answering (a JobManager failover), at
     * least three periods.
     */
    static final Duration UNANSWERED_LIMIT = Duration.ofMinutes(10);

    public LiveDashboard(java.net.URI webUi, Path outputDir, String jobName, int top) {
        this.rest = new FlinkRest(webUi);
        this.outputDir = outputDir;
        this.jobName = jobName;
        this.top = top;
    }

    /**
     * Prints a view every {@code every} until the job ends (then once more) or the thread is interrupted.
     * Before the job appears, and while the REST API does not answer, it says so once and keeps waiting.
     */
    public void run(Duration every, PrintStream out) throws InterruptedException {
        String waiting = null;
        boolean seen = false;
        Instant unansweredSince = null;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Snapshot> snapshot;
            String problem;
            boolean mayAnswerLater = false;
            try {
                snapshot = snapshot(Instant.now());
                problem = snapshot.isEmpty()
                        ? "waiting for " + (jobName == null ? "a job" : "job '" + jobName + "'") + " on "
                                + rest.address()
                        : null;
            } catch (FlinkUnexpectedAnswerException e) {
                // something else answers there: say so once, and keep waiting as for an address nobody serves
                snapshot = Optional.empty();
                mayAnswerLater = FlinkRestClient.mayAnswerLater(e);
                problem = seen
                        ? "the Flink REST API at " + rest.address() + " does not answer"
                        : "waiting for the Flink web UI at " + rest.address() + ": " + e.getMessage()
                                + " (is --web-ui the Flink web UI?)";
            } catch (IOException e) {
                snapshot = Optional.empty();
                mayAnswerLater = FlinkRestClient.mayAnswerLater(e);
                problem = seen
                        ? "the Flink REST API at " + rest.address() + " does not answer"
                        : "waiting for the Flink web UI at " + rest.address();
            }
            if (snapshot.isPresent()) {
                if (unansweredSince != null) {
                    out.println("[live] the Flink REST API at " + rest.address() + " answers again");
                    unansweredSince = null;
                }
                String view = render(snapshot.get());
                // the first view comes one period after the job appeared, with a rate over that period
                if (seen || snapshot.get().job().ended()) {
                    out.print(view);
                    out.flush();
                }
                seen = true;
                if (snapshot.get().job().ended()) {
                    return;
                }
            } else if (seen && mayAnswerLater) {
                // one dropped request, a proxy's 503 or a JobManager failover is no end of the job: until
                // 2026-12-03 the first one stopped the view for good
                Instant now = Instant.now();
                // at least three more requests, whatever --every says
                Duration limit = every.multipliedBy(3).compareTo(UNANSWERED_LIMIT) > 0
                        ? every.multipliedBy(3)
                        : UNANSWERED_LIMIT;
                if (unansweredSince == null) {
                    unansweredSince = now;
                    out.println("[live] " + problem + ": trying again every " + PipelineConfig.formatDuration(every)
                            + " for up to " + PipelineConfig.formatDuration(limit));
                } else if (Duration.between(unansweredSince, now).compareTo(limit) >= 0) {
                    out.println("[live] " + problem + " for " + PipelineConfig.formatDuration(limit)
                            + ": the live view stops");
                    return;
                }
            } else if (seen) {
                out.println("[live] " + problem + ": the job is gone, the live view stops");
                return;
            } else if (!problem.equals(waiting)) {
                out.println("[live] " + problem);
                waiting = problem;
            }
            Thread.sleep(seen ? every.toMillis() : Math.min(every.toMillis(), 2000));
        }
    }

    /** Reads the metrics and the output once; empty when the cluster has no such job yet. */
    Optional<Snapshot> snapshot(Instant now) throws IOException, InterruptedException {
        Optional<FlinkRestClient.Job> job = rest.job(jobName);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        TreeMap<String, Long> counters =
                job.get().ended() ? new TreeMap<>() : rest.counters(job.get().id(), METRICS);
        Snapshot snapshot = new Snapshot(now, job.get(), counters, outputs(now));
        return Optional.of(snapshot);
    }

    /**
     * The latest committed windows. The catalog lives across refreshes and reads only the part files
     * committed since the previous one; after an unexpected failure it is dropped, and the next refresh
     * reads everything again. Dead letters are those of the hour before {@code now}: the view says "last
     * hour".
     */
    Outputs outputs(Instant now) {
        try {
            OutputDirectory output = OutputDirectory.scanLatestDays(outputDir, READ, LISTED_DAYS);
            if (output.nothingCommitted()) {
                return Outputs.unavailable("no window committed yet (part files are committed on checkpoints, every"
                        + " sink.compaction.checkpoints of them when compaction is on)");
            }
            if (catalog == null) {
                catalog = ParquetCatalog.create(output.root(), READ).leavingOutUnreadableFiles();
            }
            catalog.refresh(output);
            catalog.keepLatest(Dataset.GENRE_STATS, "window_start", KEPT);
            catalog.keepLatest(Dataset.STATS_BY_TEAM, "window_start", KEPT);
            // of the wall clock's last hour: a burst days ago, with none since, is not "last hour"
            catalog.keepSince(
                    Dataset.DEAD_LETTERS, "detected_at", now.minus(KEPT).toEpochMilli());
            return outputs(catalog, top);
        } catch (InsightsException e) {
            return Outputs.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a part file removed while read (a new --bounded run clearing the output): the next
            // refresh starts over with a new catalog
            close();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Outputs.unavailable(
                    "not readable right now (" + message.lines().findFirst().orElse("") + ")");
        }
    }

    /** The latest committed windows of a catalog. */
    static Outputs outputs(ParquetCatalog catalog, int top) {
        int files = 0;
        for (Dataset d : Dataset.values()) {
            files += catalog.output().files(d).committed().size();
        }
        JsonNode trackWindow = catalog.has(Dataset.GENRE_STATS) ? catalog.row(Queries.LATEST_TRACK_WINDOW) : null;
        ArrayNode genres =
                catalog.has(Dataset.GENRE_STATS) ? catalog.rows(Queries.LATEST_WINDOW_TOP_GENRES, top) : null;
        ArrayNode teams = catalog.has(Dataset.STATS_BY_TEAM) ? catalog.rows(Queries.LATEST_TEAM_WINDOW) : null;
        ArrayNode reasons = catalog.has(Dataset.DEAD_LETTERS)
                ? catalog.rows(Queries.deadLettersByReason(Queries.deadLetterCategory(catalog)))
                : null;
        String leftOut = catalog.leftOut().isEmpty()
                ? null
                : catalog.leftOut().size() + " unreadable, left out (first: "
                        + catalog.output()
                                .root()
                                .relativize(
                                        catalog.leftOut().keySet().iterator().next()) + ")";
        return new Outputs(trackWindow, genres, teams, reasons, files, null, leftOut);
    }

    /** The catalog of the committed output, while the view holds one. */
    ParquetCatalog catalog() {
        return catalog;
    }

    /** Drops the catalog of the committed output (its in-memory database). */
    @Override
    public void close() {
        if (catalog != null) {
            catalog.close();
            catalog = null;
        }
    }

    /** The text of one view; rates are over the time since the previous view (or since the job started). */
    String render(Snapshot now) {
        Snapshot before =
                previous != null && previous.job().id().equals(now.job().id()) ? previous : null;
        previous = now;
        double seconds = before != null
                ? Duration.between(before.at(), now.at()).toMillis() / 1000.0
                : Math.max(1, now.at().toEpochMilli() - now.job().startTime()) / 1000.0;
        StringBuilder sb = new StringBuilder();
        String title =
                "── " + terminalSafe(now.job().name()) + " · " + now.job().state() + " · up "
                        + uptime(now.job().duration()) + " · " + CLOCK.format(now.at()) + " UTC ";
        sb.append('\n')
                .append(title)
                .append("─".repeat(Math.max(3, 96 - title.length())))
                .append('\n');
        if (now.job().ended()) {
            sb.append("  the job has ended: its final figures are in the output (insights report)\n");
        } else {
            for (Input input : Input.values()) {
                sb.append(String.format(
                        "  %-9s%,9d read  %,9.0f/s   invalid %,d   late %,d%n",
                        input.label(),
                        now.counter(input.parsed()),
                        rate(now, before, input.parsed(), seconds),
                        now.counter(input.invalid()),
                        now.counter(input.late())));
            }
            List<String> routed = new ArrayList<>();
            new TreeMap<>(now.counters()).forEach((k, v) -> {
                if (k.startsWith(PipelineMetrics.TICKETS_ROUTED + ".")) {
                    routed.add(
                            k.substring(PipelineMetrics.TICKETS_ROUTED.length() + 1) + " " + String.format("%,d", v));
                }
            });
            if (!routed.isEmpty()) {
                sb.append("  routed   ").append(String.join(" · ", routed)).append('\n');
            }
            long dead = 0;
            for (Input input : Input.values()) {
                dead += now.counter(input.invalid()) + now.counter(input.late());
            }
            sb.append(String.format("  dead letters %,d%n", dead));
        }
        Outputs out = now.outputs();
        if (out.problem() != null) {
            sb.append("  committed output: ").append(out.problem()).append('\n');
            return sb.toString();
        }
        sb.append("  committed output (")
                .append(out.committedFiles())
                .append(" part files of the latest ")
                .append(LISTED_DAYS)
                .append(" days")
                .append(out.leftOut() == null ? "" : "; " + terminalSafe(out.leftOut()))
                .append("):\n");
        if (out.trackWindow() != null && out.trackWindow().has("window_start")) {
            sb.append("    tracks window  ")
                    .append(window(out.trackWindow()))
                    .append(String.format(
                            ": %,d tracks; top genres: ",
                            out.trackWindow().path("track_count").asLong()));
            List<String> genres = new ArrayList<>();
            out.topGenres()
                    .forEach(g -> genres.add(terminalSafe(g.path("genre").asText()) + " "
                            + g.path("track_count").asLong()));
            sb.append(String.join(", ", genres)).append('\n');
        }
        if (out.teamWindow() != null && !out.teamWindow().isEmpty()) {
            sb.append("    tickets window ")
                    .append(window(out.teamWindow().get(0)))
                    .append(": ");
            List<String> teams = new ArrayList<>();
            out.teamWindow()
                    .forEach(t -> teams.add(terminalSafe(t.path("team").asText()) + " "
                            + t.path("ticket_count").asLong()
                            + (t.path("high_or_critical").asLong() > 0
                                    ? " (" + t.path("high_or_critical").asLong() + " high/critical)"
                                    : "")));
            sb.append(String.join(" · ", teams)).append('\n');
        }
        if (out.deadLetterReasons() != null && !out.deadLetterReasons().isEmpty()) {
            List<String> reasons = new ArrayList<>();
            for (int i = 0; i < Math.min(3, out.deadLetterReasons().size()); i++) {
                JsonNode r = out.deadLetterReasons().get(i);
                reasons.add(terminalSafe(r.path("reason").asText()) + " "
                        + r.path("count").asLong());
            }
            sb.append("    dead letters   ").append(String.join(" · ", reasons)).append(" (last hour)\n");
        }
        return sb.toString();
    }

    private static double rate(Snapshot now, Snapshot before, String counter, double seconds) {
        long delta = now.counter(counter) - (before == null ? 0 : before.counter(counter));
        return Math.max(0, delta) / seconds;
    }

    /**
     * A text of the data as a terminal shows it as it is: control and format characters (an escape
     * sequence, a line break, a right-to-left override) become '?', joiners of emoji excepted. Genres are
     * any text a record carried, and one holding "ESC[2J" cleared the operator's screen at every refresh.
     */
    static String terminalSafe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = (type == Character.CONTROL || type == Character.FORMAT) && c != 0x200C && c != 0x200D;
            sb.appendCodePoint(hidden ? '?' : c);
        });
        return sb.toString();
    }

    private static String window(JsonNode row) {
        Instant start = Instant.ofEpochMilli(row.path("window_start").asLong());
        Instant end = Instant.ofEpochMilli(row.path("window_end").asLong());
        return WINDOW.format(start) + "–"
                + DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(end);
    }

    private static String uptime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0
                ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
}
