package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The sinks' producers take every record the job lets through to them. */
class KafkaWiringTest {

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
}
