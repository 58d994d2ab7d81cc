package io.streamlab.pipeline.producer.broker;

import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.kafka.EmbeddedKafkaBroker;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.ToolFailure;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code producer-tool broker}: a single-node KRaft broker in this process, until Ctrl+C or SIGTERM. */
@Command(
        name = "broker",
        description = {
            "Runs a local single-node Kafka broker (KRaft) until Ctrl+C or SIGTERM.",
            "It listens on 127.0.0.1 only, without authentication: for local use. Topics and records are kept "
                    + "in --data-dir across restarts."
        })
public final class BrokerCommand implements Callable<Integer> {
    @ParentCommand
    private ProducerTool tool;

    @Spec
    private CommandSpec spec;

    private int port = 9092;
    private int controllerPort = 9093;

    @Option(names = "--port", paramLabel = "PORT", description = "client port (default 9092)")
    void port(String text) {
        port = Flags.wholeNumber(spec, "--port", text, 1, 65_535);
    }

    @Option(names = "--controller-port", paramLabel = "PORT", description = "KRaft controller port (default 9093)")
    void controllerPort(String text) {
        controllerPort = Flags.wholeNumber(spec, "--controller-port", text, 1, 65_535);
    }

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "where topics and records are stored (default .local/kafka)")
    private Path dataDir = Path.of(".local/kafka");

    @Override
    public Integer call() throws InterruptedException {
        if (port == controllerPort) {
            throw Flags.invalid(
                    spec,
                    "--controller-port",
                    Integer.toString(controllerPort),
                    "a port other than --port (" + port + ")");
        }
        Context context = tool.context();
        Console console = context.console();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .port(port)
                .controllerPort(controllerPort)
                .dataDir(dataDir)
                .build();
        try {
            broker.start();
        } catch (RuntimeException e) {
            broker.close();
            // PortInUseException or a data dir used by another broker: the message says what to do
            throw new ToolFailure(e.getMessage());
        }
        try {
            console.info("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + broker.dataDir()
                    + "); Ctrl+C or SIGTERM stops it");
            context.stop().await();
            console.info("Stopping the Kafka broker ...");
        } finally {
            broker.close();
        }
        console.info("Kafka broker at " + broker.bootstrapServers() + " stopped");
        return ProducerTool.EXIT_OK;
    }
}
