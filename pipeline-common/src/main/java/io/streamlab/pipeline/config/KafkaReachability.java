package io.streamlab.pipeline.config;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Start-up check: are the brokers answering? Fails with a message, not a stack trace, after a bounded wait:
 * one that says whether the settings could not make a client, the brokers refused it, or none answered.
 * Kafka's messages are passed on with every secret of the settings masked.
 */
public final class KafkaReachability {
    private KafkaReachability() {}

    /** Returns the number of brokers; throws {@link ConfigException} when none answers within the timeout. */
    public static int await(PipelineConfig.Kafka kafka) {
        return await(kafka, () -> false);
    }

    /**
     * {@link #await(PipelineConfig.Kafka)}, asking {@code stopped} as it waits: a stop asked for (Ctrl+C,
     * SIGTERM) ends the wait at once, with {@link #STOPPED}, where it went on for kafka.startup-timeout.
     */
    public static int await(PipelineConfig.Kafka kafka, BooleanSupplier stopped) {
        Admin admin = admin(kafka, adminProperties(kafka));
        boolean answered = false;
        try {
            int brokers = await(kafka, admin, stopped);
            answered = brokers != STOPPED;
            return brokers;
        } finally {
            // a plain close waits for a question still under way (after a stop: up to kafka.startup-timeout)
            admin.close(answered ? Duration.ofSeconds(30) : Duration.ZERO);
        }
    }

    /** What {@link #await(PipelineConfig.Kafka, BooleanSupplier)} returns when it was stopped. */
    public static final int STOPPED = -1;

    private static final long STOP_CHECK_MS = 200;

    /**
     * An admin client of {@code props}; a {@link ConfigException} naming the cause when the settings cannot
     * make one (an address no name server knows, a trust store that cannot be read).
     */
    public static Admin admin(PipelineConfig.Kafka kafka, Properties props) {
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            throw new ConfigException("Cannot create a Kafka client for " + kafka.bootstrapServers() + ": "
                    + causes(e, props) + " (kafka.bootstrap.servers, kafka.security.protocol, kafka.sasl.*,"
                    + " kafka.ssl.*)");
        }
    }

    /** {@link #await(PipelineConfig.Kafka)} with an admin client of {@link #adminProperties}, for more checks after it. */
    public static int await(PipelineConfig.Kafka kafka, Admin admin) {
        return await(kafka, admin, () -> false);
    }

    private static int await(PipelineConfig.Kafka kafka, Admin admin, BooleanSupplier stopped) {
        Duration timeout = kafka.startupTimeout();
        long start = System.nanoTime();
        long deadline = start + timeout.plusSeconds(1).toNanos();
        try {
            KafkaFuture<Collection<Node>> nodes = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes();
            while (true) {
                try {
                    return nodes.get(STOP_CHECK_MS, TimeUnit.MILLISECONDS).size();
                } catch (TimeoutException notYet) {
                    if (stopped.getAsBoolean()) {
                        return STOPPED; // the caller's close(ZERO) abandons the question under way
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw notYet;
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                throw new ConfigException("Kafka at " + kafka.bootstrapServers() + " refused the client: "
                        + causes(e.getCause(), kafka.securityProperties())
                        + " (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*)");
            }
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                throw new ConfigException("Kafka at " + kafka.bootstrapServers() + " did not answer after "
                        + elapsedSeconds(start) + "s: " + causes(e.getCause(), kafka.securityProperties())
                        + " (kafka.bootstrap.servers, kafka.security.protocol)");
            }
            throw unreachable(kafka, timeout);
        } catch (TimeoutException e) {
            throw unreachable(kafka, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while waiting for Kafka at " + kafka.bootstrapServers());
        }
    }

    private static ConfigException unreachable(PipelineConfig.Kafka kafka, Duration timeout) {
        return new ConfigException("Cannot reach Kafka at " + kafka.bootstrapServers() + " after " + timeout.toSeconds()
                + "s (kafka.bootstrap.servers, kafka.startup-timeout). Is the broker running?");
    }

    private static long elapsedSeconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    /** The messages of {@code e} and its causes, each once, secrets masked. */
    static String causes(Throwable e, Properties settings) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return RawConfig.scrub(text.toString(), settings);
    }

    /** An admin client's settings for the start-up checks: the security settings, bounded by the start-up timeout. */
    public static Properties adminProperties(PipelineConfig.Kafka kafka) {
        Duration timeout = kafka.startupTimeout();
        Properties props = kafka.securityProperties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }
}
