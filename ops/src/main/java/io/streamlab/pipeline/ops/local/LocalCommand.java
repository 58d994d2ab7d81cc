package io.streamlab.pipeline.ops.local;

import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.ops.HelpOption;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ops local}: the whole pipeline on this machine, what {@code ./run-local.sh} runs. */
@Command(
        name = "local",
        customSynopsis = "./run-local.sh [OPTIONS] [-- JOB FLAGS...]   (ops local [OPTIONS] [-- JOB FLAGS...])",
        header = "the whole pipeline on this machine (what ./run-local.sh runs)",
        description = "The whole pipeline on this machine: an embedded Kafka broker, the topics, demo data, and "
                + "the job on a local Flink cluster with its web UI. Ctrl+C stops the job with a savepoint, "
                + "which the next start resumes from (after a crash: from the newest retained checkpoint). "
                + "Every path and port comes from the job's configuration: output.dir, checkpoint.dir, "
                + "savepoint.dir, local.dir (broker data and logs), local.web-ui.port, snapshots.retained. "
                + "Only this deployment's snapshots are resumed from (see the README, \"Snapshots and "
                + "deployments\").",
        footer = {
            "",
            "Anything after -- goes to the job as configuration flags, e.g. -- --window.tracks.size 30s",
            "Logs: <local.dir>/logs/ (rotated)   Output: <output.dir>   Insights: <output.dir>/_insights/",
            "Exit codes: 0 done (or its job stopped with a savepoint by ops stop), 1 failed, 2 usage or configuration error;",
            "Ctrl+C or SIGTERM: 130 or 143, as for any program a signal stops, once the savepoint is taken."
        },
        sortOptions = false)
public final class LocalCommand implements Callable<Integer> {
    private final OpsContext context;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--bounded",
            description = "read what the topics hold, write the output from scratch (this deployment's snapshots"
                    + " go too), print a summary and the insights and exit")
    boolean bounded;

    @Option(
            names = "--fresh",
            description = "ignore savepoints and checkpoints: clear the output and this deployment's snapshots,"
                    + " start from the beginning")
    boolean fresh;

    @Option(
            names = "--kafka-port",
            paramLabel = "N",
            description = "port of the embedded broker (default: env KAFKA_PORT, else the port of"
                    + " kafka.bootstrap.servers, 9092); its controller uses N+1")
    Integer kafkaPort;

    @Option(
            names = "--tracks",
            paramLabel = "N",
            description = "synthetic tracks to publish (default 20000, env DEMO_TRACKS); published once per seed")
    Integer tracks;

    @Option(
            names = "--tickets",
            paramLabel = "N",
            description = "generated tickets to publish (default 2000, env DEMO_TICKETS); published once per seed")
    Integer tickets;

    @Option(
            names = "--live-every",
            paramLabel = "N",
            description = "print the live view (job metrics, latest committed windows) every N seconds"
                    + " (default 30, env LIVE_EVERY; 0: no live view)")
    Integer liveEvery;

    /** 30 checkpoints of 10 s: one merged file per dataset every 5 minutes. */
    static final String LOCAL_COMPACTION_CHECKPOINTS = "30";

    /**
     * Whether a flag, the environment or a configuration file ({@code --config}, {@code PIPELINE_CONFIG})
     * set the compaction, off included, or {@code conf/} turned it on.
     */
    static boolean compactionChosen(List<String> flags, Map<String, String> env) {
        RawConfig raw = RawConfig.load(flags, env);
        return raw.chosen(PipelineConfig.Compaction.CHECKPOINTS)
                || PipelineConfig.from(raw).compaction().enabled();
    }

    public LocalCommand(OpsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Installation installation = Installation.locate();
        // a build staged while this run goes on, for days maybe, must not delete the copy it runs from
        StagedInstallation.holdWhileRunning(installation);
        List<String> jobFlags = new ArrayList<>(context.configFlags());
        if (bounded) {
            jobFlags.addAll(List.of("--job.bounded", "true"));
        } else if (!compactionChosen(jobFlags, context.env())) {
            // the local run is the demo's stream left running: merged files, not thousands of small ones
            // (README, Small files)
            jobFlags.addAll(List.of("--" + PipelineConfig.Compaction.CHECKPOINTS, LOCAL_COMPACTION_CHECKPOINTS));
        }
        int port = number(kafkaPort, "KAFKA_PORT", "--kafka-port", -1, 1);
        if (port < 0) {
            port = portOf(PipelineConfig.load(jobFlags, context.env()).kafka().bootstrapServers());
        }
        if (port < 1 || port > 65_534) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "the Kafka port must be from 1 to 65534, not " + port);
        }
        // the job, the producer and the live view all talk to the embedded broker
        jobFlags.addAll(List.of("--kafka.bootstrap.servers", "localhost:" + port));
        PipelineConfig config = PipelineConfig.load(jobFlags, context.env());

        LocalRun.Settings settings = new LocalRun.Settings(
                bounded,
                fresh,
                port,
                number(tracks, "DEMO_TRACKS", "--tracks", 20_000, 0),
                number(tickets, "DEMO_TICKETS", "--tickets", 2_000, 0),
                number(liveEvery, "LIVE_EVERY", "--live-every", 30, 0));
        try (LocalRun run = new LocalRun(context, installation, config, jobFlags, settings)) {
            Thread stopper = new Thread(run::close, "local-run-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            int status = run.run();
            if (!run.stopping()) {
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
            return status;
        }
    }

    /** An option, else its environment variable, else the default; a usage error when not a number from min. */
    private int number(Integer option, String env, String name, int fallback, int min) {
        if (option != null) {
            if (option < min) {
                throw Flags.invalid(spec, name, option.toString(), "a whole number of at least " + min);
            }
            return option;
        }
        String value = context.env().get(env);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.strip().matches("-\\d{1,9}")) {
            throw Flags.invalid(spec, "environment variable " + env, value, "a whole number of at least " + min);
        }
        if (!value.strip().matches("\\d{1,9}")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "'" + value + "' is not a number (environment variable " + env + ")");
        }
        return Integer.parseInt(value.strip());
    }

    /** The port of the first address of kafka.bootstrap.servers (9092 when it names none). */
    static int portOf(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0].strip();
        int colon = first.lastIndexOf(':');
        if (colon < 0 || !first.substring(colon + 1).matches("\\d{1,5}")) {
            return 9092;
        }
        return Integer.parseInt(first.substring(colon + 1));
    }
}
