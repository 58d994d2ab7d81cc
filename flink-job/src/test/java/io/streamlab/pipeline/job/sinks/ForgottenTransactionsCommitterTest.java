package io.streamlab.pipeline.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.internal.FlinkKafkaInternalProducer;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** {@link ForgottenTransactionsCommitter}; {@code ExpiredTransactionalIdsITCase} runs it on a real broker. */
class ForgottenTransactionsCommitterTest {
    private final List<String> delegated = new ArrayList<>();
    private final List<Collection<String>> askedAbout = new ArrayList<>();
    private final List<String> finished = new ArrayList<>();
    private final SimpleCounter counter = new SimpleCounter();

    private final Committer<KafkaCommittable> connector = new Committer<>() {
        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests) {
            requests.forEach(r -> delegated.add(r.getCommittable().getTransactionalId()));
        }

        @Override
        public void close() {}
    };

    private ForgottenTransactionsCommitter committer(Set<String> forgotten) {
        return new ForgottenTransactionsCommitter(
                connector,
                ids -> {
                    askedAbout.add(List.copyOf(ids));
                    return forgotten;
                },
                finished::add,
                counter);
    }

    @Test
    void aRestoredTransactionTheBrokerForgotCountsAsCommittedAndTheOthersGoToTheConnector() throws Exception {
        Request forgotten = restored("job-team-a-0-0");
        Request known = restored("job-team-a-1-0");

        committer(Set.of("job-team-a-0-0")).commit(List.of(forgotten, known));

        assertThat(forgotten.outcome).isEqualTo("already committed");
        assertThat(known.outcome).isNull();
        assertThat(delegated).containsExactly("job-team-a-1-0");
        assertThat(askedAbout).containsExactly(List.of("job-team-a-0-0", "job-team-a-1-0"));
        assertThat(counter.getCount()).isEqualTo(1);
        assertThat(finished).as("the writer's pool lets the id go").containsExactly("job-team-a-0-0");
    }

    @Test
    void whenTheBrokerCannotTellEveryCommitGoesToTheConnector() throws Exception {
        committer(Set.of()).commit(List.of(restored("job-dead-letters-0-0"), restored("job-dead-letters-1-0")));

        assertThat(delegated).containsExactly("job-dead-letters-0-0", "job-dead-letters-1-0");
        assertThat(counter.getCount()).isZero();
    }

    @Test
    void theRunningJobsOwnCommitsAreNeitherLookedUpNorTakenForForgotten() throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (FlinkKafkaInternalProducer<byte[], byte[]> producer =
                new FlinkKafkaInternalProducer<>(properties, "job-team-a-0-7")) {
            Request live = new Request(new KafkaCommittable(4, (short) 0, "job-team-a-0-7", producer));

            committer(Set.of("job-team-a-0-7")).commit(List.of(live));

            assertThat(live.outcome).isNull();
            assertThat(delegated).containsExactly("job-team-a-0-7");
            assertThat(askedAbout).isEmpty();
        }
    }

    private static Request restored(String transactionalId) {
        return new Request(new KafkaCommittable(7, (short) 2, transactionalId, null));
    }

    /** A commit request that remembers how it ended. */
    private static final class Request implements CommitRequest<KafkaCommittable> {
        final KafkaCommittable committable;
        String outcome;

        Request(KafkaCommittable committable) {
            this.committable = committable;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = "failed, known reason";
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = "failed, unknown reason";
        }

        @Override
        public void retryLater() {
            outcome = "retry";
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            outcome = "retry";
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = "already committed";
        }
    }
}
