package io.streamlab.pipeline.insights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * An output like the one of issue #18, as the job lays it out: two years of help-desk tickets (8,469, with
 * {@code created_at} from 2022 to 2023) in 1-minute windows, one odd ticket dated years later, 22,800
 * tracks over three hours, and dead letters of several categories, most of them late tickets. Random
 * but seeded, so the same every time. {@link LongRangeReportTest} writes it and its report; the README's
 * screenshot is that report.
 */
final class LongRangeOutput {
    static final int TICKETS = 8_469;
    static final int TRACKS = 22_800;
    static final String ODD_TICKET_CREATED_AT = "2026-11-24 16:09:00";

    private LongRangeOutput() {}

    static void write(Path output) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            // one thread: with more, random() draws in a different order on every run
            s.execute("SET threads = 1");
            s.execute("SELECT setseed(0.18)");
            for (String sql : TABLES) {
                s.execute(sql);
            }
            for (String dataset : List.of(
                    "tickets_enriched",
                    "stats_by_team",
                    "stats_by_type",
                    "word_frequency",
                    "genre_stats",
                    "artist_stats",
                    "dead_letters")) {
                Path dir = Files.createDirectories(output.resolve(dataset).resolve("dt=2026-11-24"));
                s.execute("COPY " + dataset + " TO "
                        + ParquetCatalog.literal(
                                dir.resolve(dataset + "-0.parquet").toString()) + " (FORMAT parquet)");
            }
        }
    }

    private static final List<String> TABLES = List.of(
            // tickets: about 16 a weekday and 5 a weekend day (before a random cut to 8,468), 40 % more at the end than
            // at the start
            "CREATE TABLE days AS SELECT d AS day, row_number() OVER (ORDER BY d) AS n "
                    + "FROM generate_series(TIMESTAMP '2022-01-01', TIMESTAMP '2023-12-31', INTERVAL 1 day) g(d)",
            "CREATE TABLE per_day AS SELECT day, CAST(round((CASE WHEN dayofweek(day) IN (0, 6) THEN 5 ELSE 16 END)"
                    + " * (0.8 + 0.4 * n / 730) * (0.6 + random() * 0.8)) AS INTEGER) AS k FROM days",
            "CREATE TABLE created AS SELECT day + to_minutes(CAST(420 + random() * 720 AS INTEGER)) AS created_at "
                    + "FROM (SELECT day, unnest(range(k)) FROM per_day) ORDER BY random() LIMIT "
                    + (TICKETS - 1),
            "INSERT INTO created VALUES (TIMESTAMP '" + ODD_TICKET_CREATED_AT + "')",
            "CREATE TABLE tickets AS SELECT printf('TK-%05d', row_number() OVER (ORDER BY created_at)) AS ticket_id, "
                    + "printf('C-%04d', CAST(random() * 1400 AS INTEGER)) AS client_id, created_at, "
                    + "['incident', 'technical_issue', 'question', 'billing', 'feature_request']"
                    + "[CAST(floor(random() * 5) AS INTEGER) + 1] AS type, "
                    + "CASE WHEN random() < 0.45 THEN 1 WHEN random() < 0.6 THEN 2 WHEN random() < 0.7 THEN 3 "
                    + "ELSE 4 END AS priority_level, "
                    + "list_distinct([['panne', 'ecran', 'facture', 'export', 'connexion', 'lenteur', 'paiement', "
                    + "'compte', 'erreur', 'synchronisation', 'mot', 'application'][CAST(floor(random() * 12) AS INTEGER) + 1] "
                    + "FOR i IN range(1 + CAST(random() * 3 AS INTEGER))]) AS keywords FROM created",
            "CREATE TABLE tickets_enriched AS SELECT ticket_id, client_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') "
                    + "AS created_at, type, ['low', 'medium', 'high', 'critical'][priority_level] AS priority, "
                    + "'subject' AS subject, 'description' AS description, 'email' AS channel, "
                    + "CASE WHEN type IN ('incident', 'technical_issue') THEN 'incident' WHEN type = 'feature_request' "
                    + "THEN 'produit' ELSE 'support_general' END AS team, priority_level, keywords, "
                    + "epoch_ms(TIMESTAMP '2026-11-24 16:20:00') + row_number() OVER () * 7 AS processed_at "
                    + "FROM tickets",
            "CREATE TABLE windowed AS SELECT *, epoch_ms(date_trunc('minute', strptime(created_at, "
                    + "'%Y-%m-%dT%H:%M:%SZ'))) AS window_start FROM tickets_enriched",
            "CREATE TABLE stats_by_team AS SELECT window_start, window_start + 60000 AS window_end, team, "
                    + "count(*) AS ticket_count, count(*) FILTER (WHERE priority_level = 1) AS low_count, "
                    + "count(*) FILTER (WHERE priority_level = 2) AS medium_count, "
                    + "count(*) FILTER (WHERE priority_level = 3) AS high_count, "
                    + "count(*) FILTER (WHERE priority_level = 4) AS critical_count FROM windowed GROUP BY ALL",
            "CREATE TABLE stats_by_type AS SELECT window_start, window_start + 60000 AS window_end, type, "
                    + "count(*) AS ticket_count, count(*) FILTER (WHERE priority_level = 1) AS low_count, "
                    + "count(*) FILTER (WHERE priority_level = 2) AS medium_count, "
                    + "count(*) FILTER (WHERE priority_level = 3) AS high_count, "
                    + "count(*) FILTER (WHERE priority_level = 4) AS critical_count, "
                    + "count(DISTINCT client_id) AS distinct_clients FROM windowed GROUP BY ALL",
            "CREATE TABLE word_frequency AS SELECT window_start, window_start + 60000 AS window_end, word, "
                    + "count(*) AS count FROM (SELECT window_start, unnest(keywords) AS word FROM windowed) GROUP BY ALL",
            // tracks: a replay of three hours, genres and artists of uneven popularity
            "CREATE TABLE genres AS SELECT genre, row_number() OVER () AS g, random() AS dance, random() AS energy, "
                    + "random() * 0.3::DOUBLE AS speech, random() AS acoustic, random() * 0.6::DOUBLE AS instrumental, "
                    + "0.1 + random() * 0.3::DOUBLE AS live, random() AS valence FROM (SELECT unnest(['pop', 'hip-hop', 'rock', "
                    + "'indie', 'electronic', 'dance', 'r-n-b', 'latin', 'k-pop', 'jazz', 'classical', 'country', "
                    + "'metal', 'reggae', 'folk', 'soul', 'blues', 'ambient', 'techno', 'punk']) AS genre)",
            "CREATE TABLE artists AS SELECT artist, row_number() OVER () AS a FROM (SELECT unnest(["
                    + "'Orchestre Philharmonique de Radio France, Mikko Franck, Choeur et Maîtrise de Radio France', "
                    + "'Taylor Swift', 'Bad Bunny', 'The Weeknd', 'Drake', 'BTS', 'Billie Eilish', 'Stromae', "
                    + "'Aya Nakamura', 'Rosalía', 'Daft Punk', 'Kendrick Lamar', 'Dua Lipa', 'Arctic Monkeys', "
                    + "'Miles Davis', 'Nina Simone', 'Metallica', 'Bob Marley & The Wailers', 'Björk', 'Angèle']) "
                    + "AS artist)",
            "CREATE TABLE tracks AS SELECT epoch_ms(TIMESTAMP '2026-11-24 13:00:00') + CAST(random() * 190 * 60000 "
                    + "AS BIGINT) AS ts, 1 + CAST(floor(pow(random(), 2) * 20) AS INTEGER) AS g, "
                    + "1 + CAST(floor(pow(random(), 1.6) * 20) AS INTEGER) AS a, CAST(random() * 100 AS INTEGER) "
                    + "AS popularity, random() < 0.1::DOUBLE AS explicit FROM range(" + TRACKS + ")",
            "CREATE TABLE genre_stats AS SELECT ts // 60000 * 60000 AS window_start, ts // 60000 * 60000 + 60000 "
                    + "AS window_end, genre, count(*) AS track_count, avg(popularity) AS popularity_avg, "
                    + "min(popularity) AS popularity_min, max(popularity) AS popularity_max, "
                    + "any_value(dance) AS danceability_avg, any_value(energy) AS energy_avg, -7.5::DOUBLE AS loudness_avg, "
                    + "any_value(speech) AS speechiness_avg, any_value(acoustic) AS acousticness_avg, "
                    + "any_value(instrumental) AS instrumentalness_avg, any_value(live) AS liveness_avg, "
                    + "any_value(valence) AS valence_avg, 120.0::DOUBLE AS tempo_avg, 210000.0::DOUBLE AS duration_ms_avg, "
                    + "avg(CASE WHEN explicit THEN 1.0 ELSE 0.0 END) AS explicit_share "
                    + "FROM tracks JOIN genres USING (g) GROUP BY 1, 2, 3",
            "CREATE TABLE artist_stats AS SELECT ts // 60000 * 60000 AS window_start, ts // 60000 * 60000 + 60000 "
                    + "AS window_end, artist, count(*) AS track_count, avg(popularity) AS popularity_avg, "
                    + "max(popularity) AS popularity_max, 0.6::DOUBLE AS danceability_avg, 0.6::DOUBLE AS energy_avg, 0.5::DOUBLE AS valence_avg, "
                    + "0.3::DOUBLE AS acousticness_avg, 120.0::DOUBLE AS tempo_avg, 1 AS genre_count "
                    + "FROM tracks JOIN artists USING (a) GROUP BY 1, 2, 3",
            // dead letters: the late tickets of a replay out of order, and a few invalid records of each kind
            "CREATE TABLE dead_letters (source_topic VARCHAR, \"partition\" INTEGER, \"offset\" BIGINT, "
                    + "reason VARCHAR, raw VARCHAR, detected_at BIGINT, category VARCHAR)",
            deadLetters(
                    2873,
                    "client_tickets",
                    "late",
                    "'late: event time ' || strftime(TIMESTAMP '2022-01-01' + to_minutes(CAST(random() * 1000000 "
                            + "AS INTEGER)), '%Y-%m-%dT%H:%M:%SZ') || ' arrived after its window had been emitted'"),
            deadLetters(
                    41,
                    "spotify-tracks",
                    "late",
                    "'late: event time 2026-11-24T13:0' || CAST(i % 10 AS VARCHAR) || ':00Z arrived after its "
                            + "window had been emitted'"),
            deadLetters(
                    31,
                    "spotify-tracks",
                    "out-of-range",
                    "'field ''popularity'' is out of range: ' || (101 + i) || ' (expected 0 to 100)'"),
            deadLetters(12, "spotify-tracks", "invalid-json", "'invalid JSON: Unexpected end-of-input in field name'"),
            deadLetters(
                    7,
                    "spotify-tracks",
                    "wrong-type",
                    "'field ''timestamp'' must be a whole number, got ''yesterday at noon'''"),
            deadLetters(9, "client_tickets", "missing-field", "'missing required field ''client_id'''"),
            deadLetters(
                    4,
                    "client_tickets",
                    "out-of-range",
                    "'unknown priority ''urgent'' (expected low, medium, high or critical)'"),
            deadLetters(
                    5,
                    "client_tickets",
                    "implausible-event-time",
                    "'field ''created_at'' is not a plausible event time: 1764500000000 (expected …)'"),
            deadLetters(
                    3,
                    "client_tickets",
                    "too-long",
                    "'field ''subject'' is too long: 90000 characters, above limits.subject.max-chars (1000)'"),
            deadLetters(
                    2,
                    "client_tickets",
                    "wrong-type",
                    "'field ''created_at'' is not an ISO-8601 timestamp: ''31/12/2022 10:00'''"));

    private static String deadLetters(int count, String topic, String category, String reason) {
        return "INSERT INTO dead_letters SELECT '" + topic + "', 0, 1000 + i, " + reason + ", '{}', "
                + "epoch_ms(TIMESTAMP '2026-11-24 16:15:00') + i, '" + category + "' FROM range(" + count + ") t(i)";
    }
}
