package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.files.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the insights of an output directory: {@code insights_summary.json}, the CSV exports and the
 * self-contained {@code report.html}. Each file is written beside its final name and moved into place,
 * so a reader never opens a half-written one.
 */
public final class InsightsReport {
    public static final String SUMMARY = "insights_summary.json";
    public static final String TOP_GENRES = "top_genres.csv";
    public static final String TOP_ARTISTS = "top_artists.csv";
    public static final String STATS_BY_TYPE = "stats_by_type.csv";
    public static final String WORD_FREQUENCY = "word_frequency.csv";
    public static final String REPORT = "report.html";

    /** How many genres the profile chart compares: more would be unreadable on one radar. */
    static final int PROFILE_GENRES = 5;

    /** The most bars of the invalid-records chart, the last one summing the rest when there are more. */
    static final int INVALID_REASONS = 20;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was written, and why some figures are missing. */
    public record Written(List<Path> files, List<String> notes) {}

    private InsightsReport() {}

    public static Written write(Path outputDir, Path targetDir, int top, Instant now) {
        refuseFileOnTheWay(targetDir);
        OutputDirectory output = OutputDirectory.scan(outputDir);
        try (ParquetCatalog catalog = ParquetCatalog.open(output)) {
            Files.createDirectories(targetDir);
            List<Path> written = new ArrayList<>();
            ObjectNode summary = Insights.summary(catalog, top, now);
            written.add(atomically(targetDir.resolve(SUMMARY), file -> MAPPER.writeValue(file.toFile(), summary)));

            csv(catalog, Dataset.GENRE_STATS, Queries.GENRES_RANKED, targetDir.resolve(TOP_GENRES), written);
            csv(catalog, Dataset.ARTIST_STATS, Queries.ARTISTS_RANKED, targetDir.resolve(TOP_ARTISTS), written);
            csv(catalog, Dataset.STATS_BY_TYPE, Queries.STATS_BY_TYPE_ROWS, targetDir.resolve(STATS_BY_TYPE), written);
            csv(catalog, Dataset.WORD_FREQUENCY, Queries.WORDS_RANKED, targetDir.resolve(WORD_FREQUENCY), written);

            String html = html(reportData(catalog, summary));
            written.add(atomically(
                    targetDir.resolve(REPORT), file -> Files.writeString(file, html, StandardCharsets.UTF_8)));
            return new Written(List.copyOf(written), catalog.notes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + targetDir + ": " + IoErrors.describe(e, targetDir), e);
        }
    }

    /** A file where the report's folder, or one of its parents, would be: said before anything is read. */
    private static void refuseFileOnTheWay(Path targetDir) {
        Path target = targetDir.toAbsolutePath().normalize();
        for (Path p = target; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InsightsException("cannot write to " + targetDir + ": "
                            + (p.equals(target) ? "it is a file, not a directory" : p + " is a file, not a directory"));
                }
                return;
            }
        }
    }

    private static void csv(ParquetCatalog catalog, Dataset dataset, String sql, Path file, List<Path> written)
            throws IOException {
        if (catalog.has(dataset)) {
            written.add(atomically(file, tmp -> catalog.copyToCsv(sql, tmp)));
        } else {
            Files.deleteIfExists(file);
        }
    }

    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    /**
     * Writes {@code file} under a hidden name of its own, then moves it into place: a reader sees the old
     * file or the new one, and two reports written at once into the same folder (the local run's and one
     * by hand) never write into the same temporary file.
     */
    private static Path atomically(Path file, FileWriter writer) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writer.write(tmp);
            return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ------------------------------------------------------------------ report.html

    /** What the page draws: the headline cards and one labels/values series per chart. */
    static ObjectNode reportData(ParquetCatalog catalog, ObjectNode summary) {
        JsonNode tracks = summary.path("tracks");
        JsonNode tickets = summary.path("tickets");
        JsonNode deadLetters = summary.path("dead_letters");
        ObjectNode data = JSON.objectNode();
        data.put("output_dir", summary.path("output_dir").asText());
        data.put("subtitle", "Generated " + summary.path("generated_at").asText());
        ArrayNode ranges = data.putArray("ranges");
        range(ranges, "tracks", summary.path("time_range").path("tracks"));
        range(ranges, "tickets", summary.path("time_range").path("tickets"));
        ArrayNode cards = data.putArray("cards");
        card(cards, "tracks", tracks.path("total"));
        card(cards, "genres", tracks.path("distinct_genres"));
        card(cards, "artists", tracks.path("distinct_artists"));
        card(cards, "tickets", tickets.path("total"));
        if (tickets.has("high_or_critical_share")) {
            cards.addObject()
                    .put("label", "high or critical")
                    .put(
                            "value",
                            Math.round(tickets.get("high_or_critical_share").asDouble() * 1000) / 10.0 + " %");
        }
        if (tickets.has("busiest_team")) {
            cards.addObject()
                    .put("label", "busiest team")
                    .put("value", tickets.path("busiest_team").path("team").asText());
        }
        card(cards, "dead letters", deadLetters.path("total"));
        data.set("notes", summary.path("notes"));

        ObjectNode charts = data.putObject("charts");
        charts.set("top-genres", series(tracks.path("top_genres"), "genre", "track_count"));
        charts.set("top-artists", series(tracks.path("top_artists"), "artist", "track_count"));
        charts.set("genre-profiles", profiles(tracks.path("genre_profiles")));
        charts.set("tickets-per-team", ticketsPerTeam(tickets.path("tickets_over_time")));
        charts.set("priority-mix", series(tickets.path("by_priority")));
        charts.set("top-keywords", series(tickets.path("top_keywords"), "word", "tickets"));
        charts.set("late-records", lateRecords(deadLetters));
        charts.set("invalid-records", invalidRecords(deadLetters));
        return data;
    }

    /**
     * "tickets: 2022-01-10 to 2023-12-25 (1st to 99th percentile); all records 2022-01-01 to 2026-11-24 (event
     * time, UTC)": where the bulk of a stream lies, and beside it the full range, which a few odd records can
     * stretch far beyond it; the full range alone when both are the same.
     */
    private static void range(ArrayNode ranges, String stream, JsonNode range) {
        if (!range.isObject()) {
            return;
        }
        JsonNode bulk = range.path("bulk");
        String full = span(range);
        if (!bulk.isObject()
                || (bulk.path("from").asText().equals(range.path("from").asText())
                        && bulk.path("to").asText().equals(range.path("to").asText()))) {
            ranges.add(stream + ": " + full + " (event time, UTC)");
            return;
        }
        ranges.add(stream + ": " + span(bulk) + " ("
                + ordinal(bulk.path("percentiles").path(0).asInt()) + " to "
                + ordinal(bulk.path("percentiles").path(1).asInt()) + " percentile); all records " + full
                + " (event time, UTC)");
    }

    /**
     * "2022-01-10 to 2023-12-25", "2026-11-24 13:01 to 16:09": the {from, to} of a range only as precise as
     * its length needs, the day over days, else the minute, and its end's date left out when the same.
     */
    private static String span(JsonNode range) {
        Instant from = Instant.parse(range.path("from").asText());
        Instant to = Instant.parse(range.path("to").asText());
        if (Duration.between(from, to).compareTo(Duration.ofDays(2)) >= 0) {
            return TimeBucket.DAY.label(from) + " to " + TimeBucket.DAY.label(to);
        }
        String end = TimeBucket.MINUTE.label(to);
        return TimeBucket.MINUTE.label(from) + " to "
                + (TimeBucket.DAY.label(from).equals(TimeBucket.DAY.label(to)) ? end.substring(11) : end);
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13
                ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    private static void card(ArrayNode cards, String label, JsonNode value) {
        if (value.isNumber()) {
            cards.addObject().put("label", label).set("value", value);
        }
    }

    /** {labels, values} from rows of (label, value), each label also wrapped into lines. */
    private static ObjectNode series(JsonNode rows, String labelField, String valueField) {
        ObjectNode series = bars();
        rows.forEach(r -> bar(series, r.path(labelField).asText(), r.path(valueField)));
        return series;
    }

    /**
     * A bar chart's data: {@code labels} (the whole texts), {@code lines} (each label as the lines the chart
     * draws, {@link ChartLabels}) and {@code values}.
     */
    private static ObjectNode bars() {
        ObjectNode series = JSON.objectNode();
        series.putArray("labels");
        series.putArray("lines");
        series.putArray("values");
        return series;
    }

    private static void bar(ObjectNode series, String label, JsonNode value) {
        ((ArrayNode) series.get("labels")).add(label);
        ArrayNode lines = ((ArrayNode) series.get("lines")).addArray();
        ChartLabels.wrap(label).forEach(lines::add);
        ((ArrayNode) series.get("values")).add(value);
    }

    /**
     * Late records per topic, every topic with dead letters listed (0 when none of them is late): a late
     * record is a valid one that came after its window was emitted, a matter of event-time order, not of
     * a broken producer.
     */
    private static ObjectNode lateRecords(JsonNode deadLetters) {
        ObjectNode series = bars();
        series.put("total", deadLetters.path("late").path("total").asLong());
        deadLetters.path("late").path("by_topic").fields().forEachRemaining(e -> bar(series, e.getKey(), e.getValue()));
        return series;
    }

    /**
     * Invalid records (every dead letter but the late ones) per topic and reason, the most frequent
     * first; beyond {@link #INVALID_REASONS} bars the rest are summed into one, so the chart stays readable
     * whatever reasons an odd producer causes.
     */
    private static ObjectNode invalidRecords(JsonNode deadLetters) {
        ObjectNode series = bars();
        series.put("total", deadLetters.path("invalid").path("total").asLong());
        List<JsonNode> invalid = new ArrayList<>();
        deadLetters.path("by_reason").forEach(r -> {
            String category = r.path("category").asText();
            if (!Queries.LATE.equals(category) && !Queries.DELETED_UNREAD.equals(category)) {
                invalid.add(r);
            }
        });
        int shown = invalid.size() <= INVALID_REASONS ? invalid.size() : INVALID_REASONS - 1;
        for (JsonNode r : invalid.subList(0, shown)) {
            bar(
                    series,
                    r.path("source_topic").asText() + ": " + r.path("reason").asText(),
                    r.path("count"));
        }
        if (shown < invalid.size()) {
            long rest = invalid.subList(shown, invalid.size()).stream()
                    .mapToLong(r -> r.path("count").asLong())
                    .sum();
            bar(series, (invalid.size() - shown) + " other reasons", JSON.numberNode(rest));
        }
        return series;
    }

    /** {labels, values} from an object of counts. */
    private static ObjectNode series(JsonNode counts) {
        ObjectNode series = JSON.objectNode();
        ArrayNode labels = series.putArray("labels");
        ArrayNode values = series.putArray("values");
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.add(e.getKey());
            values.add(e.getValue());
        }
        return series;
    }

    private static ObjectNode profiles(JsonNode genreProfiles) {
        ObjectNode chart = JSON.objectNode();
        if (genreProfiles.isEmpty()) {
            return chart;
        }
        ArrayNode labels = chart.putArray("labels");
        Queries.PROFILE_FEATURES.forEach(labels::add);
        ArrayNode series = chart.putArray("series");
        for (int i = 0; i < Math.min(PROFILE_GENRES, genreProfiles.size()); i++) {
            JsonNode genre = genreProfiles.get(i);
            ObjectNode s = series.addObject().put("label", genre.path("genre").asText());
            ArrayNode values = s.putArray("values");
            Queries.PROFILE_FEATURES.forEach(f -> values.add(genre.path(f)));
        }
        return chart;
    }

    /**
     * One line per team over the summary's time buckets ({@code tickets_over_time}), each point the sum of
     * the windows in its bucket; the title says which bucket.
     */
    private static ObjectNode ticketsPerTeam(JsonNode overTime) {
        ObjectNode chart = JSON.objectNode();
        if (!overTime.isObject()) {
            return chart;
        }
        TimeBucket bucket = TimeBucket.valueOf(overTime.path("bucket").asText().toUpperCase(Locale.ROOT));
        chart.put("bucket", bucket.unit());
        chart.put(
                "title",
                "Tickets per team per " + bucket.unit() + (bucket == TimeBucket.WEEK ? " (from Monday)" : "")
                        + ": the "
                        + windowText(Duration.parse(overTime.path("window").asText()))
                        + " windows summed");
        ArrayNode labels = chart.putArray("labels");
        Map<String, ArrayNode> byTeam = new TreeMap<>();
        ArrayNode series = JSON.arrayNode();
        for (JsonNode point : overTime.path("points")) {
            labels.add(bucket.label(Instant.parse(point.path("start").asText())));
            point.path("by_team")
                    .fields()
                    .forEachRemaining(team -> byTeam.computeIfAbsent(
                                    team.getKey(),
                                    t -> series.addObject().put("label", t).putArray("values"))
                            .add(team.getValue()));
        }
        chart.set("series", series);
        List<String> outside = new ArrayList<>();
        long before = overTime.path("outside").path("before").asLong();
        long after = overTime.path("outside").path("after").asLong();
        if (before > 0) {
            outside.add(tickets(before) + " before "
                    + bucket.label(Instant.parse(overTime.path("from").asText())));
        }
        if (after > 0) {
            outside.add(tickets(after) + " after "
                    + bucket.label(Instant.parse(overTime.path("to").asText())));
        }
        if (!outside.isEmpty()) {
            chart.put(
                    "note",
                    "Not drawn, being far from all the others: " + String.join(" and ", outside)
                            + " (the full range is in the header).");
        }
        return chart;
    }

    private static String tickets(long n) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? "ticket" : "tickets");
    }

    /** "1-minute", "30-second", "2-hour": a window's length as a chart title says it. */
    static String windowText(Duration window) {
        if (window.toHours() > 0 && window.equals(Duration.ofHours(window.toHours()))) {
            return window.toHours() + "-hour";
        }
        if (window.toMinutes() > 0 && window.equals(Duration.ofMinutes(window.toMinutes()))) {
            return window.toMinutes() + "-minute";
        }
        return window.toSeconds() + "-second";
    }

    static String html(ObjectNode data) throws IOException {
        String json = MAPPER.writer()
                .without(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(data)
                // inside <script>, "</script" or "<!--" in a record's text would end the element or
                // change how the browser reads it: '<', '>' and '&' only occur in JSON strings, so escape them
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026");
        String chartJs =
                resource("/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js");
        return resource("/insights/report.html")
                .replace("{{TITLE}}", escape(data.path("output_dir").asText()))
                .replace("{{CHARTJS_VERSION}}", chartJsVersion())
                .replace("{{CHARTJS}}", chartJs.replace("</script", "<\\/script"))
                // last: the data is the only part with text from the records
                .replace("{{REPORT_DATA}}", json);
    }

    static String chartJsVersion() throws IOException {
        Properties versions = new Properties();
        try (InputStream in = InsightsReport.class.getResourceAsStream("/insights/versions.properties")) {
            versions.load(in);
        }
        return versions.getProperty("chartjs.version");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = InsightsReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the insights jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
