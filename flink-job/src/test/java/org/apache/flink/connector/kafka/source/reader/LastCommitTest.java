package org.apache.flink.connector.kafka.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LastCommitTest {
    private static final TopicPartition PARTITION = new TopicPartition("tracks", 0);
    private static final Map<TopicPartition, OffsetAndMetadata> FIRST = Map.of(PARTITION, new OffsetAndMetadata(10));
    private static final Map<TopicPartition, OffsetAndMetadata> SECOND = Map.of(PARTITION, new OffsetAndMetadata(20));

    private final LastCommit lastCommit = new LastCommit();
    private final List<String> answers = new ArrayList<>();
    private final OffsetCommitCallback connector = (offsets, e) ->
            answers.add(e == null ? "committed " + offsets.get(PARTITION).offset() : "failed");

    @Test
    void aConfirmedCommitIsNotMadeAgain() {
        lastCommit.queued(FIRST, connector).onComplete(FIRST, null);

        assertThat(lastCommit.take()).isNull();
        assertThat(answers).containsExactly("committed 10");
    }

    @Test
    void aFailedCommitIsLeftForTheCloseAndTheConnectorHearsOfTheFailure() {
        lastCommit.queued(FIRST, connector).onComplete(FIRST, new RetriableCommitFailedException("loading"));

        assertThat(lastCommit.take()).isEqualTo(new LastCommit.Commit(FIRST, connector));
        assertThat(answers).containsExactly("failed");
    }

    @Test
    void anEarlierCheckpointsLateConfirmationLeavesTheLaterCommitPending() {
        OffsetCommitCallback first = lastCommit.queued(FIRST, connector);
        lastCommit.queued(SECOND, connector);
        first.onComplete(FIRST, null);

        assertThat(lastCommit.take())
                .as("never the earlier offsets: the group would go back")
                .isEqualTo(new LastCommit.Commit(SECOND, connector));
    }

    @Test
    void onlyTheFirstReaderToCloseMakesIt() {
        lastCommit.queued(FIRST, connector);

        assertThat(lastCommit.take()).isNotNull();
        assertThat(lastCommit.take()).isNull();
    }
}
