package io.streamlab.pipeline.job.recovery;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.KafkaWiring;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.job.tickets.TicketAnalytics;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.EnrichedTicket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Months of uptime mean many failovers in one TaskManager: every one restarts every task of the job in
 * the same JVM. The whole job, with its Kafka sources and transactional sinks and its Parquet sinks,
 * restarts again and again here, and the JVM's threads must not grow with the restarts: a resource that
 * a task opens and does not close (such as the Kafka connector's admin client, see
 * {@code AdminClosingKafkaSink}) leaves at least one thread per restart.
 *
 * <p>Threads are counted when no job runs: a running attempt holds threads whose number depends on the
 * timing of its start (Flink gives an input gate a timer thread when its upstream partition is not yet
 * there, and ends it with the gate; a transactional producer pool holds one producer per checkpoint in
 * flight), so counts taken between restarts differ by a few threads without any leak.
 */
class RepeatedFailoverITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Restarts of a first job, so that pools which grow lazily have grown before the threads are counted. */
    private static final int WARM_UP_RESTARTS = 2;

    private static final int MEASURED_RESTARTS = 4;

    /** Armed: the next ticket to reach {@code tickets_enriched} fails the job. Shared with the tasks. */
    static final AtomicInteger FAILURES_ARMED = new AtomicInteger();

    static final AtomicInteger FAILURES = new AtomicInteger();
    /** The latest checkpoint a writer of the failing sink took, and in which attempt. */
    static final AtomicLong CHECKPOINTED_ATTEMPT = new AtomicLong(-1);

    @TempDir
    Path work;

    @Test
    void restartsOfTheWholeJobLeaveNoThreadBehind() throws Exception {
        PipelineConfig config = TestPipelines.config(
                KAFKA.bootstrapServers(),
                work,
                "--restart.attempts",
                "100",
                "--restart.delay",
                "100ms",
                "--restart.max-delay",
                "200ms");
        KafkaTopics.createAll(KAFKA.broker(), config);

        runAndCancel(config, WARM_UP_RESTARTS);
        Map<String, Integer> before = threadsByKind();
        runAndCancel(config, MEASURED_RESTARTS);
        // a leak of one thread per restart, even in one subtask only, adds at least MEASURED_RESTARTS
        // threads of one kind (the second job starts more often than the first). A closed client's
        // thread ends a moment after its close returns: wait, but not forever
        TestPipelines.await(
                "no kind of thread with " + MEASURED_RESTARTS + " more after a job that restarted " + MEASURED_RESTARTS
                        + " times",
                Duration.ofSeconds(30),
                () -> largestGrowth(before, threadsByKind()) < MEASURED_RESTARTS,
                () -> changed(before, threadsByKind()));
    }

    /**
     * Runs the whole job, fails it over {@code restarts} times, cancels it and waits until its tasks and
     * their Kafka clients are gone.
     */
    private void runAndCancel(PipelineConfig config, int restarts) throws Exception {
        FAILURES_ARMED.set(0);
        FAILURES.set(0);
        CHECKPOINTED_ATTEMPT.set(-1);
        PipelineJob.Sinks production = KafkaWiring.sinks(config);
        TicketAnalytics.Sinks tickets = production.tickets();
        PipelineJob.Sinks sinks = new PipelineJob.Sinks(
                production.tracks(),
                new TicketAnalytics.Sinks(
                        new FailWhenArmed(),
                        tickets.teamTopics(),
                        tickets.statsByType(),
                        tickets.statsByTeam(),
                        tickets.wordFrequency()),
                production.deadLetterTopic(),
                production.deadLetterFiles());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.build(env, config, KafkaWiring.sources(config), sinks);
        JobClient job = env.executeAsync("repeated-failover-itcase");
        for (int attempt = 0; attempt <= restarts; attempt++) {
            failOver(job, config, attempt);
        }
        job.cancel().get(30, TimeUnit.SECONDS);
        TestPipelines.await(
                "the job cancelled", Duration.ofSeconds(30), () -> TestPipelines.status(job) == JobStatus.CANCELED);
        // admin clients too: a sink writer closes its client even when its start fails, as on a failover
        // or a cancel during that start, which a loaded machine makes likelier
        TestPipelines.await(
                "no thread of a task of the job, of its Kafka producers or of its admin clients left after it ended",
                Duration.ofSeconds(60),
                () -> jobThreads().isEmpty(),
                RepeatedFailoverITCase::jobThreads);
    }

    private static Map<String, Integer> jobThreads() {
        Map<String, Integer> left = threadsByKind();
        left.keySet().removeIf(kind -> !belongsToAJob(kind));
        return left;
    }

    /** Task threads are named after their task and subtask, {@code "… (1/2)#3"}, as are their helpers. */
    private static boolean belongsToAJob(String kind) {
        return kind.contains("(N/N)#N")
                || kind.startsWith("kafka-producer-network-thread")
                || kind.startsWith("kafka-admin-client-thread");
    }

    /**
     * Unless {@code attempt} is the first, arms a failure and publishes a ticket to set it off; then waits
     * until the job runs attempt {@code attempt} and has checkpointed in it (so every task is running and
     * initialised).
     */
    private void failOver(JobClient job, PipelineConfig config, int attempt) throws Exception {
        if (attempt > 0) {
            FAILURES_ARMED.set(1);
            KafkaTopics.publishInputs(
                    KAFKA.bootstrapServers(),
                    config,
                    List.of(),
                    TestTickets.generate(
                            "failover-" + System.nanoTime() + "-", 1, System.currentTimeMillis(), 1, attempt));
        }
        TestPipelines.await(
                "attempt " + attempt + " running and checkpointed",
                Duration.ofSeconds(90),
                () -> FAILURES.get() == attempt
                        && CHECKPOINTED_ATTEMPT.get() == attempt
                        && TestPipelines.status(job) == JobStatus.RUNNING);
    }

    /**
     * Live threads by name with digits dropped ({@code pool-3-thread-7} counts as {@code pool-N-thread-N}),
     * except the pools whose size follows the load: the cached ones, whose idle threads expire (Flink's
     * pool for asynchronous snapshots, its REST handlers, which serve this test's status polls, and the
     * test broker's scheduler), and Flink's fixed-size I/O and future pools, which start a thread per
     * task submitted until they are full, at a size set by the machine's cores.
     */
    private static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String kind = t.getName().replaceAll("[0-9]+", "N");
            if (t.isAlive() && POOLS_SIZED_BY_LOAD.stream().noneMatch(kind::startsWith)) {
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    private static final List<String> POOLS_SIZED_BY_LOAD = List.of(
            "AsyncOperations-thread-",
            "Flink-DispatcherRestEndpoint-thread-",
            "kafka-scheduler-",
            "mini-cluster-io-thread-",
            "jobmanager-io-thread-",
            "jobmanager-future-thread-",
            "flink-taskexecutor-io-thread-");

    private static Map<String, String> changed(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, String> changes = new TreeMap<>();
        for (String kind : union(before.keySet(), after.keySet())) {
            int from = before.getOrDefault(kind, 0);
            int to = after.getOrDefault(kind, 0);
            if (from != to) {
                changes.put(kind, from + " -> " + to);
            }
        }
        return changes;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static int largestGrowth(Map<String, Integer> before, Map<String, Integer> after) {
        return after.entrySet().stream()
                .mapToInt(kind -> kind.getValue() - before.getOrDefault(kind.getKey(), 0))
                .max()
                .orElse(0);
    }

    /** In place of {@code tickets_enriched}: discards, or fails the job once when armed. */
    static final class FailWhenArmed implements Sink<EnrichedTicket> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<EnrichedTicket> createWriter(WriterInitContext context) {
            int attempt = context.getTaskInfo().getAttemptNumber();
            return new SinkWriter<>() {
                @Override
                public void write(EnrichedTicket ticket, Context context) {
                    if (FAILURES_ARMED.compareAndSet(1, 0)) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("injected failure");
                    }
                }

                @Override
                public void flush(boolean endOfInput) {
                    CHECKPOINTED_ATTEMPT.set(attempt);
                }

                @Override
                public void close() {}
            };
        }
    }
}
