package io.streamlab.pipeline.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.KafkaWiring;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.connector.kafka.sink.AdminClosingKafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's exactly-once Kafka sinks leave no Kafka admin client behind: not after a restart of their
 * tasks, not after the job ends, not when a start fails. Before {@link AdminClosingKafkaSink}, every
 * start of a sink subtask leaked one admin client, a thread and its connections, for the life of the
 * TaskManager.
 */
class AdminClosingKafkaSinkITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final int PARALLELISM = 2;
    private static final int RESTARTS = 3;

    /** Per subtask, the attempt number of its latest start and of its latest record; shared with the tasks. */
    static final AtomicIntegerArray OPENED_ATTEMPT = new AtomicIntegerArray(PARALLELISM);

    static final AtomicIntegerArray PROCESSING_ATTEMPT = new AtomicIntegerArray(PARALLELISM);

    @TempDir
    Path work;

    @Test
    void restartsAndTheEndOfTheJobCloseEveryAdminClientTheSinksOpened() throws Exception {
        PipelineConfig config = restartingQuickly(10);
        String topic = "admin-closing-" + Long.toHexString(System.nanoTime());
        KAFKA.broker().createTopic(topic, PARALLELISM);
        long before = adminClientThreads();

        for (int subtask = 0; subtask < PARALLELISM; subtask++) {
            OPENED_ATTEMPT.set(subtask, -1);
            PROCESSING_ATTEMPT.set(subtask, -1);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        env.fromSource(new NumberSequenceSource(0, Long.MAX_VALUE), WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(new FailWhileAttemptsLeft())
                .uid("fail-while-attempts-left")
                .sinkTo(KafkaWiring.exactlyOnceSink(
                        config,
                        "admin-closing",
                        KafkaRecordSerializationSchema.<String>builder()
                                .setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build(),
                        config.limits().maxSinkRecordBytes()))
                .uid("to-kafka");
        JobClient job = env.executeAsync("admin-closing-kafka-sink-itcase");

        // every subtask processes records of its latest attempt, so every writer of it is initialised
        TestPipelines.await(
                RESTARTS + " restarts, then every subtask processing",
                Duration.ofSeconds(120),
                () -> OPENED_ATTEMPT.get(0) == RESTARTS
                        && processingLatestAttempt()
                        && TestPipelines.status(job) == JobStatus.RUNNING);
        // the running writers hold one each, opened to list lingering transactions at start; the
        // writers of the earlier attempts closed theirs (a closed client's thread ends a moment later)
        TestPipelines.await(
                "one admin client per sink subtask after " + RESTARTS + " restarts, not one per start",
                Duration.ofSeconds(30),
                () -> adminClientThreads() - before == PARALLELISM);

        TestPipelines.await(
                "a transaction of the sink committed",
                Duration.ofSeconds(60),
                () -> !KafkaTopics.readCommitted(KAFKA.bootstrapServers(), topic)
                        .isEmpty());

        job.cancel().get(30, TimeUnit.SECONDS);
        TestPipelines.await(
                "the job cancelled", Duration.ofSeconds(30), () -> TestPipelines.status(job) == JobStatus.CANCELED);
        TestPipelines.await(
                "no admin client left once the job ended",
                Duration.ofSeconds(30),
                () -> adminClientThreads() == before);
    }

    /**
     * A writer lists lingering transactions with its admin client when it starts; with the broker
     * unreachable that times out, and the writer closes itself and throws before the sink returns it.
     */
    @Test
    void startsThatFailWhileListingTransactionsCloseTheirAdminClients() throws Exception {
        int failedStarts = 3;
        PipelineConfig config = restartingQuickly(failedStarts - 1);
        Properties producer =
                KafkaWiring.exactlyOnceProducer(config, config.limits().maxSinkRecordBytes());
        // fail the listing in a second, not the default minute
        producer.setProperty("request.timeout.ms", "1000");
        producer.setProperty("default.api.timeout.ms", "1000");
        long before = adminClientThreads();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        env.fromSource(new NumberSequenceSource(0, 1_000), WatermarkStrategy.noWatermarks(), "numbers")
                .uid("numbers")
                .map(Object::toString)
                .uid("to-text")
                .sinkTo(AdminClosingKafkaSink.exactlyOnce(
                        "localhost:" + closedPort(),
                        producer,
                        config.job().name() + "-unreachable",
                        KafkaRecordSerializationSchema.<String>builder()
                                .setTopic("unreachable")
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build(),
                        TransactionNamingStrategy.POOLING))
                .uid("to-unreachable-kafka");
        JobClient job = env.executeAsync("admin-closing-kafka-sink-failed-starts-itcase");

        TestPipelines.await(
                "the job failed after " + failedStarts + " starts of its sink",
                Duration.ofSeconds(120),
                () -> TestPipelines.status(job) == JobStatus.FAILED);
        assertThat(job.getJobExecutionResult())
                .failsWithin(Duration.ofSeconds(30))
                .withThrowableThat()
                .havingRootCause()
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        // without the closing writer: one client per subtask and start, failedStarts * PARALLELISM
        TestPipelines.await(
                "no admin client left by the failed starts",
                Duration.ofSeconds(30),
                () -> adminClientThreads() == before,
                () -> adminClientThreads() - before + " left");
    }

    /** The job at {@link #PARALLELISM}, restarting at most {@code attempts} times, 100–200 ms apart. */
    private PipelineConfig restartingQuickly(int attempts) {
        return TestPipelines.config(
                KAFKA.bootstrapServers(),
                work,
                "--restart.attempts",
                Integer.toString(attempts),
                "--restart.delay",
                "100ms",
                "--restart.max-delay",
                "200ms",
                "--job.parallelism",
                Integer.toString(PARALLELISM));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean processingLatestAttempt() {
        for (int subtask = 0; subtask < PARALLELISM; subtask++) {
            if (OPENED_ATTEMPT.get(subtask) < 0 || PROCESSING_ATTEMPT.get(subtask) != OPENED_ATTEMPT.get(subtask)) {
                return false;
            }
        }
        return true;
    }

    /** Each Kafka admin client runs one network thread, named after the client. */
    private static long adminClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("kafka-admin-client-thread"))
                .count();
    }

    /** Passes numbers on as text, ~1,000/s per subtask; subtask 0 fails its first attempts. */
    static final class FailWhileAttemptsLeft extends RichMapFunction<Long, String> {
        private static final long serialVersionUID = 1L;
        private transient int subtask;
        private transient int attempt;

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            OPENED_ATTEMPT.set(subtask, attempt);
        }

        @Override
        public String map(Long value) throws Exception {
            PROCESSING_ATTEMPT.set(subtask, attempt);
            if (value % 100 == 0) {
                Thread.sleep(100);
            }
            if (subtask == 0 && attempt < RESTARTS && value % 1_000 == 999) {
                throw new IllegalStateException("injected failure in attempt " + attempt);
            }
            return Long.toString(value);
        }
    }
}
