package io.streamlab.pipeline.config;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Start-up check: are the brokers answering? Fails with a message, not a stack trace, after a bounded wait. */
public final class KafkaReachability {
    private KafkaReachability() {}

    /** Returns the number of brokers; throws {@link ConfigException} when none answers within the timeout. */
    public static int await(PipelineConfig.Kafka kafka) {
        try (Admin admin = Admin.create(adminProperties(kafka))) {
            return await(kafka, admin);
        }
    }

    /** {@link #await(PipelineConfig.Kafka)} with an admin client of {@link #adminProperties}, for more checks after it. */
    public static int await(PipelineConfig.Kafka kafka, Admin admin) {
        Duration timeout = kafka.startupTimeout();
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
                    .size();
        } catch (TimeoutException | ExecutionException e) {
            throw new ConfigException(
                    "Cannot reach Kafka at " + kafka.bootstrapServers() + " after " + timeout.toSeconds()
                            + "s (kafka.bootstrap.servers, kafka.startup-timeout). Is the broker running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while waiting for Kafka at " + kafka.bootstrapServers());
        }
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
