package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.datasets.Dataset;
import java.time.Duration;
import java.time.Instant;

/**
 * The figures of {@code insights_summary.json}, computed with SQL over the committed datasets. Each
 * section needs its datasets; one that has no committed file yet is left out and named in {@code notes}.
 */
public final class Insights {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The most genre profiles and ticket types the summary lists: the exports list every one. */
    static final int MAX_LISTED = 1000;

    private Insights() {}

    /** The whole summary; {@code top} is the length of every top list. */
    public static ObjectNode summary(ParquetCatalog catalog, int top, Instant now) {
        ObjectNode summary = JSON.objectNode();
        summary.put("generated_at", now.toString());
        summary.put("output_dir", catalog.output().root().toString());
        summary.set("datasets", datasets(catalog.output()));
        summary.set("tracks", tracks(catalog, top));
        summary.set("tickets", tickets(catalog, top));
        summary.set("dead_letters", deadLetters(catalog));
        ObjectNode range = summary.putObject("time_range");
        range.set("tracks", timeRange(catalog, summary.path("tracks"), "genre_stats", "track_count"));
        range.set("tickets", timeRange(catalog, summary.path("tickets"), "stats_by_team", "ticket_count"));
        ArrayNode notes = summary.putArray("notes");
        catalog.notes().forEach(notes::add);
        return summary;
    }

    private static ObjectNode datasets(OutputDirectory output) {
        ObjectNode datasets = JSON.objectNode();
        for (Dataset dataset : Dataset.values()) {
            OutputDirectory.DatasetFiles files = output.files(dataset);
            ObjectNode d = datasets.putObject(dataset.folder());
            d.put("committed_files", files.committed().size());
            d.put("files_in_progress", files.notCommitted());
        }
        return datasets;
    }

    private static JsonNode tracks(ParquetCatalog catalog, int top) {
        if (!catalog.has(Dataset.GENRE_STATS)) {
            return JSON.nullNode();
        }
        ObjectNode tracks = catalog.row(Queries.TRACK_TOTALS);
        long total = tracks.path("total").asLong();
        long windows = tracks.path("windows").asLong();
        tracks.put("per_window_avg", round(windows == 0 ? 0 : (double) total / windows, 2));
        tracks.put("per_event_minute", perMinute(total, tracks));
        // any text is a genre: a stream of a million one-off genres was read whole into the heap
        ArrayNode genres = catalog.rows(Queries.firstRows(Queries.GENRES_RANKED), Math.max(top, MAX_LISTED) + 1);
        tracks.set("top_genres", firstOf(genres, top, "rank", "genre", "track_count", "share", "popularity_avg"));
        ObjectNode latest = catalog.row(Queries.LATEST_TRACK_WINDOW);
        latest.set("top_genres", catalog.rows(Queries.LATEST_WINDOW_TOP_GENRES, top));
        if (catalog.has(Dataset.ARTIST_STATS)) {
            tracks.put(
                    "distinct_artists",
                    catalog.row(Queries.DISTINCT_ARTISTS)
                            .path("distinct_artists")
                            .asLong());
            tracks.set(
                    "top_artists",
                    firstOf(
                            catalog.rows(Queries.firstRows(Queries.ARTISTS_RANKED), top),
                            top,
                            "rank",
                            "artist",
                            "track_count",
                            "popularity_avg"));
            latest.set("top_artists", catalog.rows(Queries.LATEST_WINDOW_TOP_ARTISTS, top));
        }
        tracks.set("latest_window", latest);
        tracks.set("tracks_over_time", overTime(catalog, "genre_stats", "track_count", null, "tracks"));
        ArrayNode profiles = tracks.putArray("genre_profiles");
        if (genres.size() > MAX_LISTED) {
            tracks.put(
                    "genre_profiles_note",
                    "the " + MAX_LISTED + " genres with the most tracks, of "
                            + tracks.path("distinct_genres").asLong() + "; " + InsightsReport.TOP_GENRES
                            + " lists every one");
        }
        for (JsonNode genre : genres) {
            if (profiles.size() == MAX_LISTED) {
                break;
            }
            ObjectNode profile = profiles.addObject();
            profile.set("genre", genre.get("genre"));
            profile.set("track_count", genre.get("track_count"));
            for (String feature : Queries.PROFILE_FEATURES) {
                profile.set(feature, genre.get(feature + "_avg"));
            }
            for (String other : new String[] {"popularity", "loudness", "tempo", "duration_ms"}) {
                profile.set(other, genre.get(other + "_avg"));
            }
            profile.set("explicit_share", genre.get("explicit_share"));
        }
        return tracks;
    }

    private static JsonNode tickets(ParquetCatalog catalog, int top) {
        if (!catalog.has(Dataset.TICKETS_ENRICHED)) {
            return JSON.nullNode();
        }
        ObjectNode tickets = catalog.row(Queries.TICKET_TOTALS);
        long total = tickets.path("total").asLong();
        long processingMillis = tickets.path("last_processed_at").asLong()
                - tickets.path("first_processed_at").asLong();
        tickets.put("processed_per_second", processingMillis <= 0 ? null : round(total * 1000.0 / processingMillis, 1));
        if (catalog.has(Dataset.STATS_BY_TEAM)) {
            ObjectNode windows = catalog.row(Queries.TICKET_WINDOWS);
            // the windows count a ticket sent again once per record (README, Outputs), as tickets_over_time
            long windowed = windows.remove("windowed_tickets").asLong();
            tickets.setAll(windows);
            long count = windows.path("windows").asLong();
            tickets.put("per_window_avg", round(count == 0 ? 0 : (double) windowed / count, 2));
            tickets.put("per_event_minute", perMinute(total, windows));
            tickets.set("tickets_over_time", overTime(catalog, "stats_by_team", "ticket_count", "team", "tickets"));
        }
        // a type is any text up to its bound: the most frequent ones, with a note when there are more
        ArrayNode types = catalog.rows(Queries.firstRows(Queries.TICKETS_BY_TYPE), MAX_LISTED + 1);
        if (types.size() > MAX_LISTED) {
            types.remove(MAX_LISTED);
            tickets.put(
                    "by_type_note",
                    "the " + MAX_LISTED + " most frequent types; " + InsightsReport.STATS_BY_TYPE + " has every one");
        }
        tickets.set("by_type", counts(types, "type", "tickets"));
        ObjectNode byTeam = counts(catalog.rows(Queries.TICKETS_BY_TEAM), "team", "tickets");
        tickets.set("by_team", byTeam);
        tickets.set("by_priority", counts(catalog.rows(Queries.TICKETS_BY_PRIORITY), "priority", "tickets"));
        if (!byTeam.isEmpty()) {
            String busiest = byTeam.fieldNames().next();
            ObjectNode team = tickets.putObject("busiest_team");
            team.put("team", busiest);
            team.put("tickets", byTeam.get(busiest).asLong());
            team.put("share", round(byTeam.get(busiest).asDouble() / total, 4));
        }
        if (catalog.has(Dataset.WORD_FREQUENCY)) {
            tickets.set(
                    "top_keywords",
                    firstOf(
                            catalog.rows(Queries.firstRows(Queries.WORDS_RANKED), top),
                            top,
                            "rank",
                            "word",
                            "tickets"));
        }
        ObjectNode byTeamWords = tickets.putObject("top_keywords_by_team");
        for (JsonNode row : catalog.rows(Queries.TOP_WORDS_BY_TEAM, top)) {
            ArrayNode words = byTeamWords.has(row.get("team").asText())
                    ? (ArrayNode) byTeamWords.get(row.get("team").asText())
                    : byTeamWords.putArray(row.get("team").asText());
            ObjectNode word = words.addObject();
            word.set("word", row.get("word"));
            word.set("tickets", row.get("tickets"));
        }
        if (catalog.has(Dataset.STATS_BY_TEAM)) {
            tickets.set("latest_window_by_team", catalog.rows(Queries.LATEST_TEAM_WINDOW));
        }
        return tickets;
    }

    /**
     * Dead letters by reason and topic, and split in two: late records (on time for nothing: the windows
     * had been emitted) and every other one, an invalid record. They answer different questions (is the
     * watermark too eager? is a producer broken?), so they are counted apart.
     */
    private static JsonNode deadLetters(ParquetCatalog catalog) {
        ObjectNode deadLetters = JSON.objectNode();
        if (!catalog.has(Dataset.DEAD_LETTERS)) {
            deadLetters.put("total", 0);
            deadLetters.putArray("by_reason");
            deadLetters.putObject("by_topic");
            deadLetters.putObject("by_category");
            deadLetters.putObject("late").put("total", 0).putObject("by_topic");
            deadLetters.putObject("invalid").put("total", 0).putObject("by_topic");
            deadLetters.set("deleted_unread", deletedUnread(JSON.arrayNode()));
            return deadLetters;
        }
        String category = Queries.deadLetterCategory(catalog);
        deadLetters.put(
                "total", catalog.row(Queries.DEAD_LETTER_TOTAL).path("total").asLong());
        deadLetters.set("by_reason", catalog.rows(Queries.deadLettersByReason(category)));
        ObjectNode byTopic = deadLetters.putObject("by_topic");
        ObjectNode late = deadLetters.putObject("late");
        ObjectNode invalid = deadLetters.putObject("invalid");
        ArrayNode topics = catalog.rows(Queries.deadLettersLateOrInvalid(category));
        late.put("total", sum(topics, "late"));
        invalid.put("total", sum(topics, "invalid"));
        ObjectNode lateByTopic = late.putObject("by_topic");
        ObjectNode invalidByTopic = invalid.putObject("by_topic");
        for (JsonNode row : topics) {
            String topic = row.get("source_topic").asText();
            byTopic.put(topic, row.get("late").asLong() + row.get("invalid").asLong());
            lateByTopic.set(topic, row.get("late"));
            invalidByTopic.set(topic, row.get("invalid"));
        }
        deadLetters.set(
                "by_category", counts(catalog.rows(Queries.deadLettersByCategory(category)), "category", "count"));
        deadLetters.set("deleted_unread", deletedUnread(catalog.rows(Queries.deletedUnread(category))));
        return deadLetters;
    }

    /** Input deleted before the job read it: reports and records lost at most, in all and per topic. */
    private static ObjectNode deletedUnread(ArrayNode rows) {
        ObjectNode deleted = JSON.objectNode();
        deleted.put("reports", sum(rows, "reports"));
        deleted.put("records_at_most", sum(rows, "records_at_most"));
        ObjectNode byTopic = deleted.putObject("by_topic");
        for (JsonNode row : rows) {
            ObjectNode topic = byTopic.putObject(row.get("source_topic").asText());
            topic.put("reports", row.path("reports").asLong());
            topic.put("records_at_most", row.path("records_at_most").asLong());
        }
        return deleted;
    }

    /** Counts read from files, so saturating: a hand-made file's huge figures must not wrap around. */
    private static long sum(ArrayNode rows, String field) {
        long sum = 0;
        for (JsonNode row : rows) {
            long value = Math.max(0, row.path(field).asLong());
            sum = sum > Long.MAX_VALUE - value ? Long.MAX_VALUE : sum + value;
        }
        return sum;
    }

    /**
     * Event-time coverage of a stream: from its first window's start to its last window's end, and the
     * bulk range, where its records lie from the 1st to the 99th percentile of event time (one odd record
     * years away stretches the first, not the second).
     */
    private static JsonNode timeRange(ParquetCatalog catalog, JsonNode stream, String view, String count) {
        // null when the dataset's committed files hold no row (a part file of none): no time range, not 1970
        if (!stream.has("first_window_start")
                || stream.get("first_window_start").isNull()) {
            return JSON.nullNode();
        }
        ObjectNode range = JSON.objectNode();
        long from = stream.get("first_window_start").asLong();
        long to = stream.get("last_window_end").asLong();
        range.put("from", Instant.ofEpochMilli(from).toString());
        range.put("to", Instant.ofEpochMilli(to).toString());
        range.put("minutes", round((to - from) / 60_000.0, 2));
        Coverage coverage = Coverage.of(catalog, view, count);
        if (coverage != null) {
            ObjectNode bulk = range.putObject("bulk");
            bulk.put("from", Instant.ofEpochMilli(coverage.bulkFrom()).toString());
            bulk.put("to", Instant.ofEpochMilli(coverage.bulkTo()).toString());
            bulk.putArray("percentiles")
                    .add(Math.round(Coverage.BULK_FROM * 100))
                    .add(Math.round(Coverage.BULK_TO * 100));
        }
        return range;
    }

    /**
     * A stream's records per time bucket, per group too when {@code group} is a column: {"bucket": "week",
     * "window": "PT1M", "from": …, "to": …, "points": [{"start": …, "tickets": 83, "by_team": {…}}, …],
     * "outside": {"before": 0, "after": 1}}. The axis covers every window unless a few records lie far from
     * the bulk ({@link Coverage#stretched()}): those are counted in {@code outside}, not drawn. The bucket
     * is the one that fits the windows drawn ({@link TimeBucket#fitting}).
     */
    static JsonNode overTime(ParquetCatalog catalog, String view, String count, String group, String name) {
        Coverage coverage = Coverage.of(catalog, view, count);
        if (coverage == null) {
            return JSON.nullNode();
        }
        ObjectNode drawn = catalog.row(Queries.drawn(view, count), coverage.drawnFrom(), coverage.drawnTo());
        long from = drawn.get("first_start").asLong();
        long to = drawn.get("last_end").asLong();
        Duration window = Duration.ofMillis(
                catalog.row(Queries.windowLength(view)).path("window_ms").asLong());
        TimeBucket bucket = TimeBucket.fitting(Duration.ofMillis(to - from), window, TimeBucket.MAX_POINTS);
        ObjectNode series = JSON.objectNode();
        series.put("bucket", bucket.unit());
        series.put("window", window.toString());
        series.put("from", Instant.ofEpochMilli(from).toString());
        series.put("to", Instant.ofEpochMilli(to).toString());
        ArrayNode points = series.putArray("points");
        ObjectNode point = null;
        ObjectNode byGroup = null;
        // rows come per bucket, then per group: one point per bucket, its total and its groups
        for (JsonNode row : catalog.rows(Queries.perBucket(bucket, view, count, group), from, to)) {
            String start = Instant.ofEpochMilli(row.get("start").asLong()).toString();
            if (point == null || !point.get("start").asText().equals(start)) {
                point = points.addObject().put("start", start).put(name, 0L);
                byGroup = group == null ? null : point.putObject("by_" + group);
            }
            point.put(name, point.get(name).asLong() + row.get("n").asLong());
            if (byGroup != null) {
                byGroup.set(row.get("grp").asText(), row.get("n"));
            }
        }
        ObjectNode outside = series.putObject("outside");
        outside.set("before", drawn.get("before"));
        outside.set("after", drawn.get("after"));
        return series;
    }

    private static Double perMinute(long total, JsonNode windows) {
        long span = windows.path("last_window_end").asLong()
                - windows.path("first_window_start").asLong();
        return span <= 0 ? null : round(total * 60_000.0 / span, 2);
    }

    /** {"incident": 12, …} from rows of (key, count), in the rows' order. */
    private static ObjectNode counts(ArrayNode rows, String key, String count) {
        ObjectNode counts = JSON.objectNode();
        rows.forEach(r -> counts.set(r.get(key).asText(), r.get(count)));
        return counts;
    }

    /** The first {@code n} rows, with only the given fields. */
    private static ArrayNode firstOf(ArrayNode rows, int n, String... fields) {
        ArrayNode result = JSON.arrayNode();
        for (int i = 0; i < Math.min(n, rows.size()); i++) {
            ObjectNode row = result.addObject();
            for (String field : fields) {
                row.set(field, rows.get(i).get(field));
            }
        }
        return result;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
