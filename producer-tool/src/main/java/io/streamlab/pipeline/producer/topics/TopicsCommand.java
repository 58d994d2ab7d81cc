package io.streamlab.pipeline.producer.topics;

import io.streamlab.pipeline.cli.ConfigFlags;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.TopicSettings;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Format;
import io.streamlab.pipeline.producer.KafkaClients;
import io.streamlab.pipeline.producer.ProducerTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code producer-tool topics}: creates every topic of the contract, idempotently. */
@Command(
        name = "topics",
        description = {
            "Creates the pipeline's topics that are missing.",
            "Tracks, tickets, every team topic and the dead-letter topic (1 partition), with topic.partitions, "
                    + "topic.replication-factor and topic.retention from the configuration, and a max.message.bytes that "
                    + "takes the largest record the job accepts or writes. Existing topics are left as they are."
        })
public final class TopicsCommand implements Callable<Integer> {

    /** A topic the pipeline needs, with the partition count the configuration asks for. */
    public record Planned(String name, int partitions) {}

    @ParentCommand
    private ProducerTool tool;

    @Mixin
    private ConfigFlags configFlags;

    /** The contract's topics in a stable order. */
    public static List<Planned> plan(PipelineConfig config) {
        PipelineConfig.Topics t = config.topics();
        List<Planned> topics = new ArrayList<>();
        topics.add(new Planned(t.tracks(), t.partitions()));
        topics.add(new Planned(t.tickets(), t.partitions()));
        config.routing().teamTopics().values().forEach(topic -> topics.add(new Planned(topic, t.partitions())));
        topics.add(new Planned(t.deadLetters(), 1));
        return topics;
    }

    @Override
    public Integer call() {
        PipelineConfig config = configFlags.load(tool.context().env());
        Console console = tool.context().console();
        KafkaClients.awaitReachable(config.kafka(), tool.context().stop());
        int created = 0;
        int existing = 0;
        short rf = config.topics().replicationFactor();
        try (Admin admin = KafkaClients.admin(config.kafka())) {
            TopicAdmin topics = new TopicAdmin(admin);
            for (Planned planned : plan(config)) {
                TopicAdmin.Outcome outcome =
                        topics.ensure(planned.name(), planned.partitions(), rf, TopicSettings.forCreation(config));
                if (outcome.created()) {
                    created++;
                    console.info(String.format(
                            "created         %-32s %d partition%s, replication %d, retention %s",
                            planned.name(),
                            planned.partitions(),
                            planned.partitions() == 1 ? "" : "s",
                            rf,
                            Format.configDuration(config.topics().retention())));
                } else {
                    existing++;
                    console.info(String.format(
                            "already exists  %-32s %d partition%s",
                            planned.name(), outcome.partitions(), outcome.partitions() == 1 ? "" : "s"));
                    if (outcome.partitions() != planned.partitions()) {
                        console.warn(planned.name() + " has " + outcome.partitions()
                                + " partitions but the configuration asks for "
                                + planned.partitions()
                                + (planned.partitions() == 1
                                        ? " (the dead-letter topic always has 1)"
                                        : " (topic.partitions)")
                                + "; existing topics are not changed");
                    }
                }
            }
        }
        console.info("Topics ready at " + config.kafka().bootstrapServers() + ": " + created + " created, " + existing
                + " already existed.");
        return ProducerTool.EXIT_OK;
    }
}
