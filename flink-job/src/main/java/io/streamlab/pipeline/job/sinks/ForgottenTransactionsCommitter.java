package io.streamlab.pipeline.job.sinks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once Kafka sinks' committer, for a snapshot restored after the broker forgot its
 * transactional ids. A restored job commits the transactions its snapshot holds again, not knowing
 * whether they were; the broker forgets an id {@code transactional.id.expiration.ms} (7 days by default)
 * after its last transaction ended, and then answers such a commit "invalid producer id mapping". The
 * connector (5.0.0-2.2) takes that for a lost commit and fails the job, which restores the same snapshot
 * and fails the same way: a savepoint resumed a week after the stop could never run again.
 *
 * <p>An id the broker no longer knows had its transaction ended long before: committed when the snapshot
 * is the savepoint of a stop (the stop commits before it finishes), aborted by the broker after {@code
 * sink.transaction-timeout} when the job had failed. Either way there is nothing left to commit, so such a
 * restored commit counts as done ({@code transactionsForgottenByBroker}, one WARN line); every other
 * commit goes to the connector's committer as before. Only restored commits are looked up (those of the
 * running job carry their producer), once per batch, with one admin request.
 */
public final class ForgottenTransactionsCommitter implements Committer<KafkaCommittable> {
    private static final Logger LOG = LoggerFactory.getLogger(ForgottenTransactionsCommitter.class);

    /** The counter, in the sink's committer metric group. */
    public static final String METRIC = "transactionsForgottenByBroker";

    private final Committer<KafkaCommittable> delegate;
    private final Function<Collection<String>, Set<String>> forgotten;
    private final Consumer<String> finished;
    private final Counter counter;

    /**
     * @param forgotten of some transactional ids, those the broker does not know; none when it cannot tell
     * @param finished  tells the sink's writer that the transaction of an id ended, as the connector's
     *                  committer does after a commit (its pool of pooled ids then lets the id go)
     */
    public ForgottenTransactionsCommitter(
            Committer<KafkaCommittable> delegate,
            Function<Collection<String>, Set<String>> forgotten,
            Consumer<String> finished,
            Counter counter) {
        this.delegate = delegate;
        this.forgotten = forgotten;
        this.finished = finished;
        this.counter = counter;
    }

    @Override
    public void commit(Collection<CommitRequest<KafkaCommittable>> requests) throws IOException, InterruptedException {
        List<String> restored = requests.stream()
                .map(CommitRequest::getCommittable)
                .filter(c -> c.getProducer().isEmpty())
                .map(KafkaCommittable::getTransactionalId)
                .toList();
        Set<String> unknown = restored.isEmpty() ? Set.of() : forgotten.apply(restored);
        List<CommitRequest<KafkaCommittable>> toCommit = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (CommitRequest<KafkaCommittable> request : requests) {
            KafkaCommittable committable = request.getCommittable();
            if (committable.getProducer().isEmpty() && unknown.contains(committable.getTransactionalId())) {
                request.signalAlreadyCommitted();
                finished.accept(committable.getTransactionalId());
                counter.inc();
                ended.add(committable.getTransactionalId());
            } else {
                toCommit.add(request);
            }
        }
        if (!ended.isEmpty()) {
            LOG.warn(
                    "{} Kafka transaction(s) of the restored snapshot are unknown to the broker ({}): their ids expired"
                            + " (transactional.id.expiration.ms, 7 days by default), long after the transactions ended."
                            + " Nothing to commit: the stop that took a savepoint committed them; if the job had failed"
                            + " instead, the broker aborted them after sink.transaction-timeout",
                    ended.size(),
                    String.join(", ", ended));
        }
        if (!toCommit.isEmpty()) {
            delegate.commit(toCommit);
        }
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    /**
     * Asks the broker which of some transactional ids it does not know, with the sink's own client
     * settings (security included). When the broker cannot tell, none: the connector's committer then
     * decides as it always did.
     */
    public static Function<Collection<String>, Set<String>> askingTheBroker(Properties producerConfig) {
        Map<String, Object> admin = adminSettings(producerConfig);
        return ids -> {
            Set<String> unknown = new HashSet<>();
            try (Admin client = Admin.create(admin)) {
                DescribeTransactionsResult result = client.describeTransactions(ids);
                for (String id : ids) {
                    try {
                        result.description(id).get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof TransactionalIdNotFoundException) {
                            unknown.add(id);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | RuntimeException e) {
                LOG.info(
                        "Could not ask the broker about the restored Kafka transactions ({}); committing them as usual",
                        e.toString());
            }
            return unknown;
        };
    }

    /** The settings of the sink's producers an admin client takes: the servers and the security. */
    public static Map<String, Object> adminSettings(Properties producerConfig) {
        Map<String, Object> admin = new HashMap<>();
        producerConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
                admin.put(String.valueOf(key), value);
            }
        });
        return admin;
    }
}
