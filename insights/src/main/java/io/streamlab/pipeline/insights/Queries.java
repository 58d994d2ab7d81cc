package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.records.AudioFeature;
import io.streamlab.pipeline.records.Blanks;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.RejectCategory;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL behind the insights, over the views of {@link ParquetCatalog}. Window rows carry averages per
 * window, so overall averages are weighted by each row's count: the exact mean over all records.
 * Rankings break ties by name, so the same output always gives the same lists.
 */
final class Queries {
    /** The audio features on a 0–1 scale: the axes of a genre's profile. */
    static final List<String> PROFILE_FEATURES =
            Arrays.stream(AudioFeature.values()).map(AudioFeature::field).toList();

    static final String PRIORITY_NAME = "CASE priority_level WHEN 1 THEN 'low' WHEN 2 THEN 'medium' "
            + "WHEN 3 THEN 'high' WHEN 4 THEN 'critical' ELSE 'unknown' END";

    /** The routing's normalisation of a ticket type (PipelineConfig.Routing#normaliseType). */
    static final String NORMALISED_TYPE = "regexp_replace(regexp_replace(regexp_replace(lower(type), '["
            + Blanks.INVISIBLE + "]+', '', 'g'), '^[" + Blanks.SPACES_AND_CONTROLS
            + "]+|[" + Blanks.SPACES_AND_CONTROLS + "]+$', '', 'g'), '[" + Blanks.SPACES_AND_CONTROLS
            + "_-]+', '_', 'g')";

    /**
     * A dead letter's reason without the record's own values: "field 'popularity' is out of range: 150"
     * and "…: 101" are one reason. Cut at the first ':' or ", got", and unknown values in quotes dropped.
     */
    static final String REASON_KIND =
            "regexp_replace(regexp_replace(reason, '(:|, got | \\().*$', ''), " + "'^(unknown [a-z_]+) ''.*$', '\\1')";

    private Queries() {}

    /** {@code round(sum(col * count) / sum(count), 4) AS alias}: the count-weighted mean of a per-window average. */
    static String weighted(String column, String count, String alias) {
        return "round(sum(" + column + " * " + count + ") / sum(" + count + "), 4) AS " + alias;
    }

    /**
     * {@code sum(column)} as a BIGINT, held at the ends of a long: DuckDB sums a BIGINT column in 128 bits,
     * and the cast of a sum past a long failed the whole report ("Conversion Error") on a hand-made file.
     */
    static String total(String column) {
        // coalesce first: least() passes over a NULL, and the sum of no row became the largest long
        return "CAST(greatest(least(coalesce(sum(" + column + "), 0), " + Long.MAX_VALUE + "), " + Long.MIN_VALUE
                + ") AS BIGINT)";
    }

    static String iso(String epochMillis) {
        return "strftime(epoch_ms(" + epochMillis + "), '%Y-%m-%dT%H:%M:%SZ')";
    }

    // ------------------------------------------------------------------ tracks

    static final String TRACK_TOTALS = "SELECT " + total("track_count") + " AS total, "
            + "count(DISTINCT window_start) AS windows, count(DISTINCT genre) AS distinct_genres, "
            + "min(window_start) AS first_window_start, max(window_end) AS last_window_end, "
            + weighted("popularity_avg", "track_count", "popularity_avg") + " FROM genre_stats";

    static final String DISTINCT_ARTISTS = "SELECT count(DISTINCT artist) AS distinct_artists FROM artist_stats";

    /** Every genre ranked by tracks, with its share of all tracks and its averages. */
    static final String GENRES_RANKED = "WITH g AS (SELECT genre, " + total("track_count") + " AS track_count, "
            + weighted("popularity_avg", "track_count", "popularity_avg") + ", "
            + PROFILE_FEATURES.stream()
                    .map(f -> weighted(f + "_avg", "track_count", f + "_avg"))
                    .collect(Collectors.joining(", "))
            + ", "
            + weighted("loudness_avg", "track_count", "loudness_avg") + ", "
            + weighted("tempo_avg", "track_count", "tempo_avg") + ", "
            + "round(sum(duration_ms_avg * track_count) / sum(track_count)) AS duration_ms_avg, "
            + weighted("explicit_share", "track_count", "explicit_share")
            + " FROM genre_stats GROUP BY genre) "
            + "SELECT CAST(row_number() OVER (ORDER BY track_count DESC, genre) AS INTEGER) AS rank, genre, track_count, "
            + "round(track_count / sum(track_count) OVER (), 4) AS share, * EXCLUDE (genre, track_count) "
            + "FROM g ORDER BY rank";

    /** Every artist ranked by tracks (one track with two artists counts for both). */
    static final String ARTISTS_RANKED = "WITH a AS (SELECT artist, " + total("track_count") + " AS track_count, "
            + weighted("popularity_avg", "track_count", "popularity_avg") + ", max(popularity_max) AS popularity_max, "
            + weighted("danceability_avg", "track_count", "danceability_avg") + ", "
            + weighted("energy_avg", "track_count", "energy_avg") + ", "
            + weighted("valence_avg", "track_count", "valence_avg") + ", "
            + "count(DISTINCT window_start) AS windows FROM artist_stats GROUP BY artist) "
            + "SELECT CAST(row_number() OVER (ORDER BY track_count DESC, artist) AS INTEGER) AS rank, * "
            + "FROM a ORDER BY rank";

    static final String LATEST_TRACK_WINDOW = "SELECT window_start, window_end, " + iso("window_start") + " AS start, "
            + iso("window_end") + " AS \"end\", " + total("track_count") + " AS track_count FROM genre_stats "
            + "WHERE window_start = (SELECT max(window_start) FROM genre_stats) GROUP BY window_start, window_end";

    static final String LATEST_WINDOW_TOP_GENRES = latestWindowTop("genre_stats", "genre");

    static final String LATEST_WINDOW_TOP_ARTISTS = latestWindowTop("artist_stats", "artist");

    /** The first ? groups of a track view's latest window, by tracks then name. */
    private static String latestWindowTop(String view, String name) {
        return "SELECT " + name + ", track_count, round(popularity_avg, 2) AS popularity_avg FROM " + view
                + " WHERE window_start = (SELECT max(window_start) FROM " + view + ") "
                + "ORDER BY track_count DESC, " + name + " LIMIT ?";
    }

    // ------------------------------------------------------------------ time

    /** The longest window of a windowed view, in milliseconds: no time bucket may be shorter. */
    static String windowLength(String view) {
        // in 128 bits: a hand-made window from a negative start to a huge end overflowed the subtraction
        return "SELECT CAST(least(max(window_end::HUGEINT - window_start), " + Long.MAX_VALUE
                + ") AS BIGINT) AS window_ms FROM " + view;
    }

    /**
     * {@code count} summed per bucket and group (per bucket alone when {@code group} is null) over the
     * windows starting from the first ? (epoch ms, inclusive) to the second (exclusive): one row per bucket
     * from the first to the last and per group, 0 where no window had a row, as a bucket without a window
     * had no record. Columns {@code start} (epoch ms), {@code grp}, {@code n}.
     */
    static String perBucket(TimeBucket bucket, String view, String count, String group) {
        return "WITH w AS (SELECT " + bucket.truncate("window_start") + " AS bucket, "
                + (group == null ? "NULL::VARCHAR" : group) + " AS grp, CAST(least(sum(" + count + "), "
                + Long.MAX_VALUE
                + ") AS BIGINT) AS n FROM " + view
                + " WHERE window_start >= ? AND window_start < ? GROUP BY ALL), "
                + "b AS (SELECT bucket FROM generate_series((SELECT min(bucket) FROM w), (SELECT max(bucket) FROM w), "
                + bucket.interval() + ") t(bucket)), "
                + "g AS (SELECT DISTINCT grp FROM w) "
                + "SELECT epoch_ms(b.bucket) AS start, g.grp, CAST(coalesce(w.n, 0) AS BIGINT) AS n "
                + "FROM b CROSS JOIN g LEFT JOIN w ON w.bucket = b.bucket AND w.grp IS NOT DISTINCT FROM g.grp "
                + "ORDER BY start, g.grp";
    }

    /**
     * The windows a time axis draws, from the first ? (inclusive) to the second (exclusive), and the
     * records left out before and after them.
     */
    static String drawn(String view, String count) {
        return "WITH r AS (SELECT ?::BIGINT AS lo, ?::BIGINT AS hi) SELECT "
                + "min(window_start) FILTER (WHERE window_start >= lo AND window_start < hi) AS first_start, "
                + "max(window_end) FILTER (WHERE window_start >= lo AND window_start < hi) AS last_end, "
                + "CAST(greatest(least(coalesce(sum(" + count + ") FILTER (WHERE window_start < lo), 0), "
                + Long.MAX_VALUE
                + "), " + Long.MIN_VALUE + ") AS BIGINT) AS before, "
                + "CAST(greatest(least(coalesce(sum(" + count + ") FILTER (WHERE window_start >= hi), 0), "
                + Long.MAX_VALUE
                + "), " + Long.MIN_VALUE + ") AS BIGINT) AS after "
                + "FROM " + view + ", r";
    }

    /**
     * The event time of a view's windows: from the first start to the last end, and where the bulk of its
     * records lies, from the start of the window holding the record at rank {@code ceil(?·n)} to the end
     * of the window holding the one at rank {@code ceil(?·n)}, records in event-time order (nearest-rank
     * percentiles, each window's records counted by {@code count}).
     */
    static String coverage(String view, String count) {
        return "WITH w AS (SELECT window_start, max(window_end) AS window_end, sum(" + count + ") AS n FROM " + view
                + " GROUP BY window_start), "
                + "c AS (SELECT *, sum(n) OVER (ORDER BY window_start) AS upto, sum(n) OVER () AS total FROM w) "
                + "SELECT min(window_start) AS first_start, max(window_end) AS last_end, "
                + "min(window_start) FILTER (WHERE upto >= ? * total) AS bulk_from, "
                + "min(window_end) FILTER (WHERE upto >= ? * total) AS bulk_to FROM c";
    }

    // ------------------------------------------------------------------ tickets

    static final String TICKET_TOTALS = "SELECT count(*) AS total, count(DISTINCT client_id) AS distinct_clients, "
            + "count(*) FILTER (WHERE priority_level >= 3) AS high_or_critical, "
            + "round(count(*) FILTER (WHERE priority_level >= 3) / count(*), 4) AS high_or_critical_share, "
            + "min(processed_at) AS first_processed_at, max(processed_at) AS last_processed_at FROM tickets_enriched";

    static final String TICKETS_BY_TYPE = "SELECT " + NORMALISED_TYPE + " AS type, count(*) AS tickets "
            + "FROM tickets_enriched GROUP BY 1 ORDER BY tickets DESC, type";

    static final String TICKETS_BY_TEAM =
            "SELECT team, count(*) AS tickets FROM tickets_enriched " + "GROUP BY team ORDER BY tickets DESC, team";

    static final String TICKETS_BY_PRIORITY = "SELECT " + PRIORITY_NAME + " AS priority, count(*) AS tickets "
            + "FROM tickets_enriched GROUP BY priority_level ORDER BY priority_level";

    /** {@code windowed_tickets}: the tickets the team windows counted, a ticket sent again once per record. */
    static final String TICKET_WINDOWS = "SELECT count(DISTINCT window_start) AS windows, " + total("ticket_count")
            + " AS windowed_tickets, "
            + "min(window_start) AS first_window_start, max(window_end) AS last_window_end FROM stats_by_team";

    static final String LATEST_TEAM_WINDOW = "SELECT window_start, window_end, team, ticket_count, "
            + "high_count + critical_count AS high_or_critical FROM stats_by_team "
            + "WHERE window_start = (SELECT max(window_start) FROM stats_by_team) ORDER BY ticket_count DESC, team";

    static final String STATS_BY_TYPE_ROWS = "SELECT " + iso("window_start") + " AS window_start, "
            + iso("window_end") + " AS window_end, type, ticket_count, low_count, medium_count, high_count, "
            + "critical_count, distinct_clients FROM stats_by_type ORDER BY stats_by_type.window_start, type";

    /** The first N rows of a ranking (its parameter): the summary's top lists, not every row into memory. */
    static String firstRows(String ranked) {
        return ranked + " LIMIT ?";
    }

    /** Words ranked by the number of tickets holding them, over every window. */
    static final String WORDS_RANKED = "WITH w AS (SELECT word, " + total("count") + " AS tickets, "
            + "count(DISTINCT window_start) AS windows FROM word_frequency GROUP BY word) "
            + "SELECT CAST(row_number() OVER (ORDER BY tickets DESC, word) AS INTEGER) AS rank, * FROM w ORDER BY rank";

    static final String TOP_WORDS_BY_TEAM = "WITH k AS (SELECT team, unnest(keywords) AS word FROM tickets_enriched), "
            + "c AS (SELECT team, word, count(*) AS tickets FROM k GROUP BY team, word) "
            + "SELECT team, word, tickets FROM c "
            + "QUALIFY row_number() OVER (PARTITION BY team ORDER BY tickets DESC, word) <= ? "
            + "ORDER BY team, tickets DESC, word";

    // ------------------------------------------------------------------ dead letters

    static final String DEAD_LETTER_TOTAL = "SELECT count(*) AS total FROM dead_letters";

    /** The category of a record that is late: the one a reader tells apart from every invalid record. */
    static final String LATE = RejectCategory.LATE.label();

    /**
     * The category of a report of input deleted before the job read it: not a record, so neither late nor
     * invalid, and what it says is that figures miss up to so many records.
     */
    static final String DELETED_UNREAD = RejectCategory.DELETED_UNREAD.label();

    /**
     * A dead letter's category when its part file predates the {@code category} column: a late record's
     * reason has always started with "late"; any other is not guessed from its wording.
     */
    static final String CATEGORY_FROM_REASON =
            "CASE WHEN reason LIKE 'late%' THEN '" + LATE + "' " + "ELSE 'uncategorised' END";

    /**
     * The category column, or the fallback where part files lack it: every row when no file has it, the
     * rows of the older files (NULL there) in a mix.
     */
    static String deadLetterCategory(ParquetCatalog catalog) {
        return catalog.hasColumn(Dataset.DEAD_LETTERS, "category")
                ? "coalesce(category, " + CATEGORY_FROM_REASON + ")"
                : CATEGORY_FROM_REASON;
    }

    static String deadLettersByReason(String category) {
        return "SELECT source_topic, " + category + " AS category, " + REASON_KIND + " AS reason, "
                + "count(*) AS count, min(reason) AS example FROM dead_letters GROUP BY 1, 2, 3 "
                + "ORDER BY count DESC, source_topic, reason";
    }

    static String deadLettersByCategory(String category) {
        return "SELECT " + category + " AS category, count(*) AS count FROM dead_letters GROUP BY 1 "
                + "ORDER BY count DESC, category";
    }

    /**
     * Per topic, the topic with the most dead letters first: late records and every other dead letter
     * (invalid records), 0 where a topic has none.
     */
    static String deadLettersLateOrInvalid(String category) {
        return "SELECT source_topic, count(*) FILTER (WHERE " + category + " = '" + LATE + "') AS late, "
                + "count(*) FILTER (WHERE " + category + " NOT IN ('" + LATE + "', '" + DELETED_UNREAD
                + "')) AS invalid FROM dead_letters GROUP BY source_topic ORDER BY count(*) DESC, source_topic";
    }

    /**
     * Per topic, the losses of input deleted before the job read it and the records they lost at most
     * (from the reason: "(at most N records)"; a position past a partition's end counts none). A loss is
     * its partition's first lost offset: a restore of an earlier snapshot reports it again, counted once.
     */
    static String deletedUnread(String category) {
        return "SELECT source_topic, count(*) AS reports, CAST(least(coalesce(sum(at_most), 0), "
                + Long.MAX_VALUE + ") AS BIGINT) AS records_at_most FROM ("
                + "SELECT source_topic, \"partition\", \"offset\", max(try_cast(regexp_extract(reason, '"
                + DeadLetter.AT_MOST_RECORDS_PATTERN + "', 1) AS BIGINT)) AS at_most FROM dead_letters WHERE "
                + category
                + " = '" + DELETED_UNREAD + "' GROUP BY 1, 2, 3) GROUP BY source_topic ORDER BY source_topic";
    }
}
