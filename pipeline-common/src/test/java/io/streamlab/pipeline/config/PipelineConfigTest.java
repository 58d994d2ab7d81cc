package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.records.Blanks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineConfigTest {

    private static PipelineConfig load(Map<String, String> env, String... args) {
        return PipelineConfig.load(List.of(args), env);
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> load(env, args)).getMessage();
    }

    @Test
    void defaultsFollowTheContract() {
        PipelineConfig c = PipelineConfig.defaults();
        assertEquals("localhost:9092", c.kafka().bootstrapServers());
        assertEquals("spotify-tracks", c.topics().tracks());
        assertEquals("client_tickets", c.topics().tickets());
        assertEquals("pipeline-dead-letters", c.topics().deadLetters());
        assertEquals(3, c.topics().partitions());
        assertEquals(
                List.of("incident", "support_general", "produit"), c.routing().teams());
        assertEquals("tickets_equipe_incident", c.routing().teamTopics().get("incident"));
        assertEquals("tickets_equipe_support_general", c.routing().teamTopics().get("support_general"));
        assertEquals("tickets_equipe_produit", c.routing().teamTopics().get("produit"));
        assertEquals("./output", c.outputDir());
        assertEquals(Duration.ofMinutes(1), c.eventTime().tracksWindow());
        assertEquals(PipelineConfig.StateBackend.HASHMAP, c.faultTolerance().stateBackend());
    }

    @Test
    void routingIgnoresCaseWhitespaceAndSeparatorsAndFallsBackToTheDefaultTeam() {
        PipelineConfig.Routing r = PipelineConfig.defaults().routing();
        assertEquals("incident", r.teamFor("incident"));
        assertEquals("incident", r.teamFor("  INCIDENT "));
        assertEquals("produit", r.teamFor("Feature Request"));
        assertEquals("produit", r.teamFor("feature-request"));
        assertEquals("support_general", r.teamFor("question"));
        assertEquals("support_general", r.teamFor("billing"));
        assertEquals("support_general", r.teamFor(null));
    }

    @Test
    void anyBlankCharacterPadsATypeOrSeparatesItsWords() {
        PipelineConfig.Routing r = PipelineConfig.defaults().routing();
        // the blanks of a required text (BlankTextsTest): spaces, control and format characters
        for (String blank : List.of(
                " ", "\t", "\u00a0", "\u2007", "\u202f", "\u3000", "\u2028", "\u0085", "\u007f", " \u3000\u00a0")) {
            assertEquals("feature_request", PipelineConfig.Routing.normaliseType("Feature" + blank + "Request"), blank);
            assertEquals("feature_request", PipelineConfig.Routing.normaliseType("Feature_" + blank + "-Request"));
            assertEquals("produit", r.teamFor(blank + "feature_request" + blank), blank);
            assertEquals("incident", r.teamFor(blank + "Incident" + blank), blank);
        }
        // a separator inside stays one, as before
        assertEquals("_incident_", PipelineConfig.Routing.normaliseType("_incident-"));
        assertEquals("a_b", PipelineConfig.Routing.normaliseType("A b"));
        // invisible format characters are dropped, inside a word too
        assertEquals("email", PipelineConfig.Routing.normaliseType("\u200bE\u00admail\ufeff"));
        assertEquals("produit", r.teamFor("\ufeffFeature\u200b Request"));
    }

    /** The definition in three regular expressions, as the insights' SQL writes it. */
    private static String normalisedByTheExpressions(String type) {
        String b = Blanks.SPACES_AND_CONTROLS;
        String visible = type.replaceAll("[" + Blanks.INVISIBLE + "]+", "");
        String padded = visible.replaceAll("^[" + b + "]+|[" + b + "]+$", "");
        return padded.toLowerCase(java.util.Locale.ROOT).replaceAll("[" + b + "_-]+", "_");
    }

    @Test
    void theOnePassNormalisationIsTheThreeExpressions() {
        String alphabet =
                "aZé_- \t\n\u0000\u007f\u0085\u00a0\u00ad\u200b\u2028\u3000\ufeffΣσİ\ud83d\ude00\udb40\udc41'.";
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261202L);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder type = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                type.append(c);
                if (Character.isHighSurrogate(c)) {
                    type.append(alphabet.charAt(at + 1));
                }
            }
            String t = type.toString();
            assertEquals(
                    normalisedByTheExpressions(t),
                    PipelineConfig.Routing.normaliseType(t),
                    () -> "type "
                            + t.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void otherTicketTypesRouteThroughConfigurationAlone() {
        PipelineConfig c = load(
                Map.of(), "--routing.type.technical_issue", "incident", "--routing.type.Billing inquiry", "produit");
        assertEquals("incident", c.routing().teamFor("Technical issue"));
        assertEquals("produit", c.routing().teamFor(" billing  INQUIRY "));
    }

    @Test
    void aDefaultTypeIsOverriddenWhateverItsSpelling() {
        // the bundled routing.type.incident and feature_request sort after these spellings: before, they won
        PipelineConfig c =
                load(Map.of(), "--routing.type.Incident", "produit", "--routing.type.Feature-Request", "incident");
        assertEquals("produit", c.routing().teamFor("incident"));
        assertEquals("incident", c.routing().teamFor("Feature request"));
        PipelineConfig env = load(Map.of("ROUTING_TYPE_QUESTION", "produit"), "--routing.type.QUESTION", "produit");
        assertEquals("produit", env.routing().teamFor("question"), "two spellings, one team");
    }

    @Test
    void twoChosenSpellingsOfOneTypeForDifferentTeamsAreRefused() {
        String message = error(Map.of(), "--routing.type.Refund", "incident", "--routing.type.refund", "produit");
        assertTrue(message.contains("routing.type.Refund") && message.contains("routing.type.refund"), message);
        assertTrue(message.contains("route the same ticket type to different teams"), message);
        // the bundled feature_request (produit) sorts between these two: it neither hides nor settles them
        String around = error(
                Map.of(),
                "--routing.type.Feature-Request",
                "produit",
                "--routing.type.feature\u00a0request",
                "incident");
        assertTrue(around.contains("route the same ticket type to different teams"), around);
    }

    @Test
    void teamsWhoseTransactionalIdsOverlapOnOneTopicAreRefused() {
        String message = error(
                Map.of(),
                "--teams",
                "incident,support_general,produit,support",
                "--team.support.topic",
                "tickets_equipe_support_general");
        assertTrue(message.contains("Teams 'support' and 'support_general' share the topic"), message);
        // a shared topic without a prefix between the names, or a prefix on two topics, is fine
        PipelineConfig shared = load(
                Map.of(),
                "--teams",
                "incident,support_general,produit,desk",
                "--team.desk.topic",
                "tickets_equipe_produit");
        assertEquals("tickets_equipe_produit", shared.routing().teamTopics().get("desk"));
        PipelineConfig apart = load(
                Map.of(),
                "--teams",
                "incident,support_general,produit,support",
                "--team.support.topic",
                "tickets_equipe_support");
        assertEquals("tickets_equipe_support", apart.routing().teamTopics().get("support"));
    }

    @Test
    void aTeamIsAddedByConfiguration() {
        PipelineConfig c = load(
                Map.of(),
                "--teams",
                "incident,support_general,produit,billing",
                "--team.billing.topic",
                "tickets_equipe_billing",
                "--routing.type.refund",
                "billing");
        assertEquals("tickets_equipe_billing", c.routing().teamTopics().get("billing"));
        assertEquals("billing", c.routing().teamFor("Refund"));
    }

    @Test
    void layersAreAppliedInOrderFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.properties");
        Files.writeString(file, "topic.partitions = 6\njob.parallelism = 3\noutput.dir = /data/out\n");
        PipelineConfig c = load(
                Map.of("JOB_PARALLELISM", "4", "KAFKA_BOOTSTRAP_SERVERS", "broker:29092"),
                "--config",
                file.toString(),
                "--output.dir",
                "/flags/out");
        assertEquals(6, c.topics().partitions());
        assertEquals(4, c.job().parallelism());
        assertEquals("broker:29092", c.kafka().bootstrapServers());
        assertEquals("/flags/out", c.outputDir());
    }

    @Test
    void pipelineConfigInTheEnvironmentNamesTheFileAndTheFlagWins(@TempDir Path dir) throws Exception {
        Path fromEnv = dir.resolve("from-env.properties");
        Files.writeString(fromEnv, "topic.partitions = 6\n");
        Path fromFlag = dir.resolve("from-flag.properties");
        Files.writeString(fromFlag, "topic.partitions = 9\n");
        assertEquals(
                6, load(Map.of("PIPELINE_CONFIG", fromEnv.toString())).topics().partitions());
        assertEquals(
                9,
                load(Map.of("PIPELINE_CONFIG", fromEnv.toString()), "--config", fromFlag.toString())
                        .topics()
                        .partitions(),
                "--config wins");
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "job.parallelism = many\n");
        String message = error(Map.of("PIPELINE_CONFIG", bad.toString()));
        assertTrue(message.contains("'job.parallelism'") && message.contains("from " + bad), message);
        message = error(
                Map.of("PIPELINE_CONFIG", dir.resolve("missing.properties").toString()));
        assertTrue(message.contains("missing.properties") && message.contains("does not exist"), message);
    }

    @Test
    void aBadValueOrAnUnknownKeyInAConfigFileIsNamedWithTheFile(@TempDir Path dir) throws Exception {
        Path badValue = dir.resolve("bad-value.properties");
        Files.writeString(badValue, "job.parallelism = many\n");
        String message = error(Map.of(), "--config", badValue.toString());
        assertTrue(message.contains("'job.parallelism'"), message);
        assertTrue(message.contains("from " + badValue), message);

        Path unknownKey = dir.resolve("unknown-key.properties");
        Files.writeString(unknownKey, "topic.partition = 3\n");
        message = error(Map.of(), "--config", unknownKey.toString());
        assertTrue(message.contains("Unknown configuration key 'topic.partition' (from " + unknownKey + ")"), message);
        assertTrue(message.contains("topic.partitions"), message);

        // a typo, even of the first word, is still quoted with the closest key
        Files.writeString(unknownKey, "kafak.bootstrap.servers = broker:9092\n");
        message = error(Map.of(), "--config", unknownKey.toString());
        assertThat(message).contains("Unknown configuration key 'kafak.bootstrap.servers'", "kafka.bootstrap.servers");
    }

    @Test
    void unknownKeysAreRejectedWithTheirOriginAndASuggestion() {
        String message = error(Map.of(), "--topic.partition", "3");
        assertTrue(message.contains("Unknown configuration key 'topic.partition'"), message);
        assertTrue(message.contains("from --topic.partition"), message);
        assertTrue(message.contains("topic.partitions"), message);
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheSource() {
        String number = error(Map.of("TOPIC_PARTITIONS", "three"));
        assertTrue(
                number.contains("'three'")
                        && number.contains("'topic.partitions'")
                        && number.contains("env TOPIC_PARTITIONS")
                        && number.contains("whole number"),
                number);

        String duration = error(Map.of(), "--checkpoint.interval", "10 parsecs");
        assertTrue(duration.contains("'checkpoint.interval'") && duration.contains("duration"), duration);

        String choice = error(Map.of(), "--state.backend", "memory");
        assertTrue(choice.contains("'state.backend'") && choice.contains("hashmap, rocksdb"), choice);

        String bool = error(Map.of(), "--job.bounded", "yes");
        assertTrue(bool.contains("'job.bounded'") && bool.contains("true or false"), bool);
    }

    @Test
    void bootstrapServersAreHostPortPairsWhateverKafkaWouldHaveSaid() {
        for (String bad : List.of("not a host", "localhost", "localhost:99999", "localhost:0", ":9092", ",", "a:b")) {
            String message = error(Map.of(), "--kafka.bootstrap.servers", bad);
            assertTrue(message.contains("'kafka.bootstrap.servers'") && message.contains("host:port pairs"), message);
        }
        for (String good : List.of(
                "localhost:9092",
                "b1:9092, B2.Example.com:9093",
                "[::1]:9092",
                "::1:9092",
                "[fe80::1%eth0]:9092",
                "SASL_SSL://b:9094",
                "a:1,,b:2,")) {
            assertEquals(
                    good,
                    PipelineConfig.load(List.of("--kafka.bootstrap.servers", good), Map.of())
                            .kafka()
                            .bootstrapServers());
        }
    }

    @Test
    void aConfigFileThatIsNotTextSaysSo(@TempDir Path dir) throws Exception {
        Path binary = Files.write(dir.resolve("garbage.properties"), new byte[] {(byte) 0x8d, (byte) 0xff, 0, '\n'});
        ConfigException e = assertThrows(
                ConfigException.class, () -> PipelineConfig.load(List.of("--config", binary.toString()), Map.of()));
        assertTrue(e.getMessage().endsWith("garbage.properties: not UTF-8 text"), e.getMessage());
    }

    @Test
    void routingToAnUnknownTeamIsRejected() {
        String message = error(Map.of(), "--routing.type.refund", "finance");
        assertTrue(
                message.contains("routing.type.refund")
                        && message.contains("finance")
                        && message.contains("[incident, support_general, produit]"),
                message);
        String noTopic = error(Map.of(), "--teams", "incident,finance");
        assertTrue(noTopic.contains("team.finance.topic"), noTopic);
    }

    @Test
    void transactionTimeoutMustFitBetweenCheckpointIntervalAndTheBrokerMaximum() {
        assertThat(error(Map.of(), "--sink.transaction-timeout", "1h"))
                .contains("sink.transaction-timeout (1h)", "kafka.transaction-max-timeout = 15min");
        assertThat(load(Map.of(), "--sink.transaction-timeout", "30min", "--kafka.transaction-max-timeout", "1h")
                        .faultTolerance()
                        .transactionTimeout())
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void transactionTimeoutMustOutliveTheWorstCaseBeforeACommit() {
        // the defaults: 4 x (2min + 2s) + 1min + 1min = 10min 8s, below the default 12min
        PipelineConfig.FaultTolerance ft = PipelineConfig.defaults().faultTolerance();
        assertThat(ft.worstCaseTransactionLife()).isEqualTo(Duration.ofSeconds(608));
        // the case: tolerable failures 3 and timeout 2min with a 5min transaction timeout
        String message = error(Map.of(), "--sink.transaction-timeout", "5min");
        assertThat(message)
                .contains(
                        "sink.transaction-timeout (5min)",
                        "10min 8s",
                        "checkpoint.tolerable-failures 3",
                        "checkpoint.timeout 2min",
                        "checkpoint.min-pause 2s",
                        "checkpoint.interval 10s",
                        "restart.max-delay 1min");
        // fewer tolerated failures and a shorter timeout make 5min enough: 1 x (1min + 2s) + 1min + 1min
        assertThat(load(
                                Map.of(),
                                "--sink.transaction-timeout",
                                "5min",
                                "--checkpoint.tolerable-failures",
                                "0",
                                "--checkpoint.timeout",
                                "1min")
                        .faultTolerance()
                        .worstCaseTransactionLife())
                .isEqualTo(Duration.ofSeconds(182));
        // a long checkpoint interval counts instead of the timeout: 2 x 10min + 1min + 1min
        assertThat(error(
                        Map.of(),
                        "--checkpoint.interval",
                        "10min",
                        "--checkpoint.tolerable-failures",
                        "1",
                        "--kafka.transaction-max-timeout",
                        "1h",
                        "--sink.transaction-timeout",
                        "21min"))
                .contains("22min");
    }

    @Test
    void compactionIsOffByDefaultAndMergesTheGivenNumberOfCheckpoints() {
        PipelineConfig.Compaction defaults = PipelineConfig.defaults().compaction();
        assertEquals(new PipelineConfig.Compaction(0, 128L * 1024 * 1024), defaults);
        assertThat(defaults.enabled()).isFalse();
        PipelineConfig.Compaction thirty =
                load(Map.of(), "--sink.compaction.checkpoints", "30").compaction();
        assertTrue(thirty.enabled());
        assertEquals(Duration.ofMinutes(5), thirty.extraDelay(Duration.ofSeconds(10)));

        PipelineConfig.Compaction off =
                load(Map.of(), "--sink.compaction.checkpoints", "0").compaction();
        assertThat(off.enabled()).isFalse();
        assertEquals(Duration.ZERO, off.extraDelay(Duration.ofSeconds(10)));
        assertEquals(
                new PipelineConfig.Compaction(6, 0),
                load(Map.of("SINK_COMPACTION_THRESHOLD_BYTES", "0"), "--sink.compaction.checkpoints", "6")
                        .compaction());
    }

    @Test
    void badCompactionValuesNameTheKey() {
        assertThat(error(Map.of(), "--sink.compaction.checkpoints", "-1"))
                .contains("'sink.compaction.checkpoints'", "whole number from 0 to 100000");
        assertThat(error(Map.of(), "--sink.compaction.checkpoints", "often")).contains("'sink.compaction.checkpoints'");
        assertThat(error(Map.of("SINK_COMPACTION_THRESHOLD_BYTES", "128MB")))
                .contains("'sink.compaction.threshold-bytes'", "env SINK_COMPACTION_THRESHOLD_BYTES");
    }

    @Test
    void restartsBackOffBetweenTheirBounds() {
        assertThat(error(Map.of(), "--restart.delay", "2min", "--restart.max-delay", "1min"))
                .contains("restart.max-delay (1min) must not be shorter than restart.delay (2min)");
        assertThat(error(Map.of(), "--restart.reset-after", "0s")).contains("'restart.reset-after'");
    }

    @Test
    void inputBoundsAreTypedAndNamed() {
        PipelineConfig.Limits limits = PipelineConfig.defaults().limits();
        assertThat(limits.maxEventTimeMillis(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(limits.minEventTimeMillis()).isEqualTo(946_684_800_000L);
        assertThat(error(Map.of(), "--limits.event-time.min", "2000")).contains("'limits.event-time.min'", "ISO-8601");
        assertThat(error(Map.of(), "--limits.id.max-chars", "0")).contains("'limits.id.max-chars'");
        assertThat(error(Map.of(), "--limits.track.loudness.min", "10", "--limits.track.loudness.max", "0"))
                .contains("limits.track.loudness.min");
        assertThat(error(Map.of(), "--limits.track.tempo.max", "fast")).contains("'limits.track.tempo.max'");
    }

    @Test
    void flagsNeedValuesAndConfigFilesMustExist() {
        assertTrue(error(Map.of(), "--job.name").contains("needs a value"));
        // a forgotten value took the next flag as the value, and the rest of the line went on silently
        assertEquals(
                "Flag --job.name needs a value, but the next argument is the flag '--checkpoint.dir' (a value that"
                        + " starts with -- is written --job.name=VALUE)",
                error(Map.of(), "--job.name", "--checkpoint.dir", "--output.dir", "/x"));
        assertThat(error(Map.of(), "--kafka.ssl.truststore.password", "--hunter2"))
                .isEqualTo("Flag --kafka.ssl.truststore.password needs a value, but the next argument starts with --"
                        + " (a value that starts with -- is written --kafka.ssl.truststore.password=VALUE)");
        assertThat(PipelineConfig.load(List.of("--job.name=--odd", "--output.dir", "-"), Map.of())
                        .job()
                        .name())
                .isEqualTo("--odd");
        assertTrue(error(Map.of(), "stray").contains("Unexpected argument 'stray'"));
        assertEquals(
                "Unexpected argument '-kafka.ssl.truststore.password=...': configuration flags are written --key value",
                error(Map.of(), "-kafka.ssl.truststore.password=hunter2"));
        assertEquals(
                "Unexpected argument after the value of --kafka.ssl.truststore.password (a value with spaces must be"
                        + " quoted): configuration flags are written --key value",
                error(Map.of(), "--kafka.ssl.truststore.password", "hunter", "two"));
        assertThat(error(Map.of(), "--kafka.ssl.truststore.password=hunter", "two"))
                .startsWith("Unexpected argument after the value of --kafka.ssl.truststore.password ")
                .doesNotContain("two");
        assertThat(error(Map.of(), "--kafka.ssl.truststore.password", "-hunter", "two"))
                .doesNotContain("hunter", "two");
        assertTrue(error(Map.of(), "--config", "/no/such/file.properties").contains("does not exist"));
        // "$FILE" with the variable unset: not the defaults without a word
        assertEquals("--config needs a file, and was given an empty value", error(Map.of(), "--config", ""));
        assertEquals(
                "Invalid value '' for 'ops.job-jar' (from --ops.job-jar): expected a non-empty value (leave the flag"
                        + " out for the default)",
                error(Map.of(), "--ops.job-jar", ""));
        assertEquals("", load(Map.of()).operations().jobJar());
    }

    @Test
    void flinkKeysPassThroughAndSecretsAreMasked() {
        PipelineConfig c = load(
                Map.of(
                        "KAFKA_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";",
                        "KAFKA_SECURITY_PROTOCOL",
                        "SASL_SSL"),
                "--flink.taskmanager.memory.process.size",
                "2g");
        assertEquals("2g", c.flinkOverrides().get("taskmanager.memory.process.size"));
        assertEquals("SASL_SSL", c.kafka().securityProperties().get("security.protocol"));
        assertTrue(!c.kafka().toString().contains("s3cret"));
        RawConfig raw = RawConfig.load(List.of(), Map.of("KAFKA_SASL_JAAS_CONFIG", "secret-value"));
        assertTrue(!raw.describe().contains("secret-value") && raw.describe().contains("******"));
    }

    /** A claimed restore's checkpoints may refer to an earlier job's folder, which retention deletes. */
    @Test
    void onlyRestoresThatLeaveTheSnapshotAloneAreAccepted() {
        for (String key : PipelineConfig.CLAIM_MODE_KEYS) {
            for (String claim : List.of("CLAIM", "claim", "LEGACY")) {
                String message = error(Map.of(), "--flink." + key, claim);
                assertTrue(message.startsWith("flink." + key + " is " + claim + ", but only NO_CLAIM"), message);
            }
            assertEquals(
                    "no_claim",
                    load(Map.of(), "--flink." + key, "no_claim")
                            .flinkOverrides()
                            .get(key));
        }
        assertEquals(
                "flink.execution.savepoint.path is the former name of flink.execution.state-recovery.path: pass"
                        + " --flink.execution.state-recovery.path /sp/savepoint-1",
                error(Map.of(), "--flink.execution.savepoint.path", "/sp/savepoint-1"));
        assertThat(error(Map.of(), "--flink.execution.savepoint.path", "s3://AKIA:s3cret@bucket/sp"))
                .as("credentials in the path's URL")
                .endsWith("--flink.execution.state-recovery.path s3://******@bucket/sp")
                .doesNotContain("s3cret");
    }

    /** A file where a folder goes fails every write of the job, and the local run's --fresh deleted it. */
    @Test
    void aFolderKeyNamingAFileIsRefusedWithTheKey(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        for (String key : List.of("output.dir", "checkpoint.dir", "savepoint.dir", "local.dir")) {
            for (String value : List.of(file.toString(), "file://" + file)) {
                assertEquals(
                        key + " " + value + " (from --" + key + ") is a file, not a directory: give it a folder"
                                + " of its own",
                        error(Map.of(), "--" + key, value));
            }
        }
        assertEquals(
                dir.resolve("new").toString(),
                load(Map.of(), "--output.dir", dir.resolve("new").toString()).outputDir());
        assertEquals(
                "s3://bucket/out",
                load(Map.of(), "--checkpoint.dir", "s3://bucket/out")
                        .faultTolerance()
                        .checkpointDir());
    }

    /** Flink 2.2's compaction escapes such a path once more at each round: the merge never found its files. */
    @Test
    void aCompactedOutputFolderWhosePathAURIEscapesIsRefused() {
        for (String folder : List.of(
                "/home/me/my checkout/output",
                "/data/100%/output",
                "file:/data/a b",
                "file:///home/me/my checkout/output",
                "FILE://localhost/data/a b",
                "file:/data/a%20b")) {
            String message = error(Map.of(), "--output.dir", folder, "--sink.compaction.checkpoints", "30");
            assertTrue(message.startsWith("output.dir /"), message);
            assertTrue(message.contains("holds a character that a URI escapes"), message);
            assertTrue(message.contains("--sink.compaction.checkpoints 0"), message);
            // without compaction the folder is taken
            assertEquals(folder, load(Map.of(), "--output.dir", folder).outputDir());
        }
        assertEquals(
                "/data/out-put_2.0/~x",
                load(Map.of(), "--output.dir", "/data/out-put_2.0/~x", "--sink.compaction.checkpoints", "30")
                        .outputDir());
        assertEquals(
                "file:///data/output",
                load(Map.of(), "--output.dir", "file:///data/output", "--sink.compaction.checkpoints", "30")
                        .outputDir());
        assertEquals(
                "s3://bucket/my output",
                load(Map.of(), "--output.dir", "s3://bucket/my output", "--sink.compaction.checkpoints", "30")
                        .outputDir());
    }

    @Test
    void saslWithoutJaasConfigIsRejected() {
        assertTrue(
                error(Map.of(), "--kafka.security.protocol", "SASL_PLAINTEXT").contains("kafka.sasl.jaas.config"));
    }

    @Test
    void aKeywordMinimumLongerThanAKeywordCanBeIsRefused() {
        // above 40 no word passed both bounds: word_frequency stayed empty without a word
        assertTrue(error(Map.of(), "--keywords.min-length", "41").contains("keywords.min-length"));
        assertEquals(
                40,
                PipelineConfig.load(List.of("--keywords.min-length", "40"), Map.of())
                        .tickets()
                        .keywordMinLength());
    }

    /**
     * Durations Kafka or Flink take within bounds of their own: a startup timeout of 25 days wrapped to a
     * negative int of milliseconds that Kafka refused (naming its own setting), 30-day transaction timeouts
     * made every sink writer fail at start (a job restarting over and over), and Flink refused checkpoints
     * under 10 ms and a restart delay of 0 only when the job started.
     */
    @ParameterizedTest
    @CsvSource({
        "kafka.startup-timeout, 25d, 1ms to 24d (Kafka takes it in int milliseconds)",
        "kafka.transaction-max-timeout, 30d, 1ms to 24d (Kafka takes it in int milliseconds)",
        "sink.transaction-timeout, 25d, 1ms to 24d (Kafka takes it in int milliseconds)",
        "checkpoint.interval, 9ms, 10ms to 3650d (Flink's minimum for checkpoints)",
        "checkpoint.timeout, 5ms, 10ms to 3650d (Flink's minimum for checkpoints)",
        "kafka.startup-timeout, 4000d, 1ms to 24d (Kafka takes it in int milliseconds)",
        "checkpoint.interval, 0s, 10ms to 3650d (Flink's minimum for checkpoints)",
        "restart.delay, 0s, a positive duration"
    })
    void durationsOutsideWhatKafkaAndFlinkTakeAreRefusedWithTheKey(String key, String value, String expected) {
        assertThat(error(Map.of(), "--" + key, value))
                .contains("'" + key + "'")
                .contains("'" + value + "'")
                .contains(expected);
    }

    @Test
    void theBoundsOfDurationsKafkaAndFlinkTakeAreAccepted() {
        PipelineConfig atTheBounds = load(
                Map.of(),
                "--kafka.startup-timeout",
                "24d",
                "--checkpoint.interval",
                "10ms",
                "--checkpoint.timeout",
                "10ms",
                "--kafka.transaction-max-timeout",
                "24d",
                "--restart.delay",
                "1ms",
                "--restart.max-delay",
                "1ms");
        assertEquals(Duration.ofDays(24), atTheBounds.kafka().startupTimeout());
        assertEquals(Duration.ofMillis(10), atTheBounds.faultTolerance().checkpointInterval());
        assertEquals(Duration.ofMillis(10), atTheBounds.faultTolerance().checkpointTimeout());
        assertEquals(Duration.ofDays(24), atTheBounds.kafka().transactionMaxTimeout());
        assertEquals(Duration.ofMillis(1), atTheBounds.faultTolerance().restartDelay());
    }

    @Test
    void durationsAcceptTheDocumentedUnits() {
        assertEquals(Duration.ofMillis(500), PipelineConfig.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), PipelineConfig.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(5), PipelineConfig.parseDuration("5min"));
        assertEquals(Duration.ofHours(2), PipelineConfig.parseDuration("2h"));
        assertEquals(Duration.ofDays(7), PipelineConfig.parseDuration("7d"));
        assertEquals(null, PipelineConfig.parseDuration("soon"));
        // too long for a long, or for milliseconds: not a duration, never an exception
        assertEquals(null, PipelineConfig.parseDuration("99999999999999999999s"));
        assertEquals(null, PipelineConfig.parseDuration("9223372036854775807s"));
        assertEquals(null, PipelineConfig.parseDuration("999999999999999d"));
        // nor as a System.nanoTime deadline: --progress-interval 200000d failed after Kafka was asked, and a
        // duration near what nanoseconds count overflowed now plus it
        assertEquals(Duration.ofDays(3650), PipelineConfig.parseDuration("3650d"));
        assertEquals(null, PipelineConfig.parseDuration("3651d"));
        assertEquals(null, PipelineConfig.parseDuration("106751d"));
        assertEquals(null, PipelineConfig.parseDuration("200000d"));
    }

    @Test
    void eventTimeLimitsTheWindowGuardCannotHoldAreRefused() {
        // window ends must be positive, and the windows ahead of the clock a drain can emit fewer than the
        // guard keeps per key
        assertEquals(
                "limits.event-time.min (1969-12-31T23:59:59Z) must not be before 1970-01-01T00:00:00Z",
                error(Map.of(), "--limits.event-time.min", "1969-12-31T23:59:59Z"));
        // a year Instant reads but epoch milliseconds cannot hold, and a floor after every record's time
        assertThat(error(Map.of(), "--limits.event-time.min", "+300000000-01-01T00:00:00Z"))
                .startsWith("limits.event-time.min (+300000000-01-01T00:00:00Z) must not be after the clock (")
                .endsWith("): only records dated ahead of the clock would pass");
        assertThat(error(Map.of(), "--limits.event-time.min", "2999-01-01T00:00:00Z"))
                .startsWith("limits.event-time.min (2999-01-01T00:00:00Z) must not be after the clock");
        assertEquals(
                "limits.event-time.max-ahead (2h) spans 7202 windows of window.tickets.size (1s): the job"
                        + " remembers at most 4096 windows ahead of the clock per key. Lower the one or raise the other.",
                error(Map.of(), "--limits.event-time.max-ahead", "2h", "--window.tickets.size", "1s"));
        // at the bound: 4,094 s ahead spans 4,096 windows of 1 s (the ratio and a partial window at each side)
        assertEquals(
                Duration.ofSeconds(4094),
                load(Map.of(), "--limits.event-time.max-ahead", "4094s", "--window.tickets.size", "1s")
                        .limits()
                        .maxEventTimeAhead());
        assertEquals(
                "limits.event-time.max-ahead (4095s) spans 4097 windows of window.tickets.size (1s): the job"
                        + " remembers at most 4096 windows ahead of the clock per key. Lower the one or raise the other.",
                error(Map.of(), "--limits.event-time.max-ahead", "4095s", "--window.tickets.size", "1s"));
        assertEquals(
                "window.guard-retention (1h) must be at least twice the larger window size (1h): a key's last window"
                        + " must still be remembered when its next one is emitted",
                error(Map.of(), "--window.guard-retention", "1h", "--window.tracks.size", "1h"));
        assertEquals(
                Duration.ofHours(2),
                load(Map.of(), "--window.guard-retention", "2h").eventTime().guardRetention());
        assertEquals(
                Duration.ofSeconds(1),
                load(Map.of(), "--window.tracks.size", "1s", "--limits.event-time.min", "1970-01-01T00:00:00Z")
                        .eventTime()
                        .tracksWindow());
    }

    @Test
    void aFormattedDurationReadsBackAsItself() {
        assertEquals("1min", PipelineConfig.formatDuration(Duration.ofMinutes(1)));
        assertEquals("90s", PipelineConfig.formatDuration(Duration.ofSeconds(90)));
        assertEquals("1500ms", PipelineConfig.formatDuration(Duration.ofMillis(1500)));
        assertEquals("0ms", PipelineConfig.formatDuration(Duration.ZERO));
        for (long ms :
                new long[] {0, 1, 999, 1000, 59_000, 60_000, 3_600_000, 86_400_000, 90_061_001, 7 * 86_400_000L}) {
            Duration d = Duration.ofMillis(ms);
            assertEquals(d, PipelineConfig.parseDuration(PipelineConfig.formatDuration(d)));
        }
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("KAFKA_BOOTSTRAP_SERVERS", RawConfig.envName("kafka.bootstrap.servers"));
        assertEquals("WINDOW_ALLOWED_LATENESS", RawConfig.envName("window.allowed-lateness"));
    }

    @Test
    void operationsSettingsHaveDefaultsAndAreValidated() {
        PipelineConfig c = PipelineConfig.defaults();
        assertEquals("http://localhost:8081", c.operations().flinkRest().toString());
        assertEquals(Duration.ofMinutes(10), c.operations().timeout());
        assertEquals("", c.operations().jobJar());
        assertEquals(3, c.operations().snapshotsRetained());
        assertEquals("./.local", c.localDir());

        PipelineConfig env = load(Map.of("OPS_FLINK_REST", "http://jobmanager:8081", "SNAPSHOTS_RETAINED", "5"));
        assertEquals("jobmanager", env.operations().flinkRest().getHost());
        assertEquals(5, env.operations().snapshotsRetained());

        assertThat(error(Map.of(), "--snapshots.retained", "0"))
                .isEqualTo("Invalid value '0' for 'snapshots.retained' (from --snapshots.retained): "
                        + "expected a whole number from 1 to 1000");
        assertThat(error(Map.of("OPS_FLINK_REST", "jobmanager:8081")))
                .isEqualTo("Invalid value 'jobmanager:8081' for 'ops.flink-rest' (from env OPS_FLINK_REST): "
                        + "expected an http:// or https:// URL such as http://localhost:8081");
        assertThat(error(Map.of(), "--ops.timeout", "0s")).contains("'ops.timeout'");
    }
}
