package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.KafkaReachability;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.job.sinks.ForgottenTransactionsCommitter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.sink.AdminClosingKafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.DeletedRecordsReportingKafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The sinks' producers take every record the job lets through to them, under ids no other run aborts. */
class KafkaWiringTest {

    @Test
    void aBackfillBesideTheLiveJobUsesTransactionalIdsThatNeitherAbortsOfTheOther() {
        PipelineConfig live = PipelineConfig.load(List.of(), Map.of());
        PipelineConfig backfill =
                PipelineConfig.load(List.of("--job.bounded", "true", "--output.dir", "/data/backfill-2023"), Map.of());
        List<String> prefixes = new java.util.ArrayList<>();
        for (PipelineConfig config : List.of(live, backfill)) {
            for (String sink : List.of("team-incident", "team-support_general", "dead-letters")) {
                prefixes.add(KafkaWiring.transactionalIdPrefix(config, sink));
            }
        }
        assertThat(prefixes)
                .containsExactly(
                        "spotify-tickets-pipeline-team-incident",
                        "spotify-tickets-pipeline-team-support_general",
                        "spotify-tickets-pipeline-dead-letters",
                        "spotify-tickets-pipeline-backfill-team-incident",
                        "spotify-tickets-pipeline-backfill-team-support_general",
                        "spotify-tickets-pipeline-backfill-dead-letters");
        // a sink aborts the open transactions whose ids start with its prefix: none may start another's
        for (String a : prefixes) {
            for (String b : prefixes) {
                if (!a.equals(b)) {
                    assertThat(b)
                            .as("%s is not aborted by the sink of %s", b, a)
                            .doesNotStartWith(a);
                }
            }
        }
    }

    @Test
    void aSinksProducerTakesARecordOfItsWholeBound() {
        PipelineConfig config = PipelineConfig.load(List.of(), Map.of());
        for (int bound : new int[] {1024, 1 << 20, 32 << 20, 100 << 20, Integer.MAX_VALUE}) {
            Properties producer = KafkaWiring.exactlyOnceProducer(config, bound);
            // KafkaProducer refuses a record above max.request.size, and one above buffer.memory
            assertThat(Long.parseLong(producer.getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)))
                    .isEqualTo(bound);
            assertThat(Long.parseLong(producer.getProperty(ProducerConfig.BUFFER_MEMORY_CONFIG)))
                    .as("buffer.memory for a bound of %d", bound)
                    .isGreaterThan(bound)
                    .isGreaterThanOrEqualTo(32L << 20);
        }
    }

    /**
     * The README's promise that the security settings apply to every client of the job: the sources'
     * consumers, the sinks' producers, the committers' admin clients and the start-up checks' admin client.
     * Every test broker is PLAINTEXT, so only this would see a client built without them.
     */
    @Test
    void everyKafkaClientOfTheJobCarriesTheSecuritySettings() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--kafka.security.protocol", "SASL_SSL",
                        "--kafka.sasl.mechanism", "PLAIN",
                        "--kafka.sasl.jaas.config", jaas,
                        "--kafka.ssl.truststore.location", "/etc/kafka/truststore.jks",
                        "--kafka.ssl.truststore.password", "changeit"),
                Map.of());
        Map<String, String> security = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas,
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "ssl.truststore.password", "changeit");

        Properties consumer = ((DeletedRecordsReportingKafkaSource<String>) KafkaWiring.source(
                        config,
                        config.topics().tracks(),
                        KafkaRecordDeserializationSchema.valueOnly(new SimpleStringSchema())))
                .consumerProperties();
        Properties producer = ((AdminClosingKafkaSink<String>) KafkaWiring.exactlyOnceSink(
                        config,
                        "team-incident",
                        KafkaRecordSerializationSchema.<String>builder()
                                .setTopic("t")
                                .setValueSerializationSchema(new SimpleStringSchema())
                                .build(),
                        1 << 20))
                .producerSettings();
        Map<String, Object> committerAdmin = ForgottenTransactionsCommitter.adminSettings(producer);
        Properties startupAdmin = KafkaReachability.adminProperties(config.kafka());

        for (Map<?, ?> client : List.of(consumer, producer, committerAdmin, startupAdmin)) {
            Map<String, String> settings = new java.util.HashMap<>();
            client.forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
            assertThat(settings)
                    .containsAllEntriesOf(security)
                    .containsEntry("bootstrap.servers", config.kafka().bootstrapServers());
        }
    }
}
