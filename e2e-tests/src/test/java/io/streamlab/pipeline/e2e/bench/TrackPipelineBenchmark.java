package io.streamlab.pipeline.e2e.bench;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.FlinkSettings;
import io.streamlab.pipeline.job.PipelineJob;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.PlainConsumer;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Track;
import io.streamlab.pipeline.records.Tracks;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the track pipeline against the fastest possible reader on this machine: a plain
 * KafkaConsumer that parses every record. Not part of the test suite (it prints figures, it asserts
 * only that everything was read); run it with
 *
 * <pre>./mvnw -B -o -pl e2e-tests -am verify -Dit.test=TrackPipelineBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dbench.tracks=1000000</pre>
 *
 * Both readers run twice in the same JVM and the second (warm) pass is reported; the pipeline is the
 * whole job (bounded sources, every window, Parquet sinks, exactly-once checkpointing every 10 s).
 */
class TrackPipelineBenchmark {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path work;

    @Test
    void trackPipelineAgainstAPlainConsumer() throws Exception {
        int count = Integer.getInteger("bench.tracks", 1_000_000);
        PipelineConfig base = TestPipelines.config(KAFKA.bootstrapServers(), work, "--topic.partitions", "2");
        KafkaTopics.createAll(KAFKA.broker(), base);
        long published = publish(base.topics().tracks(), count);
        System.out.printf(
                "%nPublished %,d tracks in %.1f s (%,.0f records/s)%n",
                count, published / 1e9, count / (published / 1e9));

        double consumer = 0;
        for (int pass = 1; pass <= 2; pass++) {
            consumer =
                    PlainConsumer.rate(KAFKA.bootstrapServers(), base.topics().tracks(), count, Tracks::parse);
            System.out.printf("Plain KafkaConsumer + parse, pass %d: %,.0f records/s%n", pass, consumer);
        }
        double pipeline = 0;
        for (int pass = 1; pass <= 2; pass++) {
            Path run = work.resolve("run-" + pass);
            PipelineConfig config = TestPipelines.config(
                    KAFKA.bootstrapServers(),
                    run,
                    "--topic.partitions",
                    "2",
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
            var result = env.execute("track-benchmark-" + pass);
            double seconds = (System.nanoTime() - start) / 1e9;
            double running = result.getNetRuntime() / 1e3;
            pipeline = count / running;
            long rows = ParquetDatasets.read(Path.of(config.outputDir()), "genre_stats").stream()
                    .mapToLong(r -> ParquetDatasets.lng(r, "track_count"))
                    .sum();
            if (rows != count) {
                throw new AssertionError("genre_stats counts " + rows + " tracks, expected " + count);
            }
            System.out.printf(
                    "Flink track pipeline (p=2, checkpoints on), pass %d: %,.0f records/s over the job's "
                            + "run time (%.1f s); %,.0f records/s including submission (%.1f s)%n",
                    pass, pipeline, running, count / seconds, seconds);
        }
        System.out.printf(
                "RESULT tracks=%d consumer=%.0f/s pipeline=%.0f/s ratio=%.2f%n%n",
                count, consumer, pipeline, pipeline / consumer);
    }

    private long publish(String topic, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Random random = new Random(1);
        long start = System.nanoTime();
        long t0 = 1_700_000_000L;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String artists = "artist-" + random.nextInt(20_000)
                        + (random.nextInt(4) == 0 ? ";artist-" + random.nextInt(20_000) : "");
                Track t = Track.builder()
                        .trackId("trk" + i)
                        .artists(artists)
                        .albumName("album")
                        .trackName("track " + i)
                        .popularity(random.nextInt(101))
                        .durationMs(120_000 + random.nextInt(200_000))
                        .explicit(random.nextInt(12) == 0)
                        .danceability(random.nextDouble())
                        .energy(random.nextDouble())
                        .key(random.nextInt(12))
                        .loudness(-20 * random.nextDouble())
                        .mode(random.nextInt(2))
                        .speechiness(random.nextDouble())
                        .acousticness(random.nextDouble())
                        .instrumentalness(random.nextDouble())
                        .liveness(random.nextDouble())
                        .valence(random.nextDouble())
                        .tempo(60 + 120 * random.nextDouble())
                        .timeSignature(4)
                        .trackGenre("genre-" + random.nextInt(114))
                        .timestamp(t0 + i / 1000)
                        .recordId(i)
                        .build();
                producer.send(new ProducerRecord<>(topic, t.trackId().getBytes(), Json.write(t)));
            }
            producer.flush();
        }
        return System.nanoTime() - start;
    }
}
