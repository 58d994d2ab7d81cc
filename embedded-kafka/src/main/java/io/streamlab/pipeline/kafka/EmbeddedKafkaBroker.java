package io.streamlab.pipeline.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * running inside this JVM.
 *
 * <p>Lifecycle: {@link #start()} formats the storage if it has never been formatted, starts the
 * server and returns once clients can use it. {@link #stop()} shuts it down but keeps the data, so
 * {@link #start()} (or {@link #restart()}) brings the same broker back on the same ports with its
 * topics and records. {@link #close()} stops it for good and deletes the data directory if this
 * object created it. A restart can equally be simulated by closing one instance and building a new
 * one on the same {@code dataDir} and {@code port}.
 *
 * <p>Both listeners bind to 127.0.0.1 only: this broker has no authentication and must never be
 * reachable from the network.
 *
 * <p>Logging: this class logs on its own logger only (one INFO line per start and stop). Kafka logs
 * on the loggers named in {@link #KAFKA_LOGGER_NAMES}; whoever owns the logging configuration (the
 * CLI, or a test's log4j2-test.xml) decides how loud they are. Kafka's fatal-error handling calls
 * {@code Runtime.halt} as it would in a standalone broker, e.g. when its log directory fails.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /**
     * The logger name prefixes Kafka's broker code logs on. Set them to WARN in the logging
     * configuration to keep the broker quiet; at INFO it logs a few hundred lines per start.
     */
    public static final List<String> KAFKA_LOGGER_NAMES = List.of("kafka", "org.apache.kafka", "state.change.logger");

    /** Sub-directory of the data dir holding Kafka's log dir, so stray files in the data dir cannot
     *  be mistaken for partition directories (which takes the log dir offline and halts the JVM). */
    static final String LOG_DIR_NAME = "kraft-combined-logs";

    /** Held while the broker runs; see {@link #lockDataDir()}. */
    static final String LOCK_FILE_NAME = ".embedded-kafka.lock";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> overrides;

    // Resolved on the first start and then kept, so a restart of this instance comes back where
    // clients (and a Flink job) expect it.
    private int port = -1;
    private int controllerPort = -1;

    private KafkaRaftServer server;
    private FileChannel lockChannel;
    private FileLock dataDirLock;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.overrides = Map.copyOf(builder.overrides);
        if (builder.dataDir == null) {
            try {
                this.dataDir = Files.createTempDirectory("embedded-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary data directory for Kafka", e);
            }
            this.ownsDataDir = true;
        } else {
            this.dataDir = builder.dataDir.toAbsolutePath().normalize();
            this.ownsDataDir = false;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage if needed, starts the broker and waits until it answers clients.
     *
     * @throws PortInUseException if the broker or controller port is already bound
     * @throws IllegalStateException if the data dir is used by another broker, or this one is
     *         already running, closed, or did not start
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("This broker has been closed; build a new one");
        }
        if (server != null) {
            throw new IllegalStateException("Kafka broker is already running at " + bootstrapServers());
        }
        resolvePorts();
        ensurePortFree(port, "Port " + port + " is already in use; pass --port or stop the other broker");
        ensurePortFree(
                controllerPort,
                "Controller port " + controllerPort
                        + " is already in use; choose another controller port or stop the other broker");
        lockDataDir();

        KafkaRaftServer starting = null;
        boolean formatted;
        try {
            // doLog=false: KafkaConfig would otherwise dump every setting at INFO.
            KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
            formatted = formatIfNeeded(config);
            starting = new KafkaRaftServer(config, Time.SYSTEM);
            starting.startup();
            awaitClientConnections();
        } catch (RuntimeException e) {
            // A half-started server holds ports, threads and Kafka's own log dir lock; release them
            // so the caller can retry or exit cleanly.
            if (starting != null) {
                shutDownQuietly(starting);
            }
            unlockDataDir();
            throw new IllegalStateException("Kafka broker failed to start on port " + port + ": " + e.getMessage(), e);
        }
        server = starting;
        LOG.info(
                "Kafka broker ready at {} (data in {}{})",
                bootstrapServers(),
                dataDir,
                formatted ? ", newly formatted" : "");
    }

    /**
     * Shuts the broker down and waits for it, keeping the data directory so that {@link #start()}
     * brings it back with its topics and records. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        try {
            stopping.shutdown();
            stopping.awaitShutdown();
        } finally {
            unlockDataDir();
        }
        LOG.info("Kafka broker at {} stopped", bootstrapServers());
    }

    /** Stops and starts again on the same ports and data: what a broker failure and recovery look like to clients. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the broker and deletes the data directory if it was a temporary one made by this object. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            if (ownsDataDir) {
                try {
                    Utils.delete(dataDir.toFile());
                } catch (IOException e) {
                    LOG.warn("Could not delete Kafka's temporary data directory {}: {}", dataDir, e.toString());
                }
            }
        }
    }

    /** {@code localhost:PORT}; valid once {@link #start()} has resolved the port. */
    public String bootstrapServers() {
        return "localhost:" + port();
    }

    /** The client port; for a builder port of 0 the free port picked on the first start. */
    public synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("The broker port is only known once start() has been called");
        }
        return port;
    }

    /** The KRaft controller port (internal to the broker; clients never use it). */
    public synchronized int controllerPort() {
        if (controllerPort < 0) {
            throw new IllegalStateException("The controller port is only known once start() has been called");
        }
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Kafka's log directory inside {@link #dataDir()}: topics' segments and the metadata log. */
    public Path logDir() {
        return dataDir.resolve(LOG_DIR_NAME);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader, so
     * that producers and consumers can use it right away.
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, name, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /** Properties for an Admin client of this broker. */
    Properties adminProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ADMIN_CALL_TIMEOUT.toMillis()));
        return props;
    }

    private void resolvePorts() {
        if (port >= 0) {
            return;
        }
        // Pick both free ports while both sockets are open so they cannot coincide.
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK));
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            port = requestedPort == 0 ? a.getLocalPort() : requestedPort;
            controllerPort = requestedControllerPort == 0 ? b.getLocalPort() : requestedControllerPort;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + LOOPBACK, e);
        }
        if (port == controllerPort) {
            throw new IllegalArgumentException("Broker and controller port are both " + port);
        }
    }

    private static void ensurePortFree(int port, String message) {
        // Binding the way Kafka's acceptor will (loopback, SO_REUSEADDR as the JDK sets it on Unix)
        // turns Kafka's buried "failed to bind" startup error into a message the user can act on.
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(LOOPBACK, port), 1);
        } catch (IOException e) {
            throw new PortInUseException(port, message, e);
        }
    }

    /**
     * Kafka locks a log dir only when its broker part starts; in combined mode its controller part
     * opens the same dir's metadata log before that, unlocked (KafkaRaftManager locks only a
     * separate metadata.log.dir). A second broker on a busy data dir would therefore append to the
     * running broker's metadata log before failing. Taking this lock first rules that out, across
     * processes (the OS lock) and within this JVM (OverlappingFileLockException).
     */
    private void lockDataDir() {
        String inUse = "Data directory " + dataDir
                + " is in use by another Kafka broker; stop it or use another data directory";
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(
                    dataDir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(inUse);
            }
            lockChannel = channel;
            dataDirLock = lock;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException(inUse, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock Kafka data directory " + dataDir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private void unlockDataDir() {
        if (lockChannel == null) {
            return;
        }
        try {
            dataDirLock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the data dir lock failed; closing the channel releases it too", e);
        }
        closeQuietly(lockChannel);
        lockChannel = null;
        dataDirLock = null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {} failed", channel, e);
            }
        }
    }

    private Properties serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // Static voters (kraft.version 0) instead of a dynamic quorum: the voter set then lives in
        // this config, not in the metadata log, so a restart may use a different controller port.
        p.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://" + LOOPBACK + ":" + port + "," + CONTROLLER_LISTENER + "://" + LOOPBACK + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir().toString());

        // One node: every internal topic must make do with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the default) makes the first consumer group or transaction wait
        // seconds for the internal topic to be created; one is plenty on a local broker.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // No other member will ever join late, so do not hold the first rebalance back.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose, with their partition counts; a typo must fail, not create.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");

        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /**
     * Formats the log dirs unless the metadata log dir already holds {@code meta.properties}, which
     * the Formatter writes last. Reformatting would give the node a new cluster id and lose every
     * topic, so a formatted dir is always reused.
     *
     * @return whether the storage was formatted now
     */
    private boolean formatIfNeeded(KafkaConfig config) {
        Path metadataLogDir = Path.of(config.metadataLogDir());
        if (Files.exists(metadataLogDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return false;
        }
        // The Formatter narrates to a PrintStream (System.out by default); keep that off the console.
        ByteArrayOutputStream narration = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(narration, true, StandardCharsets.UTF_8)) {
            for (String dir : config.logDirs()) {
                Files.createDirectories(Path.of(dir));
            }
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    // static controller.quorum.voters, see serverProperties()
                    .setHasDynamicQuorum(false)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Cannot format Kafka storage in " + metadataLogDir + ": " + e.getMessage(), e);
        }
        LOG.debug(
                "Formatted Kafka storage: {}",
                narration.toString(StandardCharsets.UTF_8).trim());
        return true;
    }

    /**
     * {@link KafkaRaftServer#startup()} already blocks until the broker is unfenced, but the
     * contract here is "clients can connect", so that is what gets checked, over the real listener.
     */
    private void awaitClientConnections() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception lastFailure = null;
        try (Admin admin = Admin.create(adminProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000));
                    Collection<Node> nodes = cluster.nodes().get(10, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // The Admin call itself retried for its timeout, so loop without extra delay.
                    lastFailure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka to accept connections", e);
        }
        throw new IllegalStateException(
                "Kafka did not accept client connections at " + bootstrapServers() + " within "
                        + READY_TIMEOUT.toSeconds() + " s",
                lastFailure);
    }

    private static void awaitLeaders(Admin admin, String topic, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_CALL_TIMEOUT.toNanos() * 3;
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(Set.of(topic))
                        .allTopicNames()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic);
                if (description.partitions().size() == partitions
                        && description.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                        && leadersServe(admin, topic, partitions)) {
                    return;
                }
            } catch (ExecutionException e) {
                // The broker's metadata cache can lag the controller for a moment right after the
                // create; anything other than "unknown topic" is a real failure.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Partitions of " + topic + " got no leader in time");
            }
            // Metadata propagates within milliseconds on one node; a short pause keeps this from spinning.
            Thread.sleep(20);
        }
    }

    /**
     * ListOffsets is answered by each partition's leader itself, and only once it serves the partition.
     * Right after a create it can still fail (NOT_LEADER_OR_FOLLOWER, even UNKNOWN_SERVER_ERROR): an
     * idempotent producer that writes then may have its first batch refused while later ones succeed,
     * and stall until its delivery timeout.
     */
    private static boolean leadersServe(Admin admin, String topic, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            admin.listOffsets(latest).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        }
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while shutting down a Kafka broker that failed to start: {}", e.toString());
        }
    }

    /** Builds an {@link EmbeddedKafkaBroker}; nothing starts until {@link EmbeddedKafkaBroker#start()}. */
    public static final class Builder {
        private int port = 0;
        private int controllerPort = 0;
        private Path dataDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {}

        /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** KRaft controller port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /**
         * Where topics and metadata persist across restarts; created if missing. {@code null} (the
         * default) means a temporary directory that {@link EmbeddedKafkaBroker#close()} deletes.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Sets or overrides one broker config, applied after this class's own settings. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Not a port: " + port);
            }
            return port;
        }
    }
}
