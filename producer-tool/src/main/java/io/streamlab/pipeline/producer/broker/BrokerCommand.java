package io.streamlab.pipeline.producer.broker;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.kafka.EmbeddedKafkaBroker;
import io.streamlab.pipeline.producer.Command;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.Context;
import io.streamlab.pipeline.producer.ProducerTool;
import io.streamlab.pipeline.producer.ToolFailure;
import java.nio.file.Path;
import java.util.List;

/** {@code producer-tool broker}: a single-node KRaft broker in this process, until Ctrl+C or SIGTERM. */
public final class BrokerCommand implements Command {
    private static final Args.Spec SPEC = new Args.Spec(
            ProducerTool.NAME,
            "broker",
            "Runs a local single-node Kafka broker (KRaft) until Ctrl+C or SIGTERM.\n"
                    + "It listens on 127.0.0.1 only, without authentication: for local use. Topics and records\n"
                    + "are kept in --data-dir across restarts.",
            List.of(
                    Args.value("port", "PORT", "client port (default 9092)"),
                    Args.value("controller-port", "PORT", "KRaft controller port (default 9093)"),
                    Args.value("data-dir", "DIR", "where topics and records are stored (default .local/kafka)")),
            false);

    @Override
    public Args.Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args args, Context context) throws InterruptedException {
        int port = args.intValue("port", 9092, 1, 65_535);
        int controllerPort = args.intValue("controller-port", 9093, 1, 65_535);
        if (port == controllerPort) {
            throw Args.invalid(
                    "controller-port", Integer.toString(controllerPort), "a port other than --port (" + port + ")");
        }
        Path dataDir = Path.of(args.string("data-dir", ".local/kafka"));
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
        return 0;
    }
}
