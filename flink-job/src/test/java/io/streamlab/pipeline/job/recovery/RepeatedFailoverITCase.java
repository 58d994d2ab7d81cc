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
 */
class RepeatedFailoverITCase {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Restarts before the threads are counted: pools that grow lazily have grown by then. */
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

        failOver(job, config, 0);
        for (int restart = 1; restart <= WARM_UP_RESTARTS; restart++) {
            failOver(job, config, restart);
        }
        Map<String, Integer> before = threadsByKind();
        for (int restart = WARM_UP_RESTARTS + 1; restart <= WARM_UP_RESTARTS + MEASURED_RESTARTS; restart++) {
            failOver(job, config, restart);
        }
        // a closed client's thread ends a moment after its close returns: wait, but not forever. A leak
        // of one thread per restart, even in one subtask only, adds MEASURED_RESTARTS threads
        try {
            TestPipelines.await(
                    "fewer than one more thread per restart after " + MEASURED_RESTARTS + " more restarts",
                    Duration.ofSeconds(30),
                    () -> total(threadsByKind()) - total(before) < MEASURED_RESTARTS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + changed(before, threadsByKind()), e);
        }
        job.cancel().get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until the job runs attempt {@code attempt} and has checkpointed in it (so every task is
     * running and initialised), then, unless it is the last, arms a failure and publishes a ticket.
     */
    private void failOver(JobClient job, PipelineConfig config, int attempt) throws Exception {
        if (attempt > 0) {
            FAILURES_ARMED.set(1);
            KafkaTopics.publishInputs(
                    KAFKA.bootstrapServers(),
                    config,
                    List.of(),
                    TestTickets.generate("failover-" + attempt + "-", 1, System.currentTimeMillis(), 1, attempt));
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
     * except the cached pools whose size follows the load and whose idle threads expire: Flink's pool for
     * asynchronous snapshots, its REST handlers (this test polls the job's status) and the test broker's
     * scheduler.
     */
    private static Map<String, Integer> threadsByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String kind = t.getName().replaceAll("[0-9]+", "N");
            if (t.isAlive() && ELASTIC_POOLS.stream().noneMatch(kind::startsWith)) {
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    private static final List<String> ELASTIC_POOLS =
            List.of("AsyncOperations-thread-", "Flink-DispatcherRestEndpoint-thread-", "kafka-scheduler-");

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

    private static int total(Map<String, Integer> kinds) {
        return kinds.values().stream().mapToInt(Integer::intValue).sum();
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
