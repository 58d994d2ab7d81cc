package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.datasets.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

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

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was written, and why some figures are missing. */
    public record Written(List<Path> files, List<String> notes) {}

    private InsightsReport() {}

    public static Written write(Path outputDir, Path targetDir, int top, Instant now) {
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
            throw new UncheckedIOException("cannot write to " + targetDir + ": " + e.getMessage(), e);
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

    private static Path atomically(Path file, FileWriter writer) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        writer.write(tmp);
        return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ------------------------------------------------------------------ report.html

    /** What the page draws: the headline cards and one labels/values series per chart. */
    static ObjectNode reportData(ParquetCatalog catalog, ObjectNode summary) {
        JsonNode tracks = summary.path("tracks");
        JsonNode tickets = summary.path("tickets");
        JsonNode deadLetters = summary.path("dead_letters");
        ObjectNode data = JSON.objectNode();
        data.put("output_dir", summary.path("output_dir").asText());
        data.put("subtitle", subtitle(summary));
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
        charts.set(
                "tickets-per-team",
                catalog.has(Dataset.STATS_BY_TEAM)
                        ? timeSeries(catalog.rows(Queries.TEAM_WINDOWS))
                        : JSON.objectNode());
        charts.set("priority-mix", series(tickets.path("by_priority")));
        charts.set("top-keywords", series(tickets.path("top_keywords"), "word", "tickets"));
        ObjectNode dead = charts.putObject("dead-letters");
        ArrayNode labels = dead.putArray("labels");
        ArrayNode values = dead.putArray("values");
        deadLetters.path("by_reason").forEach(r -> {
            labels.add(r.path("source_topic").asText() + ": " + r.path("reason").asText());
            values.add(r.path("count").asLong());
        });
        return data;
    }

    private static String subtitle(ObjectNode summary) {
        StringBuilder sb = new StringBuilder("Generated ")
                .append(summary.path("generated_at").asText());
        JsonNode tracks = summary.path("time_range").path("tracks");
        if (tracks.isObject()) {
            sb.append(" · tracks from ")
                    .append(tracks.path("from").asText())
                    .append(" to ")
                    .append(tracks.path("to").asText());
        }
        JsonNode tickets = summary.path("time_range").path("tickets");
        if (tickets.isObject()) {
            sb.append(" · tickets from ")
                    .append(tickets.path("from").asText())
                    .append(" to ")
                    .append(tickets.path("to").asText());
        }
        return sb.append(" (event time, UTC)").toString();
    }

    private static void card(ArrayNode cards, String label, JsonNode value) {
        if (value.isNumber()) {
            cards.addObject().put("label", label).set("value", value);
        }
    }

    /** {labels, values} from rows of (label, value). */
    private static ObjectNode series(JsonNode rows, String labelField, String valueField) {
        ObjectNode series = JSON.objectNode();
        ArrayNode labels = series.putArray("labels");
        ArrayNode values = series.putArray("values");
        rows.forEach(r -> {
            labels.add(r.path(labelField).asText());
            values.add(r.path(valueField));
        });
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

    /** One line per team over the windows; a window without a team's row counts 0 for it. */
    private static ObjectNode timeSeries(ArrayNode rows) {
        Map<Long, String> windows = new TreeMap<>();
        Map<String, Map<Long, Long>> byTeam = new LinkedHashMap<>();
        for (JsonNode r : rows) {
            long start = r.get("window_start").asLong();
            // "11-24 16:09": the year adds nothing on a chart of minutes
            windows.put(start, r.get("start").asText().substring(5, 16).replace('T', ' '));
            byTeam.computeIfAbsent(r.get("team").asText(), t -> new LinkedHashMap<>())
                    .put(start, r.get("tickets").asLong());
        }
        ObjectNode chart = JSON.objectNode();
        ArrayNode labels = chart.putArray("labels");
        windows.values().forEach(labels::add);
        ArrayNode series = chart.putArray("series");
        for (String team : new TreeSet<>(byTeam.keySet())) {
            ArrayNode values = series.addObject().put("label", team).putArray("values");
            windows.keySet().forEach(w -> values.add(byTeam.get(team).getOrDefault(w, 0L)));
        }
        return chart;
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
