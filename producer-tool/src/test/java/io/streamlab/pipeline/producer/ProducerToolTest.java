package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.producer.tickets.SupportCsv;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line without a broker: help, version, completion, and usage errors that exit with 2 with
 * one clear line, then the command's synopsis.
 */
class ProducerToolTest {
    @TempDir
    Path dir;

    private static void assertUsageError(Cli.Result result, String expectedMessage) {
        assertEquals(2, result.code(), result.toString());
        assertEquals("", result.out(), result.toString());
        List<String> lines = result.err().lines().toList();
        assertEquals(2, lines.size(), "the error and the synopsis: " + result);
        assertTrue(lines.get(0).startsWith("ERROR producer-tool"), result.toString());
        assertTrue(lines.get(0).contains(expectedMessage), "expected '" + expectedMessage + "' in " + result);
        assertTrue(lines.get(1).startsWith("Usage: producer-tool"), result.toString());
    }

    @Test
    void withoutACommandPrintsTheCommandsAndExits2() {
        Cli.Result result = Cli.run();
        assertEquals(2, result.code());
        assertEquals("", result.out());
        for (String command : new String[] {"broker", "topics", "tracks", "tickets", "bench"}) {
            assertTrue(result.err().contains("  " + command + " "), result.err());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "broker,--data-dir",
        "topics,--config FILE",
        "tracks,--synthetic N",
        "tickets,--from-file PATH",
        "bench,--keep-topics"
    })
    void everyCommandHasHelp(String command, String expectedFlag) {
        Cli.Result result = Cli.run(command, "--help");
        assertEquals(0, result.code(), result.toString());
        assertTrue(result.out().startsWith("Usage: producer-tool " + command), result.out());
        assertTrue(result.out().contains(expectedFlag), result.out());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tracks --batch-size x | invalid value 'x' for --batch-size: expected a whole number from 1 to 1000000",
                "tracks --batch-size 0 | invalid value '0' for --batch-size",
                "tracks --batch-size=1k | invalid value '1k' for --batch-size",
                "tracks --retries -1 | invalid value '-1' for --retries",
                "tracks --batch-size | Missing required parameter for option '--batch-size' (N)",
                "tracks --synthetic 10 --seed abc | invalid value 'abc' for --seed",
                "tracks --start-time yesterday | invalid value 'yesterday' for --start-time: expected an ISO-8601 instant",
                "tracks --progress-interval 5 | invalid value '5' for --progress-interval: expected a positive duration",
                "tracks --progress-interval 200000d | invalid value '200000d' for --progress-interval: expected a positive duration such as 500ms, 5s, 2min or 1h, at most 3650d (10 years)",
                "tracks --download --seed 7 | --seed only applies to synthetic tracks, not to --file or --download",
                "tracks --focre | unknown flag --focre for 'producer-tool tracks'. Did you mean --force?",
                "tracks --bootstrap.servers x | unknown flag --bootstrap.servers for 'producer-tool tracks'. Did you mean --kafka.bootstrap.servers?",
                "tracks --kafka.bootstrap.servers | --kafka.bootstrap.servers needs a value",
                "tracks --kafka.bootstrap.servers --force | --kafka.bootstrap.servers needs a value",
                "tracks --data-dir= | invalid value '' for --data-dir: expected a non-empty value",
                "tracks --force=yes | Invalid value for option '--force': 'yes' is not a boolean",
                "tracks extra | unexpected argument 'extra'",
                "tracks --file a.csv --synthetic 5 | --file and --synthetic cannot be used together",
                "tracks --file /no/such/file.csv | --file: file /no/such/file.csv does not exist or is not a file",
                "tracks --kafka.bootstrapservers x | unknown flag --kafka.bootstrapservers for 'producer-tool tracks'. Did you mean --kafka.bootstrap.servers?",
                "tracks --topic.partitions 0 | Invalid value '0' for 'topic.partitions' (from --topic.partitions)",
                "tracks --config /no/such.properties | Configuration file /no/such.properties does not exist",
                "tickets --count 5 --continuous | --count and --continuous cannot be used together",
                "tickets --rate fast | invalid value 'fast' for --rate",
                "tickets --map a=b | --map only applies to --from-file",
                "tickets --from-file /no/such.csv | --from-file: file /no/such.csv does not exist or is not a file",
                "tickets --from-file /no/such.csv --start-time 2025-01-01T00:00:00Z | --start-time only applies to generated tickets, not to --from-file",
                "tickets --from-file /no/such.csv --spacing-ms 5 | --spacing-ms only applies to generated tickets, not to --from-file",
                "broker --port 70000 | invalid value '70000' for --port: expected a whole number from 1 to 65535",
                "broker --port 9092 --controller-port 9092 | invalid value '9092' for --controller-port",
                "broker --kafka.bootstrap.servers x | unknown flag --kafka.bootstrap.servers for 'producer-tool broker'",
                "bench --tracks -5 | invalid value '-5' for --tracks",
                "tracks --topic.partitions=0 | Invalid value '0' for 'topic.partitions' (from --topic.partitions)",
                "nonsense | producer-tool: unknown command 'nonsense' (commands: broker, topics, tracks, tickets, bench)",
                "trakcs | producer-tool: unknown command 'trakcs' (commands: broker, topics, tracks, tickets, bench). Did you mean tracks?"
            })
    void badFlagsAndValuesExitWith2AndOneLineNamingTheFlag(String commandLine, String expected) {
        assertUsageError(Cli.run(commandLine.trim().split(" ")), expected.trim());
    }

    /** The tool run as after Ctrl+C: the stop is asked for before it starts. */
    private static Cli.Result runWithAStopAskedFor(String... args) {
        StopSignal stopped = new StopSignal();
        stopped.request();
        return Cli.run(Map.of(), stopped, args);
    }

    /** A stop while a file is read through before publishing: nothing published, the exit code of any stop. */
    @Test
    void aStopBeforePublishingBeganExits130(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append("{\"ticket_id\":\"T-")
                    .append(i)
                    .append("\",\"client_id\":\"C\",")
                    .append("\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":\"incident\",\"priority\":\"low\"}\n");
        }
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("t.jsonl"), lines);
        Cli.Result result = runWithAStopAskedFor(
                "tickets",
                "--from-file",
                file.toString(),
                "--order-by",
                "created_at",
                "--kafka.bootstrap.servers",
                "127.0.0.1:1");

        assertThat(result.code()).as(result.toString()).isEqualTo(130);
        assertThat(result.out())
                .contains("stopped while reading the file through before publishing it; nothing was published");
        assertThat(result.err()).doesNotContain("ERROR");
    }

    /**
     * {@code --file $UNSET --kafka.ssl.truststore.password=...}: the flag missing its value took the next
     * one, and the error about that "file" showed the secret, as did --batch-size's, --start-time's; bench
     * took it as a topic name.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tracks --file --kafka.ssl.truststore.password=hunter2 | --file",
                "tracks --synthetic 5 --batch-size --kafka.ssl.truststore.password hunter2 | --batch-size",
                "tickets --start-time --kafka.sasl.jaas.config=password=hunter2; | --start-time",
                "topics --config --kafka.sasl.jaas.config=password=hunter2; | --config",
                "bench --tracks-topic --kafka.ssl.keystore.password=hunter2 | --tracks-topic"
            })
    void aFlagMissingItsValueBeforeASecretSaysSoWithoutTheSecret(String commandLine, String flag) {
        Cli.Result result = Cli.run(commandLine.trim().split(" "));
        assertUsageError(result, flag.trim() + " needs a value, but the next argument is the flag --kafka.");
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }

    /** Ctrl+C while the start waits for a broker that does not answer: it waited the whole startup timeout. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // the startup timeout is 10 min: only a stop ends it sooner
    void aStopWhileWaitingForKafkaExits130AtOnce() {
        Cli.Result result = runWithAStopAskedFor(
                "topics", "--kafka.bootstrap.servers", "127.0.0.1:1", "--kafka.startup-timeout", "10min");

        assertThat(result.code()).as(result.toString()).isEqualTo(130);
        assertThat(result.out()).contains("stopped while waiting for Kafka at 127.0.0.1:1");
        assertThat(result.err()).doesNotContain("ERROR");
    }

    @Test
    void helpListsEveryCommandWithItsSummaryAndTheExitCodes() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            Cli.Result result = Cli.run(help);
            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out())
                    .startsWith("Usage: producer-tool")
                    .contains("  broker   Runs a local single-node Kafka broker")
                    .contains("  topics   Creates the pipeline's topics that are missing.")
                    .contains("  tracks   Publishes tracks from the Kaggle CSV")
                    .contains("  tickets  Publishes generated support tickets")
                    .contains("  bench    Measures publishing throughput")
                    .contains("130   stopped by Ctrl+C or SIGTERM")
                    .doesNotContain("completion");
            assertThat(result.err()).isEmpty();
        }
    }

    @Test
    void helpOfACommandListsItsFlagsTheConfigurationFlagsAndTheExitCodes() {
        Cli.Result viaHelp = Cli.run("help", "tickets");
        Cli.Result viaFlag = Cli.run("tickets", "-h");
        assertThat(viaHelp.code()).isZero();
        assertThat(viaHelp.out())
                .isEqualTo(viaFlag.out())
                .contains("--count N", "--continuous", "--batch-size N", "--force", "--config FILE")
                .contains("any key as a flag", "--kafka.bootstrap.servers host:9092")
                .contains("2   usage error");
    }

    @Test
    void versionNamesTheToolAndTheProjectVersion() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"tracks", "--version"}}) {
            Cli.Result result = Cli.run(args);
            assertThat(result.code()).isZero();
            assertThat(result.out()).matches("(?s)producer-tool \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\RJava .*");
        }
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndFlag() {
        Cli.Result result = Cli.run("completion");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("local commands=\"broker topics tracks tickets bench help\"")
                .contains("'--synthetic'", "'--from-file'", "'--keep-topics'", "'--controller-port'")
                .contains("complete -F _complete_producer-tool");
    }

    @Test
    void theLastOfAFlagGivenTwiceWins() {
        assertUsageError(
                Cli.run("broker", "--port", "9092", "--port", "9093", "--controller-port", "9093"),
                "invalid value '9093' for --controller-port: expected a port other than --port (9093)");
        assertUsageError(
                Cli.run("tracks", "--topic.partitions", "0", "--topic.partitions", "x"),
                "Invalid value 'x' for 'topic.partitions'");
    }

    @Test
    void aCsvWithoutARequiredColumnExitsWith2() throws Exception {
        Path csv = dir.resolve("tracks.csv");
        Files.writeString(csv, ",track_id,artists,popularity\n0,abc,Someone,5\n", StandardCharsets.UTF_8);
        assertUsageError(
                Cli.run("tracks", "--file", csv.toString()),
                "--file: " + csv + ": the header misses the required columns duration_ms, explicit, danceability");
    }

    @Test
    void aTicketFileWithoutTheMappedColumnsExitsWith2() {
        assertUsageError(
                Cli.run("tickets", "--from-file", SupportCsv.file().toString()),
                "the header has no column for ticket_id, client_id, created_at, type, priority; map columns with --map");
        assertUsageError(
                Cli.run("tickets", "--from-file", SupportCsv.file().toString(), "--map", "ticket=Ticket ID"),
                "--map: unknown ticket field 'ticket'");
        // an optional column mistyped in --map left every ticket without its subject, and exited 0
        assertUsageError(
                Cli.run(
                        "tickets",
                        "--from-file",
                        SupportCsv.file().toString(),
                        "--map",
                        SupportCsv.MAPPING.replace("subject=Ticket Subject", "subject=Ticket Subjet")),
                "the header has no column for subject (column 'Ticket Subjet'); map columns with --map");
        assertUsageError(
                Cli.run("tickets", "--from-file", SupportCsv.file().toString(), "--format", "xml"),
                "invalid value 'xml' for --format: expected csv, jsonl or json");
    }

    /** No broker runs here: a file without a record is refused before Kafka is asked anything. */
    @Test
    void aFileWithoutARecordExitsWith2BeforeKafkaIsAsked() throws Exception {
        String noRecord = ": the input holds no record, so nothing was published and nothing was recorded: is it the"
                + " right file?";
        for (Path file : List.of(
                Files.writeString(dir.resolve("header-only.csv"), "ticket_id,client_id,created_at,type,priority\n"),
                Files.writeString(dir.resolve("no-lines.jsonl"), ""),
                Files.writeString(dir.resolve("empty-array.json"), " [ ]\n"))) {
            assertUsageError(
                    Cli.run("tickets", "--from-file", file.toString(), "--kafka.bootstrap.servers", "localhost:1"),
                    "--from-file: " + file + noRecord);
        }
        Path tracks = Files.writeString(
                dir.resolve("no-tracks.csv"),
                ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,"
                        + "loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,"
                        + "time_signature,track_genre\n");
        assertUsageError(
                Cli.run("tracks", "--file", tracks.toString(), "--kafka.bootstrap.servers", "localhost:1"),
                "--file: " + tracks + noRecord);
    }

    @Test
    void aJsonTicketFileWithoutANameMapGivesExitsWith2BeforePublishing() throws Exception {
        // JSON has no header: the file is read through first, and no object holds "subjet"
        Path export = Files.writeString(
                dir.resolve("export.jsonl"),
                "{\"id\":\"T-1\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":\"incident\","
                        + "\"priority\":\"low\",\"subject\":\"Panne\"}\n");
        assertUsageError(
                Cli.run("tickets", "--from-file", export.toString(), "--map", "ticket_id=id,subject=subjet"),
                "no object of the file has the field 'subjet' (--map subject=subjet): check the names --map gives."
                        + " Nothing was published");
    }

    private Cli.Result downloadWithKaggleConfigIn(Path kaggleConfigDir) {
        return Cli.run(
                Map.of("KAGGLE_CONFIG_DIR", kaggleConfigDir.toString()),
                new StopSignal(),
                "tracks",
                "--download",
                "--data-dir",
                dir.resolve("data").toString());
    }

    @Test
    void downloadWithoutKaggleCredentialsSaysWhatIsMissingAndExits1() {
        Cli.Result result = downloadWithKaggleConfigIn(dir);
        assertEquals(1, result.code(), result.toString());
        assertEquals(1, result.err().lines().count(), result.toString());
        assertTrue(
                result.err().contains("--download needs a Kaggle API token: set KAGGLE_USERNAME and KAGGLE_KEY"),
                result.toString());
    }

    @Test
    void aKaggleTokenThatIsNotJsonIsNamedWithoutQuotingTheKey() throws Exception {
        // the key without quotes: Jackson's message quoted the token it stopped at, the key itself
        Files.writeString(dir.resolve("kaggle.json"), "{\"username\":\"alice\",\"key\":kgl_SECRETabcdef0123}");
        Cli.Result result = downloadWithKaggleConfigIn(dir);
        assertEquals(1, result.code(), result.toString());
        assertTrue(result.err().contains("kaggle.json: not valid JSON (line 1, column "), result.toString());
        assertFalse(result.toString().contains("SECRET"), result.toString());
    }

    @Test
    void aBrokerOnATakenPortIsOneMessageAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int controllerPort = free.getLocalPort();
            free.close();
            Cli.Result result = Cli.run(
                    "broker",
                    "--port",
                    Integer.toString(taken.getLocalPort()),
                    "--controller-port",
                    Integer.toString(controllerPort),
                    "--data-dir",
                    dir.resolve("kafka").toString());
            assertEquals(1, result.code(), result.toString());
            assertThat(result.err())
                    .contains(
                            "Port " + taken.getLocalPort() + " is already in use; pass --port or stop the other broker")
                    .doesNotContain("\tat ");
            assertThat(result.out()).doesNotContain("Kafka broker ready");
        }
    }

    @Test
    void anUnreachableBrokerIsReportedAfterTheStartupTimeoutWithExit1() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        for (String command : new String[] {"topics", "tickets"}) {
            Cli.Result result = Cli.run(
                    command, "--kafka.bootstrap.servers", "localhost:" + freePort, "--kafka.startup-timeout=1s");
            assertEquals(1, result.code(), result.toString());
            assertTrue(
                    result.err().contains("Cannot reach Kafka at localhost:" + freePort + " after 1s"),
                    result.toString());
        }
    }
}
