package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.genre;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says and returns for good and bad input: one clear line, never a stack trace. */
class InsightsCliTest {
    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return InsightsCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLineError(int expectedCode, int code, String... fragments) {
        assertEquals(expectedCode, code, err());
        for (String fragment : fragments) {
            assertTrue(err().contains(fragment), "'" + fragment + "' in: " + err());
        }
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    /** OUTPUT_DIR set but empty (a variable exported from nothing): the job refuses it, insights read ./ */
    @Test
    void anEmptyOutputDirIsAUsageErrorNamingTheKeyAndWhereItCameFrom() {
        int code = InsightsCli.run(
                new String[] {"report"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("OUTPUT_DIR", ""));
        assertOneLineError(2, code, "output.dir is empty (from env OUTPUT_DIR)", "--output DIR");
    }

    @Test
    void aMissingOutputDirectorySaysWhereItLookedAndWhatToRun() {
        Path missing = work.resolve("nowhere");
        assertOneLineError(
                1,
                run("report", "--output", missing.toString()),
                "insights report: the output directory " + missing + " does not exist",
                "./run-local.sh --bounded");
    }

    @Test
    void anOutputDirectoryThatCannotBeLookedAtIsNotSaidToBeMissing() throws Exception {
        // a loop of links: the folder is neither there nor missing (as behind a folder without permission)
        Path loop = work.resolve("loop");
        Files.createSymbolicLink(loop, loop);
        Path output = loop.resolve("output");
        assertOneLineError(
                1,
                run("report", "--output", output.toString()),
                "cannot look at the output directory " + output + ": ");
        assertThat(err()).doesNotContain("run the job first");
    }

    @Test
    void anOutputDirGivenAsAFileUriIsItsLocalFolderAndOneOnAnotherFileSystemIsAUsageError() throws Exception {
        Path missing = work.resolve("nowhere");
        Path config = work.resolve("uri.properties");
        Files.writeString(config, "output.dir = file://" + missing + "\n");
        // before: "<working directory>/file:/…/nowhere does not exist", beside the folder the job wrote
        assertOneLineError(
                1, run("report", "--config", config.toString()), "the output directory " + missing + " does not exist");
        err.reset();

        Files.writeString(config, "output.dir = s3://bucket/output\n");
        assertOneLineError(
                2,
                run("report", "--config", config.toString()),
                "output.dir (s3://bucket/output, from ",
                ") is not a local folder");
    }

    @Test
    void anEmptyOutputDirectoryIsOneLineWithoutAStackTrace() throws Exception {
        Files.createDirectories(work.resolve("output"));
        assertOneLineError(
                1,
                run("report", "--output", work.resolve("output").toString()),
                "no Parquet dataset in " + work.resolve("output"));
    }

    @Test
    void partFilesStillInProgressAreNotRead() throws Exception {
        Path dir = Files.createDirectories(work.resolve("output/genre_stats/dt=2023-11-14"));
        Files.writeString(dir.resolve(".genre_stats-0.parquet.inprogress.5f2c"), "half a file");
        // with compaction, part files wait for their merge under a hidden name that ends in .parquet
        Files.writeString(dir.resolve(".genre_stats-1.parquet"), "not merged yet");
        assertOneLineError(
                1,
                run("report", "--output", work.resolve("output").toString()),
                "no committed Parquet file",
                "2 part file(s) still in progress or waiting for their merge",
                "merged every sink.compaction.checkpoints of them when compaction is on",
                "wait for the next one");
    }

    @Test
    void filesFromAnOlderJobAreNamedWithTheMissingColumns() throws Exception {
        ParquetFixtures files = new ParquetFixtures(work.resolve("output"));
        files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        files.write(
                "genre_stats",
                "SELECT * EXCLUDE (explicit_share, tempo_avg) FROM (" + genre(1, "pop", 1, 80, 0.6) + ")");
        assertOneLineError(
                1,
                run("report", "--output", work.resolve("output").toString()),
                "genre_stats: 1 of 2 part file(s) lack the column(s) explicit_share, tempo_avg",
                "older version of the job",
                "dt=2023-11-14/genre_stats-1.parquet",
                "--fresh");
    }

    @Test
    void aColumnOfAnotherTypeIsNamedWithItsFile() throws Exception {
        // before: "query failed: Binder Error: No function matches ... sum(VARCHAR)", naming neither
        new ParquetFixtures(work.resolve("output"))
                .write(
                        "genre_stats",
                        "SELECT * REPLACE ('12' AS track_count, 7 AS tempo_avg) FROM (" + genre(0, "pop", 3, 60, 0.2)
                                + ")");
        assertOneLineError(
                1,
                run("report", "--output", work.resolve("output").toString()),
                "genre_stats: in dt=2023-11-14/genre_stats-0.parquet, track_count is BYTE_ARRAY, not INT64; tempo_avg"
                        + " is INT32, not DOUBLE (as the job writes it): the file was not written by this pipeline's"
                        + " job");
    }

    @Test
    void aDamagedPartFileIsNamed() throws Exception {
        Path dir = Files.createDirectories(work.resolve("output/genre_stats/dt=2023-11-14"));
        Files.writeString(dir.resolve("genre_stats-0.parquet"), "not a parquet file");
        assertOneLineError(
                1,
                run("report", "--output", work.resolve("output").toString()),
                "insights report: reading " + work.resolve("output") + " failed",
                "genre_stats-0.parquet");
    }

    @Test
    void aDatasetWithoutCommittedFilesIsANoteNotAFailure() throws Exception {
        new ParquetFixtures(work.resolve("output")).write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        Path to = work.resolve("report");
        assertEquals(0, run("report", "--output", work.resolve("output").toString(), "--to", to.toString()), err());
        assertTrue(err().contains("insights: note: tickets_enriched: no part file; its figures are left out"), err());
        assertFalse(err().contains("dead_letters"), "no dead-letter file means no dead letter: " + err());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(to.resolve("insights_summary.json").toString()), printed);
        assertTrue(printed.contains(to.resolve("top_genres.csv").toString()), printed);
        assertFalse(printed.contains("word_frequency.csv"), "no export without its dataset: " + printed);
        assertTrue(Files.exists(to.resolve("report.html")));
    }

    @Test
    void notesQuotingTheDataNeverReachTheTerminalAsEscapeSequences() throws Exception {
        ParquetFixtures files = new ParquetFixtures(work.resolve("output"));
        files.write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        files.write(
                "dead_letters",
                ParquetFixtures.deadLetter(
                        "t\u001b[2J", 0, 0, "deleted-unread", "deleted-unread: offsets 0 to 1 (at most 2 records)"));
        assertEquals(
                0,
                run(
                        "report",
                        "--output",
                        work.resolve("output").toString(),
                        "--to",
                        work.resolve("r").toString()));
        assertTrue(err().contains("insights: note: t?[2J: up to 2 record(s) were deleted"), err());
        assertFalse(err().contains("\u001b"), err());
    }

    @Test
    void anOutputWhosePathLooksLikeAGlobIsReadAsItIs() throws Exception {
        // DuckDB reads a path as a glob pattern: a folder named run[prod] would match "runp", and "*" anything
        Path output = work.resolve("run[prod]*?{a,b}");
        new ParquetFixtures(output).write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        new ParquetFixtures(work.resolve("runp*?{a,b}")).write("genre_stats", genre(0, "rock", 5, 60, 0.2));
        Path to = work.resolve("report");
        assertEquals(0, run("report", "--output", output.toString(), "--to", to.toString()), err());
        String genres = Files.readString(to.resolve("top_genres.csv"));
        assertTrue(genres.contains("pop") && !genres.contains("rock"), genres);
    }

    @Test
    void aReportThatCannotBeWrittenSaysWhy() throws Exception {
        new ParquetFixtures(work.resolve("output")).write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        Path file = Files.writeString(work.resolve("afile"), "x");
        String output = work.resolve("output").toString();

        assertOneLineError(
                1,
                run("report", "--output", output, "--to", file.toString()),
                "insights report: cannot write to " + file + ": it is a file, not a directory\n");
        err.reset();
        assertOneLineError(
                1,
                run("report", "--output", output, "--to", file.resolve("sub").toString()),
                "insights report: cannot write to " + file.resolve("sub") + ": " + file
                        + " is a file, not a directory\n");
    }

    @Test
    void anUnreadableDatasetFolderSaysWhy() throws Exception {
        new ParquetFixtures(work.resolve("output")).write("genre_stats", genre(0, "pop", 3, 60, 0.2));
        Path folder = work.resolve("output/genre_stats");
        Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(folder), "root reads any folder");
            assertOneLineError(
                    1,
                    run("report", "--output", work.resolve("output").toString()),
                    "cannot list " + folder.toAbsolutePath() + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aDurationTooLongIsAnInvalidValueNotAnInternalError() {
        assertOneLineError(
                2,
                run("watch", "--every", "99999999999999999999s"),
                "insights watch: invalid value '99999999999999999999s' for --every: expected a positive duration");
        assertFalse(err().contains("Could not invoke"), err());
        assertFalse(err().contains("NumberFormatException"), err());
    }

    @Test
    void aBadWebUiPortInTheConfigurationIsBlamedOnItsKeyAndFile() throws Exception {
        Path config = Files.writeString(work.resolve("bad.properties"), "local.web-ui.port=notaport\n");

        assertOneLineError(
                2,
                run("watch", "--config", config.toString(), "--output", work.toString()),
                "insights watch: Invalid value 'notaport' for 'local.web-ui.port' (from " + config,
                "expected a port from 1 to 65535");
        assertFalse(err().contains("--web-ui: expected"), err());
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertOneLineError(2, run("report", "--top", "zero"), "invalid value 'zero' for --top");
        err.reset();
        assertOneLineError(2, run("report", "--outptu", "x"), "unknown flag --outptu", "Did you mean --output?");
        err.reset();
        assertOneLineError(2, run("watch", "--web-ui", "localhost"), "invalid value 'localhost' for --web-ui");
        err.reset();
        // a port out of range was an IllegalArgumentException and its stack trace; 0 waited forever
        assertOneLineError(
                2, run("watch", "--web-ui", "http://localhost:99999"), "invalid value 'http://localhost:99999'");
        err.reset();
        assertOneLineError(2, run("watch", "--web-ui", "http://localhost:0"), "invalid value 'http://localhost:0'");
        err.reset();
        assertOneLineError(
                2, run("watch", "--web-ui", "ftp://admin:s3cret@jm:8081"), "invalid value 'ftp://******@jm:8081'");
        assertFalse(err().contains("s3cret"), err());
        err.reset();
        assertOneLineError(2, run("watch", "--every", "soon"), "invalid value 'soon' for --every");
        err.reset();
        assertOneLineError(
                2, run("report", "--config", work.resolve("none.properties").toString()), "Configuration file");
        err.reset();
        assertOneLineError(2, run("report", "--output.dir", "x"), "unknown flag --output.dir for 'insights report'");
        err.reset();
        assertOneLineError(2, run("summarise"), "insights: unknown command 'summarise' (commands: report, watch)");
        err.reset();
        assertOneLineError(2, run("raport"), "Did you mean report?");
        err.reset();
        // --output $UNSET before a secret: the error about the "folder" showed the secret
        assertOneLineError(
                2,
                run("report", "--output", "--kafka.sasl.jaas.config=password=s3cret;"),
                "--output needs a value, but the next argument is the flag --kafka.sasl.jaas.config");
        assertFalse(err().contains("s3cret"), err());
        err.reset();
        assertOneLineError(2, run());
        assertThat(err()).startsWith("Usage: insights").contains("  report ", "  watch ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aUsageErrorIsOneLineThenTheSynopsis() {
        assertEquals(2, run("report", "--top", "0"));
        assertThat(err().lines().toList())
                .containsExactly(
                        "insights report: invalid value '0' for --top: expected a whole number from 1 to 1000",
                        "Usage: insights report [OPTIONS]   (insights report --help for more)");
    }

    @Test
    void helpListsTheFlags() {
        assertEquals(0, run("report", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Usage: insights report"), help);
        assertTrue(help.contains("--to DIR"), help);
        assertThat(help).contains("--output DIR", "--config FILE", "--top N", "1   nothing to report on");
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: insights")
                .contains("  report  Writes insights_summary.json")
                .contains("  watch   Prints a live view of the running job")
                .doesNotContain("completion");
    }

    @Test
    void versionAndCompletion() {
        assertEquals(0, run("--version"));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("insights ");
        out.reset();
        assertEquals(0, run("completion"));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("local commands=\"report watch help\"")
                .contains("'--web-ui'", "'--every'", "'--to'")
                .contains("complete -F _complete_insights");
    }
}
