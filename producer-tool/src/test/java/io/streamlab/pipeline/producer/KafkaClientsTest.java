package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The publishing transactions' timeout (README, Publishing data): the delivery timeout plus 30 s, at least
 * 60 s, at most 10 min, below the brokers' default limit of 15 min.
 */
class KafkaClientsTest {
    @ParameterizedTest(name = "kafka.startup-timeout {0}: {1} ms")
    @CsvSource({
        // the default: delivery 30 s + 30 s request time (+10 ms), plus 30 s
        "30s, 90010",
        // a short delivery timeout: the floor of 60 s
        "1s, 60000",
        // a long one: the ceiling of 10 min
        "10min, 600000",
    })
    void isTheDeliveryTimeoutPlus30sWithinOneToTenMinutes(String startupTimeout, long expectedMillis) {
        PipelineConfig.Kafka kafka = PipelineConfig.load(List.of("--kafka.startup-timeout", startupTimeout), Map.of())
                .kafka();

        assertThat(KafkaClients.transactionTimeout(kafka)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest(name = "limits.record.max-bytes {0}, limits.id.max-chars {1}")
    @CsvSource({"1048576, 128", "4194304, 1000", "1024, 128"})
    void thePublishingProducerTakesTheLargestRecordTheLimitsAllow(int recordBytes, int idChars) {
        PipelineConfig config = PipelineConfig.load(
                List.of("--limits.record.max-bytes", "" + recordBytes, "--limits.id.max-chars", "" + idChars),
                Map.of());
        byte[] key = "\u0800".repeat(idChars).getBytes(StandardCharsets.UTF_8);
        int largest = AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.LZ4, key, new byte[recordBytes], new Header[] {
                    new RecordHeader("dataset", new byte[64])
                });

        Properties props = KafkaClients.producerProperties(config);

        assertThat((int) props.get("max.request.size")).isGreaterThanOrEqualTo(largest);
        assertThat((long) props.get("buffer.memory")).isGreaterThan((int) props.get("max.request.size"));
    }

    /** The README's promise that the security settings apply to every client of the producer-tool. */
    @org.junit.jupiter.api.Test
    void everyKafkaClientOfTheToolCarriesTheSecuritySettings() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";";
        PipelineConfig config = PipelineConfig.load(
                List.of(
                        "--kafka.security.protocol", "SASL_SSL",
                        "--kafka.sasl.mechanism", "SCRAM-SHA-512",
                        "--kafka.sasl.jaas.config", jaas,
                        "--kafka.ssl.truststore.location", "/etc/kafka/truststore.jks",
                        "--kafka.ssl.truststore.password", "changeit"),
                Map.of());
        Map<String, String> security = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas,
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "ssl.truststore.password", "changeit");

        for (Properties client : List.of(
                KafkaClients.producerProperties(config),
                KafkaClients.readerProperties(config.kafka()),
                KafkaClients.adminProperties(config.kafka()))) {
            Map<String, String> settings = new java.util.HashMap<>();
            client.forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
            assertThat(settings)
                    .containsAllEntriesOf(security)
                    .containsEntry("bootstrap.servers", config.kafka().bootstrapServers());
        }
    }
}
