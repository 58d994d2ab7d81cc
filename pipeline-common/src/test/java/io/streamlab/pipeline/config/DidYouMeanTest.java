package io.streamlab.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    @Test
    void separatorsAndCaseDoNotCount() {
        assertThat(DidYouMean.among("kafka.bootstrapservers", List.of("kafka.bootstrap.servers", "kafka.client-id")))
                .containsExactly("kafka.bootstrap.servers");
        assertThat(DidYouMean.among("Topic_Partitions", List.of("topic.partitions")))
                .containsExactly("topic.partitions");
    }

    @Test
    void aTypoOfUpToTwoEditsIsClose() {
        assertThat(DidYouMean.among("focre", List.of("force", "format", "file")))
                .containsExactly("force");
        assertThat(DidYouMean.among("outptu", List.of("output", "to", "top"))).containsExactly("output");
        assertThat(DidYouMean.among("topic.partition", List.of("topic.partitions", "topic.tracks")))
                .containsExactly("topic.partitions");
    }

    @Test
    void aKeyWrittenWithoutItsPrefixIsClose() {
        assertThat(DidYouMean.among("bootstrap.servers", List.of("kafka.bootstrap.servers", "output.dir")))
                .containsExactly("kafka.bootstrap.servers");
    }

    @Test
    void onlyTheClosestNamesAreSuggested() {
        // prot -> port is one swap; sort and ports are two edits away
        assertThat(DidYouMean.among("prot", List.of("sort", "ports", "port"))).containsExactly("port");
        assertThat(DidYouMean.among("tickts", List.of("tickets", "tracks", "tickets")))
                .containsExactly("tickets");
    }

    @Test
    void farOrTinyNamesGetNoSuggestion() {
        assertThat(DidYouMean.among("nonsense", List.of("broker", "topics", "tracks")))
                .isEmpty();
        assertThat(DidYouMean.among("x", List.of("to", "n"))).isEmpty();
        assertThat(DidYouMean.among("--", List.of("to"))).isEmpty();
    }
}
