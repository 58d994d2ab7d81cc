package io.streamlab.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.datasets.Dataset;
import io.streamlab.pipeline.job.testing.KafkaTopics;
import io.streamlab.pipeline.job.testing.ParquetDatasets;
import io.streamlab.pipeline.job.testing.Rows;
import io.streamlab.pipeline.job.testing.TestPipelines;
import io.streamlab.pipeline.kafka.KafkaBrokerExtension;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raised bounds, end to end: with {@code sink.max-record-bytes} above Kafka's 1 MiB, topics created with
 * {@link TopicSettings} take a ticket of 1.5 MB into its team's topic, a larger one becomes an
 * {@code output-too-large} dead letter, and a team topic left at Kafka's limit stops the job at start-up
 * with a message instead of failing its exactly-once sink on the first large ticket, after every restart;
 * so does a dead-letter topic that cannot take the largest dead letter.
 */
class LargeTicketsITCase {
    private static final int SINK_MAX = 2 * 1024 * 1024;

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension();

    @TempDir
    Path work;

    private List<String> args(String prefix) {
        List<String> args = new ArrayList<>(TestPipelines.configArgs(KAFKA.bootstrapServers(), work));
        args.addAll(TestPipelines.topicArgs(prefix));
        args.addAll(List.of(
                "--job.group-id", prefix + "group",
                "--job.bounded", "true",
                "--limits.record.max-bytes", Integer.toString(4 * 1024 * 1024),
                "--tickets.description.max-chars", Integer.toString(4_000_000),
                "--sink.max-record-bytes", Integer.toString(SINK_MAX)));
        return args;
    }

    @Test
    void aLargeTicketReachesItsTeamAndOneAboveTheSinksBoundIsADeadLetter() throws Exception {
        List<String> args = args("large-");
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        createTopicsAsTheToolDoes(config);
        PipelineJob.startupConfig(args.toArray(String[]::new));

        byte[] large = ticket("LARGE-1", 1_500_000);
        byte[] tooLarge = ticket("TOO-LARGE-1", SINK_MAX + 100_000);
        assertThat(large.length).isGreaterThan(1024 * 1024);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topics().tickets(), key("LARGE-1"), large))
                    .get();
            producer.send(new ProducerRecord<>(config.topics().tickets(), key("TOO-LARGE-1"), tooLarge))
                    .get();
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute(config.job().name());

        List<ConsumerRecord<String, String>> routed = KafkaTopics.readCommitted(
                KAFKA.bootstrapServers(), config.routing().teamTopics().get("incident"));
        assertThat(routed).extracting(ConsumerRecord::key).containsExactly("LARGE-1");
        assertThat(routed.get(0).value().length()).isGreaterThan(1_500_000);
        List<DeadLetter> deadLetters = Rows.as(
                ParquetDatasets.read(Path.of(config.outputDir()), Dataset.DEAD_LETTERS.folder()), DeadLetter.class);
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.category()).isEqualTo("output-too-large");
            assertThat(d.raw()).contains("TOO-LARGE-1");
        });
    }

    @Test
    void aDeadLetterLargerThanALoweredSinkBoundStillReachesTheDeadLetterTopic() throws Exception {
        List<String> args = args("lowered-");
        args.addAll(List.of("--sink.max-record-bytes", "2048"));
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        createTopicsAsTheToolDoes(config);
        PipelineJob.startupConfig(args.toArray(String[]::new));

        byte[] controlCharacters = new byte[20_000];
        java.util.Arrays.fill(controlCharacters, (byte) 1); // JSON writes each in six bytes: a 98 KB dead letter
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topics().tickets(), key("BAD"), controlCharacters))
                    .get();
            producer.send(new ProducerRecord<>(config.topics().tickets(), key("OK-1"), ticket("OK-1", 200)))
                    .get();
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkSettings.toConfiguration(config));
        PipelineJob.prepare(env, config).execute(config.job().name());

        List<ConsumerRecord<String, String>> deadLetters = KafkaTopics.readCommitted(
                KAFKA.bootstrapServers(), config.topics().deadLetters());
        assertThat(deadLetters)
                .singleElement()
                .satisfies(d -> assertThat(d.value().length())
                        .isGreaterThan(90_000)
                        .isLessThanOrEqualTo(DeadLetter.MAX_JSON_BYTES));
        assertThat(KafkaTopics.readCommitted(
                        KAFKA.bootstrapServers(), config.routing().teamTopics().get("incident")))
                .extracting(ConsumerRecord::key)
                .containsExactly("OK-1");
    }

    @Test
    void aTeamTopicThatTakesSmallerRecordsThanTheSinksBoundStopsTheStart() {
        List<String> args = args("small-");
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        KafkaTopics.createAll(KAFKA.broker(), config);
        assertThatThrownBy(() -> PipelineJob.startupConfig(args.toArray(String[]::new)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Topic small-team-")
                .hasMessageContaining("max.message.bytes")
                .hasMessageContaining("sink.max-record-bytes (" + SINK_MAX + ")");
    }

    @Test
    void aDeadLetterTopicThatTakesSmallerRecordsThanTheLargestDeadLetterStopsTheStart() throws Exception {
        List<String> args = args("small-dead-letters-");
        PipelineConfig config = PipelineConfig.load(args, Map.of());
        createTopicsAsTheToolDoes(config);
        int tooSmall = TopicSettings.maxDeadLetterRecordBytes() - 1;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            ConfigResource deadLetters = new ConfigResource(
                    ConfigResource.Type.TOPIC, config.topics().deadLetters());
            admin.incrementalAlterConfigs(Map.of(
                            deadLetters,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry("max.message.bytes", Integer.toString(tooSmall)),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            // the broker applies a config change after the controller accepted it
            TestPipelines.await(
                    "the dead-letter topic's new max.message.bytes in force", Duration.ofSeconds(30), () -> {
                        try {
                            return Integer.toString(tooSmall)
                                    .equals(admin.describeConfigs(List.of(deadLetters))
                                            .all()
                                            .get()
                                            .get(deadLetters)
                                            .get("max.message.bytes")
                                            .value());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        // the team topics take sink.max-record-bytes: only the dead-letter topic is refused
        assertThatThrownBy(() -> PipelineJob.startupConfig(args.toArray(String[]::new)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Topic " + config.topics().deadLetters() + " takes records of at most " + tooSmall + " bytes")
                .hasMessageContaining(
                        "the largest dead letter (" + TopicSettings.maxDeadLetterRecordBytes() + " bytes)")
                .hasMessageContaining("max.message.bytes=" + TopicSettings.maxDeadLetterRecordBytes());
    }

    private static void createTopicsAsTheToolDoes(PipelineConfig config) throws Exception {
        List<String> topics = new ArrayList<>(
                List.of(config.topics().tracks(), config.topics().tickets()));
        topics.addAll(config.routing().teamTopics().values());
        List<NewTopic> created = new ArrayList<>();
        for (String topic : topics) {
            created.add(new NewTopic(topic, config.topics().partitions(), (short) 1)
                    .configs(TopicSettings.forCreation(config)));
        }
        created.add(
                new NewTopic(config.topics().deadLetters(), 1, (short) 1).configs(TopicSettings.forCreation(config)));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(created).all().get();
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /** An incident whose description is {@code chars} characters of words. */
    private static byte[] ticket(String id, int chars) {
        StringBuilder description = new StringBuilder(chars + 20);
        while (description.length() < chars) {
            description.append("imprimante bloquée encore ");
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ticket_id", id);
        node.put("client_id", "C1");
        node.put("created_at", "2025-06-15T10:00:00Z");
        node.put("type", "incident");
        node.put("priority", "high");
        node.put("subject", "Printer");
        node.put("description", description.substring(0, chars));
        return Json.write(node);
    }
}
