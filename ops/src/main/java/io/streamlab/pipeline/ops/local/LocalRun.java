package io.streamlab.pipeline.ops.local;

import io.streamlab.pipeline.config.LocalPorts;
import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.kafka.EmbeddedKafkaBroker;
import io.streamlab.pipeline.ops.Installation;
import io.streamlab.pipeline.ops.OpsContext;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * One local run: the embedded broker in this JVM, the producer-tool, the job (LocalRunner) and the live
 * view in their own JVMs, as their jars run them anywhere else.
 *
 * <p>Stopping order matters. Ctrl+C reaches this JVM and its children at once: the job starts its stop
 * with a savepoint, and {@link #close} waits for it to end before it stops the broker, because the
 * savepoint commits the job's Kafka transactions. The broker runs here rather than in a child JVM for
 * that reason: a child would stop at the first Ctrl+C, under the job's last commit.
 */
final class LocalRun implements AutoCloseable {
    /** The command line's choices, with their environment defaults applied. */
    record Settings(boolean bounded, boolean fresh, int kafkaPort, int tracks, int tickets, int liveEvery) {}

    /** The job's JVM: the hashmap state of the demo on the heap, with room to spare. */
    private static final String JOB_HEAP = "-Xmx2g";

    private static final String JOB_MAIN = "io.streamlab.pipeline.job.LocalRunner";
    /** The exit code of a run stopped before its end (Ctrl+C, SIGTERM), as a shell reports SIGINT. */
    static final int STOPPED = 130;

    private static final String RECOVERY_FLAG = "flink.execution.state-recovery.path";

    private final OpsContext context;
    private final Installation installation;
    private final PipelineConfig config;
    private final List<String> jobFlags;
    private final Settings settings;
    private final Path logs;
    private final OutputDirectory output;

    private EmbeddedKafkaBroker broker;
    private Process job;
    private Process liveView;
    /** A producer-tool or insights run the local run waits for: stopped with it (SIGTERM reaches only us). */
    private Process helper;

    private volatile boolean stopping;
    private boolean closed;

    LocalRun(
            OpsContext context,
            Installation installation,
            PipelineConfig config,
            List<String> jobFlags,
            Settings settings)
            throws IOException {
        this.context = context;
        this.installation = installation;
        this.config = config;
        this.jobFlags = new ArrayList<>(jobFlags);
        this.settings = settings;
        this.logs = Files.createDirectories(
                Path.of(config.localDir()).toAbsolutePath().normalize().resolve("logs"));
        this.output = OutputDirectory.of(config.outputDir());
    }

    boolean stopping() {
        return stopping;
    }

    int run() throws Exception {
        // every jar is found before anything starts: a missing build is one message, not a half-started run
        Path jobJar = installation.jobJar();
        String jobClasspath = jobJar
                + File.pathSeparator
                + Files.readString(installation.jobProvidedClasspath()).strip();
        Path producerJar = installation.producerJar();
        Path insightsJar = installation.insightsJar();
        // before the log: a second run started by mistake must not rotate the log of the one running
        requireKafkaPortFree();
        logTo(logs.resolve("local.log"));

        startBroker();
        producer(producerJar, "topics");
        say("Publishing demo data: " + settings.tracks() + " tracks, " + settings.tickets()
                + " tickets (once: a second run finds them and skips)");
        producer(
                producerJar,
                "tracks",
                "--synthetic",
                Integer.toString(settings.tracks()),
                "--seed",
                "42",
                "--progress-interval",
                "5s");
        producer(
                producerJar,
                "tickets",
                "--count",
                Integer.toString(settings.tickets()),
                "--seed",
                "42",
                "--progress-interval",
                "5s");
        if (stopping) {
            return STOPPED;
        }

        prepareOutputAndSnapshots();
        int uiPort = freePortFrom(config.localWebUiPort());
        List<String> jobCommand = new ArrayList<>(List.of(
                java(),
                JOB_HEAP,
                "-Dlog4j2.StatusLogger.level=ERROR",
                "-Dlog4j.configurationFile=" + installation.localLogConfig(),
                "-DlogFile=" + logs.resolve("flink-job.log"),
                "-cp",
                jobClasspath,
                JOB_MAIN));
        jobCommand.addAll(jobFlags);
        jobCommand.addAll(List.of("--local.web-ui.port", Integer.toString(uiPort)));
        say("Starting the job on a local Flink cluster (log " + logs.resolve("flink-job.log") + ")");
        synchronized (this) {
            if (stopping) {
                return STOPPED;
            }
            job = new ProcessBuilder(jobCommand).inheritIO().start();
        }
        if (!settings.bounded()) {
            say("Web UI: http://localhost:" + uiPort + "   Output: " + output + "   Ctrl+C stops with a savepoint");
        }
        if (settings.liveEvery() > 0) {
            // the job's own metrics (REST API) and its committed windows (Parquet), never a second Kafka reader
            synchronized (this) {
                liveView = new ProcessBuilder(
                                java(),
                                "-jar",
                                insightsJar.toString(),
                                "watch",
                                "--web-ui",
                                "http://localhost:" + uiPort,
                                "--output",
                                output.toString(),
                                "--job",
                                config.job().name(),
                                "--every",
                                settings.liveEvery() + "s")
                        .inheritIO()
                        .start();
            }
        }
        int status = job.waitFor();
        stopLiveView();
        if (stopping || !settings.bounded()) {
            return status;
        }
        if (status != 0) {
            throw new OpsFailure("the job failed (exit " + status + "): see " + logs.resolve("flink-job.log"));
        }
        say("Done. Parquet datasets in " + output + "; writing the insights...");
        int report = awaitHelper(
                new ProcessBuilder(java(), "-jar", insightsJar.toString(), "report", "--output", output.toString())
                        .inheritIO());
        if (stopping) {
            // stopped while the report was written: no "Open …" for a report that is not there
            say("Stopped before the insights were written: java -jar " + insightsJar + " report --output " + output
                    + " writes them");
            return STOPPED;
        }
        if (report != 0) {
            throw new OpsFailure("the insights could not be written (message above)");
        }
        say("Open " + output.path().resolve("_insights").resolve("report.html") + " in a browser for the charts");
        return 0;
    }

    /** The snapshots and output of earlier runs: cleared, pruned, or resumed from (see {@link LocalPlan}). */
    private void prepareOutputAndSnapshots() {
        Snapshots snapshots = Snapshots.of(config);
        Optional<String> given =
                Optional.ofNullable(config.flinkOverrides().get(RECOVERY_FLAG.substring("flink.".length())));
        LocalPlan plan = LocalPlan.decide(
                settings.bounded(),
                settings.fresh(),
                given,
                snapshots.newest(),
                snapshots.newestSavepointOfAnotherDeployment(),
                output.exists(),
                output.writtenByABoundedRun(),
                output.toString());
        if (plan.message() != null) {
            say(plan.message());
        }
        switch (plan.cleanup()) {
            case ALL_SNAPSHOTS -> snapshots.deleteAll(Set.of());
            case NONE -> {}
        }
        if (plan.clearOutput()) {
            output.clear(installation.root());
        }
        if (settings.bounded()) {
            output.markWrittenByABoundedRun();
        }
        // bounded disk, but never the snapshot about to be resumed: one named after -- may be any, however old
        Set<Path> resumed = new java.util.HashSet<>();
        plan.resumeFrom().ifPresent(s -> resumed.add(s.path()));
        given.flatMap(Snapshots::localPath).ifPresent(resumed::add);
        List<Path> pruned = snapshots.prune(config.operations().snapshotsRetained(), Set.of(), resumed);
        if (!pruned.isEmpty()) {
            say("Deleted " + pruned.size() + " older snapshot(s) (snapshots.retained = "
                    + config.operations().snapshotsRetained() + ")");
        }
        plan.resumeFrom().ifPresent(s -> jobFlags.addAll(List.of("--" + RECOVERY_FLAG, s.uri())));
    }

    private void requireKafkaPortFree() {
        if (!LocalPorts.free(settings.kafkaPort())) {
            throw new OpsFailure("port " + settings.kafkaPort() + " is already in use (another broker or an earlier"
                    + " run still stopping?). Stop it, or pick another port: ./run-local.sh --kafka-port 19092");
        }
    }

    private void startBroker() {
        Path data = Path.of(config.localDir()).toAbsolutePath().normalize().resolve("kafka");
        say("Starting Kafka on localhost:" + settings.kafkaPort() + " (data in " + data + ", log "
                + logs.resolve("local.log") + ")");
        EmbeddedKafkaBroker starting = EmbeddedKafkaBroker.builder()
                .port(settings.kafkaPort())
                .controllerPort(settings.kafkaPort() + 1)
                .dataDir(data)
                .build();
        try {
            starting.start();
        } catch (RuntimeException e) {
            starting.close();
            throw new OpsFailure("the broker did not start: " + e.getMessage());
        }
        synchronized (this) {
            broker = starting;
        }
    }

    private void producer(Path jar, String command, String... args) throws IOException, InterruptedException {
        if (stopping) {
            return;
        }
        List<String> commandLine = new ArrayList<>(List.of(java(), "-jar", jar.toString(), command));
        commandLine.addAll(List.of(args));
        commandLine.addAll(jobFlags);
        int status = awaitHelper(new ProcessBuilder(commandLine).inheritIO());
        if (status != 0 && !stopping) {
            throw new OpsFailure("producer-tool " + command + " failed (exit " + status + ", message above)");
        }
    }

    /**
     * Starts a helper process and waits for it. Ctrl+C reaches the whole process group, but a SIGTERM only
     * this JVM: until 2026-12-03 a producer-tool publishing the demo data went on, retrying against the
     * broker {@link #close} had stopped.
     */
    int awaitHelper(ProcessBuilder builder) throws IOException, InterruptedException {
        Process started;
        synchronized (this) {
            if (stopping) {
                return 0;
            }
            started = builder.start();
            helper = started;
        }
        try {
            return started.waitFor();
        } finally {
            synchronized (this) {
                helper = null;
            }
        }
    }

    /** The helper process running now, if any. */
    synchronized Optional<Process> helper() {
        return Optional.ofNullable(helper);
    }

    private void stopLiveView() throws InterruptedException {
        Process live;
        synchronized (this) {
            live = liveView;
        }
        if (live != null && live.isAlive()) {
            live.destroy();
            live.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Ctrl+C, SIGTERM, or the end of the run: the job first (its savepoint needs Kafka), then the broker. */
    @Override
    public void close() {
        Process runningJob;
        Process runningHelper;
        EmbeddedKafkaBroker runningBroker;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            runningJob = job;
            runningHelper = helper;
            runningBroker = broker;
        }
        try {
            if (runningHelper != null && runningHelper.isAlive()) {
                runningHelper.destroy(); // SIGTERM: a producer commits what it sent and stops
                if (!runningHelper.waitFor(1, TimeUnit.MINUTES)) {
                    runningHelper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            if (runningJob != null && runningJob.isAlive()) {
                say("Stopping the job with a savepoint...");
                runningJob.destroy(); // SIGTERM: LocalRunner stops with a savepoint (Ctrl+C already told it)
                if (!runningJob.waitFor(3, TimeUnit.MINUTES)) {
                    say("The job did not stop within 3 minutes: killing it (the next start resumes from its"
                            + " newest retained checkpoint)");
                    runningJob.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            stopLiveView();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (runningBroker != null) {
                say("Stopping the Kafka broker...");
                runningBroker.close();
            }
        }
    }

    private void say(String message) {
        context.out().println("[run-local] " + message);
        context.out().flush();
    }

    /** The log file of this JVM (the broker's logs): conf/log4j2-local.xml, rolling under local.dir. */
    private void logTo(Path file) {
        System.setProperty("logFile", file.toString());
        Configurator.reconfigure(installation.localLogConfig().toUri());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePortFrom(int preferred) {
        return LocalPorts.firstFreeFrom(preferred)
                .orElseThrow(() -> new OpsFailure(LocalPorts.noneFree(preferred, "local.web-ui.port")));
    }
}
