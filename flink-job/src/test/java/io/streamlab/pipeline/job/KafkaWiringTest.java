package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
}
