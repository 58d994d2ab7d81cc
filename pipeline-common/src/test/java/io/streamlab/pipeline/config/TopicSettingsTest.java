package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.records.DeadLetter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The topics are created to take the largest record the job accepts or writes. */
class TopicSettingsTest {
    private static PipelineConfig load(String... args) {
        return PipelineConfig.load(List.of(args), Map.of());
    }

    @Test
    void theDefaultsKeepKafkasOwnLimitAndTheRetention() {
        PipelineConfig config = load();
        assertThat(TopicSettings.maxMessageBytes(config))
                .isGreaterThanOrEqualTo(TopicSettings.KAFKA_DEFAULT_MAX_MESSAGE_BYTES)
                .isGreaterThanOrEqualTo(config.limits().maxSinkRecordBytes());
        assertThat(TopicSettings.forCreation(config))
                .containsEntry(
                        "retention.ms",
                        Long.toString(config.topics().retention().toMillis()))
                .containsKey("max.message.bytes");
    }

    @Test
    void raisedBoundsRaiseTheTopicsLimit() {
        // the key (an id of limits.id.max-chars, 3 bytes a character at most) on top of the value
        assertThat(TopicSettings.forCreation(load("--sink.max-record-bytes", "5000000")))
                .containsEntry(
                        "max.message.bytes",
                        Integer.toString(5_000_000 + 3 * 128 + TopicSettings.RECORD_OVERHEAD_BYTES));
        assertThat(TopicSettings.forCreation(
                        load("--limits.record.max-bytes", "7000000", "--limits.id.max-chars", "2000")))
                .containsEntry(
                        "max.message.bytes", Integer.toString(7_000_000 + 6_000 + TopicSettings.RECORD_OVERHEAD_BYTES));
        assertThat(TopicSettings.maxMessageBytes(load("--sink.max-record-bytes", Integer.toString(Integer.MAX_VALUE))))
                .as("no overflow")
                .isEqualTo(Integer.MAX_VALUE);
    }

    /**
     * A topic whose settings cannot be read (no answer here; a client without DescribeConfigs alike) is not
     * checked, and the warning names the bound it was not checked against.
     */
    @Test
    void aTopicWhoseSettingsCannotBeReadIsAWarningNamingItsBound() throws Exception {
        int nothingListens;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nothingListens = probe.getLocalPort();
        }
        PipelineConfig config = load("--kafka.startup-timeout", "100ms");
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + nothingListens,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000))) {
            assertThat(TopicSettings.checkInputTopic(config, admin, "tickets-in"))
                    .singleElement()
                    .asString()
                    .startsWith("Could not read the max.message.bytes of topic tickets-in (")
                    .endsWith("): not checked against limits.record.max-bytes ("
                            + config.limits().maxRecordBytes() + ")");
            assertThat(TopicSettings.checkOutputTopics(config, admin))
                    .hasSize(config.routing().teams().size() + 1)
                    .last()
                    .asString()
                    .contains("topic " + config.topics().deadLetters() + " (")
                    .endsWith("not checked against the largest dead letter (" + TopicSettings.maxDeadLetterRecordBytes()
                            + " bytes)");
        }
    }

    @Test
    void theDeadLetterSinkTakesTheLargestDeadLetterWhateverTheSinkBound() {
        int largest = DeadLetter.MAX_JSON_BYTES + TopicSettings.RECORD_OVERHEAD_BYTES;
        assertThat(TopicSettings.maxDeadLetterRecordBytes()).isEqualTo(largest);
        assertThat(TopicSettings.maxMessageBytes(load("--sink.max-record-bytes", "1024")))
                .as("the topics are created to take it")
                .isGreaterThanOrEqualTo(largest);
    }
}
