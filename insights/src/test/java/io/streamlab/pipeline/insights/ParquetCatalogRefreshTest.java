package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.deadLetter;
import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static io.streamlab.pipeline.insights.ParquetFixtures.team;
import static io.streamlab.pipeline.insights.ParquetFixtures.ticket;
import static io.streamlab.pipeline.insights.ParquetFixtures.union;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.datasets.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalog that lives across refreshes: each committed part file is read once, and only once. */
class ParquetCatalogRefreshTest {
    @TempDir
    Path work;

    Path output;
    ParquetFixtures files;
    ParquetCatalog catalog;

    @BeforeEach
    void anEmptyCatalog() {
        output = work.resolve("output");
        files = new ParquetFixtures(output);
        catalog = ParquetCatalog.create(output);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private ParquetCatalog.Refresh refresh() {
        return catalog.refresh(OutputDirectory.scan(output));
    }

    private long tracks() {
        return catalog.row(Queries.TRACK_TOTALS).path("total").asLong();
    }

    @Test
    void eachCatalogSpillsToAFolderOfItsOwn() {
        // DuckDB numbers its spill files the same in every process and deletes them on close: a live view
        // and a report sharing one folder would read or delete each other's
        try (ParquetCatalog other = ParquetCatalog.create(output)) {
            String mine = catalog.row("SELECT current_setting('temp_directory') AS dir")
                    .path("dir")
                    .asText();
            String theirs = other.row("SELECT current_setting('temp_directory') AS dir")
                    .path("dir")
                    .asText();
            assertThat(mine).startsWith(System.getProperty("java.io.tmpdir")).contains("duckdb-insights-");
            assertThat(theirs).contains("duckdb-insights-").isNotEqualTo(mine);
        }
    }

    @Test
    void aRefreshReadsOnlyThePartFilesCommittedSinceThePreviousOne() throws Exception {
        files.write("genre_stats", union(List.of(genre(0, "pop", 3, 60, 0.2), genre(0, "rock", 1, 40, 0.6))));

        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(1, false));
        assertThat(tracks()).isEqualTo(4);
        assertThat(catalog.has(Dataset.STATS_BY_TEAM)).isFalse();
        assertThat(catalog.notes()).contains("stats_by_team: no part file; its figures are left out");

        assertThat(refresh()).as("nothing new").isEqualTo(new ParquetCatalog.Refresh(0, false));
        assertThat(tracks()).isEqualTo(4);

        files.write("genre_stats", genre(1, "jazz", 2, 50, 0.5));
        files.write("stats_by_team", team(1, "incident", 2, 1, 0));
        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(2, false));
        assertThat(tracks()).isEqualTo(6);
        assertThat(catalog.row(Queries.LATEST_TRACK_WINDOW).path("track_count").asLong())
                .isEqualTo(2);
        assertThat(catalog.has(Dataset.STATS_BY_TEAM)).isTrue();
        assertThat(catalog.rows(Queries.LATEST_TEAM_WINDOW)).hasSize(1);
        assertThat(catalog.notes()).noneMatch(n -> n.startsWith("stats_by_team"));
        assertThat(catalog.output().files(Dataset.GENRE_STATS).committed()).hasSize(2);
    }

    @Test
    void aPartFileReadOnceIsNotReadAgain() throws Exception {
        Path first = files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        refresh();
        // a committed file never changes: garbage in its place shows that no refresh opens it again
        Files.writeString(first, "not a parquet file any more");
        files.write("genre_stats", genre(1, "rock", 2, 40, 0.6));

        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(1, false));
        assertThat(tracks()).isEqualTo(5);
        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(0, false));
        assertThat(tracks()).isEqualTo(5);
    }

    @Test
    void aPartFileThatDisappearedMeansANewOutputAndStartingOver() throws Exception {
        Path first = files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        files.write("genre_stats", genre(1, "pop", 2, 60, 0.2));
        refresh();
        assertThat(tracks()).isEqualTo(5);

        Files.delete(first);
        files.write("genre_stats", genre(2, "rock", 7, 40, 0.6));
        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(2, true));
        assertThat(tracks()).as("the remaining file and the new one").isEqualTo(9);
    }

    /**
     * The live view lists the latest two day folders: a month of output behind them is neither listed
     * nor remembered, a new day pushes the oldest out without starting over, and a file deleted from a
     * listed day still means a new output.
     */
    @Test
    void aListingOfTheLatestDaysLeavesTheOlderOnesOutAndForgetsThem() throws Exception {
        List<ParquetFixtures.Part> month = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            for (int n = 0; n < 3; n++) {
                month.add(new ParquetFixtures.Part(
                        "genre_stats", genre(day * 10 + n, "pop", 1, 60, 0.2), "dt=2026-11-%02d".formatted(day)));
            }
        }
        files.write(month);
        Set<Dataset> genres = EnumSet.of(Dataset.GENRE_STATS);
        OutputDirectory listing = OutputDirectory.scanLatestDays(output, genres, 2);
        assertThat(listing.files(Dataset.GENRE_STATS).committed())
                .hasSize(6)
                .allMatch(f ->
                        f.toString().contains("dt=2026-11-29") || f.toString().contains("dt=2026-11-30"));
        assertThat(listing.files(Dataset.STATS_BY_TEAM).committed()).isEmpty();
        assertThat(catalog.refresh(listing)).isEqualTo(new ParquetCatalog.Refresh(6, false));
        assertThat(tracks()).isEqualTo(6);

        List<Path> december = files.write(List.of(
                new ParquetFixtures.Part("genre_stats", genre(400, "rock", 2, 40, 0.6), "dt=2026-12-01"),
                new ParquetFixtures.Part("genre_stats", genre(401, "rock", 2, 40, 0.6), "dt=2026-12-01")));
        assertThat(catalog.refresh(OutputDirectory.scanLatestDays(output, genres, 2)))
                .as("the new day read, the 29th left out: not a new output")
                .isEqualTo(new ParquetCatalog.Refresh(2, false));
        assertThat(tracks())
                .as("rows read stay until the view drops them by time")
                .isEqualTo(10);
        assertThat(catalog.filesRemembered(Dataset.GENRE_STATS)).isEqualTo(5);

        Files.delete(december.get(0));
        assertThat(catalog.refresh(OutputDirectory.scanLatestDays(output, genres, 2)))
                .as("a file gone from a listed day")
                .isEqualTo(new ParquetCatalog.Refresh(4, true));
        assertThat(tracks()).isEqualTo(5);
    }

    /**
     * A {@code dt=latest} link to the newest day (which the README allows) is not a day: it sorted after
     * every date and took one of the two places, so around midnight the view read one day and missed the
     * last hour of the day before.
     */
    @Test
    void aLinkNamedLikeADayFolderDoesNotTakeTheirPlace() throws Exception {
        files.write(List.of(
                new ParquetFixtures.Part("genre_stats", genre(10, "pop", 1, 60, 0.2), "dt=2026-11-29"),
                new ParquetFixtures.Part("genre_stats", genre(20, "pop", 1, 60, 0.2), "dt=2026-11-30"),
                new ParquetFixtures.Part("genre_stats", genre(30, "pop", 1, 60, 0.2), "dt=2026-12-01")));
        Path genres = output.resolve(Dataset.GENRE_STATS.folder());
        Files.createSymbolicLink(genres.resolve("dt=latest"), genres.resolve("dt=2026-12-01"));

        OutputDirectory listing = OutputDirectory.scanLatestDays(output, EnumSet.of(Dataset.GENRE_STATS), 2);
        assertThat(listing.files(Dataset.GENRE_STATS).committed())
                .as("the two latest days, each file once")
                .hasSize(2)
                .anyMatch(f -> f.toString().contains("dt=2026-11-30"))
                .noneMatch(f -> f.toString().contains("dt=2026-11-29"));
        assertThat(catalog.refresh(listing)).isEqualTo(new ParquetCatalog.Refresh(2, false));
    }

    @Test
    void anOutputClearedToNothingIsSaidSoAndTheNextOneIsReadWhole() throws Exception {
        Path first = files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        refresh();
        Files.delete(first);

        assertThatThrownBy(this::refresh)
                .isInstanceOf(InsightsException.class)
                .hasMessageContaining("no Parquet dataset in");

        files.write("genre_stats", genre(5, "rock", 7, 40, 0.6));
        assertThat(refresh()).isEqualTo(new ParquetCatalog.Refresh(1, false));
        assertThat(tracks()).isEqualTo(7);
    }

    @Test
    void aColumnAddedToTheContractLaterIsNullInTheRowsOfOlderFiles() throws Exception {
        String late = "late: event time 2020-03-02T08:00:01Z arrived after its window had been emitted";
        // a job before the category column, then the current one
        files.write("dead_letters", deadLetter("client_tickets", late));
        refresh();
        assertThat(catalog.hasColumn(Dataset.DEAD_LETTERS, "category")).isFalse();

        files.write("dead_letters", deadLetter("spotify-tracks", "out-of-range", "field 'popularity' is out of range"));
        files.write("dead_letters", deadLetter("spotify-tracks", "invalid JSON: Unexpected character"));
        assertThat(refresh().filesRead()).isEqualTo(2);

        assertThat(catalog.hasColumn(Dataset.DEAD_LETTERS, "category")).isTrue();
        assertThat(catalog.rows(Queries.deadLettersByCategory(Queries.deadLetterCategory(catalog)))
                        .toString())
                .as("categories from the column where written, from the reason where not")
                .isEqualTo("[{\"category\":\"late\",\"count\":1},{\"category\":\"out-of-range\",\"count\":1},"
                        + "{\"category\":\"uncategorised\",\"count\":1}]");
    }

    @Test
    void aWindowRowRepeatedInALaterPartFileIsCountedOnce() throws Exception {
        files.write("genre_stats", union(List.of(genre(0, "pop", 3, 60, 0.2), genre(0, "rock", 1, 40, 0.6))));
        refresh();
        assertThat(catalog.notes()).noneMatch(n -> n.contains("repeat"));

        files.write("genre_stats", genre(0, "pop", 5, 60, 0.2));
        refresh();
        assertThat(tracks()).as("pop's fuller row, never 3 + 5").isEqualTo(6);
        assertThat(catalog.notes())
                .anyMatch(n -> n.startsWith("genre_stats: 1 row(s) repeat a window and genre already present"));
    }

    @Test
    void aNewPartFileOfAnOlderJobIsRefusedAndWhatWasReadStaysRead() throws Exception {
        files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        refresh();
        Path old = files.write(
                "genre_stats", "SELECT * EXCLUDE (explicit_share) FROM (" + genre(1, "pop", 1, 60, 0.2) + ")");
        files.write("stats_by_team", team(1, "incident", 2, 1, 0));

        assertThatThrownBy(this::refresh)
                .isInstanceOf(InsightsException.class)
                .hasMessageStartingWith("genre_stats: 1 of 2 part file(s) lack the column(s) explicit_share");

        Files.delete(old);
        assertThat(refresh())
                .as("only stats_by_team, left unread by the failed refresh")
                .isEqualTo(new ParquetCatalog.Refresh(1, false));
        assertThat(tracks()).isEqualTo(3);
        assertThat(catalog.has(Dataset.STATS_BY_TEAM)).isTrue();
    }

    @Test
    void freeTextIsCheckedButNotLoaded() throws Exception {
        files.write("tickets_enriched", ticket("T1", "c1", "incident", "incident", 2, List.of("panne")));
        refresh();

        assertThat(catalog.hasColumn(Dataset.TICKETS_ENRICHED, "keywords")).isTrue();
        assertThat(catalog.hasColumn(Dataset.TICKETS_ENRICHED, "description")).isFalse();

        files.write(
                "tickets_enriched",
                "SELECT * EXCLUDE (description) FROM ("
                        + ticket("T2", "c1", "incident", "incident", 2, List.of("panne")) + ")");
        assertThatThrownBy(this::refresh)
                .isInstanceOf(InsightsException.class)
                .hasMessageStartingWith("tickets_enriched: 1 of 2 part file(s) lack the column(s) description");
    }
}
