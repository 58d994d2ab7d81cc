package io.streamlab.pipeline.e2e.bench;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.PlainConsumer;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.job.tickets.TestTickets;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Tickets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the ticket pipeline against the fastest possible reader on this machine: a plain
 * KafkaConsumer that parses every record with {@link Tickets#parse}. Not part of the test suite (the
 * name matches neither surefire's nor failsafe's patterns; it prints figures and only checks that every
 * ticket was counted). Run it with
 *
 * <pre>./mvnw -B -o -pl e2e-tests -am verify -Dit.test=TicketPipelineBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dbench.tickets=500000</pre>
 *
 * and read the figures in {@code flink-job/target/failsafe-reports/*TicketPipelineBenchmark-output.txt}
 * (lines starting with {@code RESULT}). Both readers run twice in the same JVM and the second (warm) pass
 * is reported. The pipeline is the whole job as deployed: bounded Kafka source on the 3 partitions,
 * validation, enrichment with keywords, routing to the three exactly-once team topics,
 * {@code tickets_enriched}, the three windowed datasets and the dead letters, checkpointing every 10 s,
 * parallelism 2 (broker, producer and Flink share the same JVM and the 2 cores).
 */
class TicketPipelineBenchmark {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final long T0 = Instant.parse("2025-03-04T00:00:00Z").toEpochMilli();

    @TempDir
    Path work;

    @Test
    void ticketPipelineAgainstAPlainConsumer() throws Exception {
        int count = Integer.getInteger("bench.tickets", 500_000);
        PipelineConfig base = TestPipelines.config(KAFKA.bootstrapServers(), work);
        KafkaTopics.createAll(KAFKA.broker(), base);
        long[] bytes = new long[1];
        long published = publish(base.topics().tickets(), count, bytes);
        System.out.printf(
                "%nPublished %,d tickets (%,d bytes of JSON, %d per ticket on average) in %.1f s "
                        + "(%,.0f records/s)%n",
                count, bytes[0], bytes[0] / count, published / 1e9, count / (published / 1e9));

        double consumer = 0;
        for (int pass = 1; pass <= 2; pass++) {
            consumer = PlainConsumer.rate(
                    KAFKA.bootstrapServers(),
                    base.topics().tickets(),
                    count,
                    value -> Tickets.parse(value, base.limits(), System.currentTimeMillis()));
            System.out.printf("Plain KafkaConsumer + Tickets.parse, pass %d: %,.0f records/s%n", pass, consumer);
        }
        double pipeline = 0;
        double withSubmission = 0;
        for (int pass = 1; pass <= 2; pass++) {
            Path run = work.resolve("run-" + pass);
            PipelineConfig config = TestPipelines.config(
                    KAFKA.bootstrapServers(),
                    run,
                    "--job.bounded",
                    "true",
                    "--checkpoint.interval",
                    "10s",
                    "--checkpoint.min-pause",
                    "1s");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
            PipelineJob.prepare(env, config);
            long start = System.nanoTime();
            JobExecutionResult result = env.execute("ticket-benchmark-" + pass);
            double seconds = (System.nanoTime() - start) / 1e9;
            double running = result.getNetRuntime() / 1e3;
            pipeline = count / running;
            withSubmission = count / seconds;
            Path output = Path.of(config.outputDir());
            long byType = ParquetDatasets.read(output, "stats_by_type").stream()
                    .mapToLong(r -> ParquetDatasets.lng(r, "ticket_count"))
                    .sum();
            long byTeam = ParquetDatasets.read(output, "stats_by_team").stream()
                    .mapToLong(r -> ParquetDatasets.lng(r, "ticket_count"))
                    .sum();
            if (byType != count || byTeam != count) {
                throw new AssertionError(
                        "stats count " + byType + " (type) and " + byTeam + " (team) tickets, expected " + count);
            }
            System.out.printf(
                    "Flink ticket pipeline (p=2, exactly-once, checkpoints every 10 s), pass %d: %,.0f "
                            + "records/s over the job's run time (%.1f s); %,.0f records/s including submission (%.1f s)%n",
                    pass, pipeline, running, withSubmission, seconds);
        }
        System.out.printf(
                "RESULT tickets=%d consumer=%.0f/s pipeline=%.0f/s ratio=%.2f%n%n",
                count, consumer, pipeline, pipeline / consumer);
    }

    /** Generates while sending, so 500,000 tickets never sit in memory together. */
    private long publish(String topic, int count, long[] bytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(1);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                // 20 tickets per second of event time: 500,000 tickets span ~7 h, 417 one-minute windows
                TestTickets.Generated g = TestTickets.next("B-" + i, random, T0 + i * 50L, TestTickets.TYPES);
                bytes[0] += g.json().length;
                producer.send(new ProducerRecord<>(topic, g.ticketId().getBytes(StandardCharsets.UTF_8), g.json()));
            }
            producer.flush();
        }
        return System.nanoTime() - start;
    }
}
