package io.streamlab.pipeline.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs one {@link EmbeddedKafkaBroker} per test class, on a free port with a
 * temporary data directory:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the broker is started before all tests and closed after
 * them, and takes a few seconds to start, so one per class rather than per test. Test methods and
 * constructors may also declare an {@link EmbeddedKafkaBroker} parameter. Tests share the broker, so
 * each should use its own topic names.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private EmbeddedKafkaBroker broker;
    // @Nested classes get beforeAll/afterAll too; only the class that started the broker stops it.
    private String ownerContextId;

    /** Sets a broker config for the broker this extension will start. */
    public KafkaBrokerExtension withBrokerProperty(String key, String value) {
        brokerProperties.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker != null) {
            return;
        }
        EmbeddedKafkaBroker.Builder builder =
                EmbeddedKafkaBroker.builder().port(0).controllerPort(0);
        brokerProperties.forEach(builder::brokerProperty);
        EmbeddedKafkaBroker starting = builder.build();
        try {
            starting.start();
        } catch (RuntimeException e) {
            starting.close();
            throw e;
        }
        broker = starting;
        ownerContextId = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(ownerContextId)) {
            try {
                broker.close();
            } finally {
                broker = null;
                ownerContextId = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("No broker: register KafkaBrokerExtension on a static field "
                    + "with @RegisterExtension, and use it from within the test class's lifecycle");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /**
     * Shuts the broker down and starts it again on the same port and data directory, as after a
     * crash and recovery: topics and committed records survive, open client connections break.
     */
    public void restart() {
        broker().restart();
    }

    /** Creates a topic (replication factor 1) and waits until all its partitions have a leader. */
    public void createTopic(String name, int partitions) {
        broker().createTopic(name, partitions);
    }
}
