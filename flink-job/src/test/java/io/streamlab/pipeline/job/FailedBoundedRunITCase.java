package io.streamlab.pipeline.job;

import static io.streamlab.pipeline.job.testing.ParquetDatasets.lng;
import static io.streamlab.pipeline.job.testing.ParquetDatasets.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.datasets.CommittedFiles;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.testing.InMemory;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TicketOrError;
import io.streamlab.pipeline.job.tracks.TestTracks;
import io.streamlab.pipeline.job.tracks.TrackOrError;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded (BATCH) run whose ticket input fails after the track statistics were committed: what the
 * README's "Backfilling history" says about exactly-once in BATCH mode. Each sink commits once, when its
 * own input has ended; a failure the job recovers from commits nothing twice, and one it does not
 * recover from leaves what had finished committed and nothing of the part that failed.
 */
class FailedBoundedRunITCase {
    static final int TRACKS = 300;
    static final int TICKETS = 200;
    static final int FAIL_AT = 150;
    static final long WAIT_MILLIS = 60_000;
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @TempDir
    Path work;

    @Test
    void aFailureTheJobRecoversFromCommitsNothingTwice() throws Exception {
        PipelineConfig config = config("recovered-", "--restart.attempts", "2", "--restart.delay", "1s");
        FAILED_ONCE.set(false);
        String output = config.outputDir();

        run(config, index -> {
            if (index == FAIL_AT && FAILED_ONCE.compareAndSet(false, true)) {
                awaitTrackStatsCommitted(output);
                throw new IllegalStateException("injected failure at ticket " + FAIL_AT);
            }
        });

        assertThat(FAILED_ONCE).as("the ticket input failed once").isTrue();
        assertTrackStatsCompleteAndOnce(config);
        List<GenericRecord> enriched = ParquetDatasets.read(Path.of(output), Dataset.TICKETS_ENRICHED.folder());
        assertThat(enriched.stream().map(r -> str(r, "ticket_id")).distinct())
                .as("every ticket once in tickets_enriched")
                .hasSize(TICKETS)
                .hasSameSizeAs(enriched);
        assertThat(ParquetDatasets.read(Path.of(output), Dataset.STATS_BY_TYPE.folder()).stream()
                        .mapToLong(r -> lng(r, "ticket_count"))
                        .sum())
                .as("every ticket counted once")
                .isEqualTo(TICKETS);
        assertThat(KafkaTopics.ticketsByTopic(
                        KAFKA.bootstrapServers(), config.routing().teamTopics().values()))
                .as("every ticket once in the team topics (a ticket twice fails the read)")
                .hasSize(TICKETS);
    }

    @Test
    void aFailureForGoodLeavesWhatHadFinishedCommittedAndNothingOfThePartThatFailed() throws Exception {
        PipelineConfig config = config("failed-", "--restart.attempts", "0");
        String output = config.outputDir();

        assertThatThrownBy(() -> run(config, index -> {
                    if (index == FAIL_AT) {
                        awaitTrackStatsCommitted(output);
                        throw new IllegalStateException("injected failure at ticket " + FAIL_AT);
                    }
                }))
                .isInstanceOf(JobExecutionException.class);

        assertTrackStatsCompleteAndOnce(config);
        for (Dataset ticketDataset : List.of(
                Dataset.TICKETS_ENRICHED, Dataset.STATS_BY_TYPE, Dataset.STATS_BY_TEAM, Dataset.WORD_FREQUENCY)) {
            assertThat(CommittedFiles.of(Path.of(output), ticketDataset).committed())
                    .as(ticketDataset + ": nothing of the failed part committed")
                    .isEmpty();
        }
        for (String topic : config.routing().teamTopics().values()) {
            assertThat(KafkaTopics.readCommitted(KAFKA.bootstrapServers(), topic))
                    .as(topic + ": no ticket of the failed part committed")
                    .isEmpty();
        }
    }

    private PipelineConfig config(String topicPrefix, String... extra) {
        List<String> args = new ArrayList<>(List.of("--job.bounded", "true"));
        args.addAll(TestPipelines.topicArgs(topicPrefix));
        args.addAll(List.of(extra));
        PipelineConfig config = TestPipelines.config(KAFKA.bootstrapServers(), work, args.toArray(String[]::new));
        KafkaTopics.createAll(KAFKA.broker(), config);
        return config;
    }

    private static void run(PipelineConfig config, InMemory.Hook ticketHook) throws Exception {
        List<byte[]> tracks = TestTracks.generate(TRACKS, 1_700_000_000L, 1000, 5).stream()
                .map(Json::write)
                .toList();
        List<byte[]> tickets = TestTickets.generate("F-", TICKETS, 1_700_000_000_000L, 1500, 9).stream()
                .map(TestTickets.Generated::json)
                .toList();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.build(
                env,
                config,
                new PipelineJob.Sources(
                        InMemory.source(config.topics().tracks(), tracks, TrackOrError.deserializer(config.limits())),
                        InMemory.hookedSource(
                                config.topics().tickets(),
                                tickets,
                                TicketOrError.deserializer(config.limits()),
                                ticketHook)),
                KafkaWiring.sinks(config));
        env.execute("failed-bounded-run");
    }

    /**
     * Inside the ticket source: the failure comes after a sink of the other input has committed, every
     * subtask of it (each committer commits on its own; the failure would cancel one still renaming).
     */
    private static void awaitTrackStatsCommitted(String output) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (ParquetDatasets.read(Path.of(output), Dataset.GENRE_STATS.folder()).stream()
                        .mapToLong(r -> lng(r, "track_count"))
                        .sum()
                < TRACKS) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("genre_stats did not count every track within " + WAIT_MILLIS + " ms");
            }
            Thread.sleep(50);
        }
    }

    private static void assertTrackStatsCompleteAndOnce(PipelineConfig config) {
        List<GenericRecord> genres = ParquetDatasets.read(Path.of(config.outputDir()), Dataset.GENRE_STATS.folder());
        assertThat(genres.stream()
                        .map(r -> lng(r, "window_start") + "|" + str(r, "genre"))
                        .distinct())
                .as("one genre_stats row per window and genre")
                .hasSameSizeAs(genres);
        assertThat(genres.stream().mapToLong(r -> lng(r, "track_count")).sum())
                .as("every track counted once")
                .isEqualTo(TRACKS);
    }
}
