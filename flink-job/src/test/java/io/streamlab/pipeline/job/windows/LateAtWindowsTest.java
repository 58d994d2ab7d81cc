package io.streamlab.pipeline.job.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamlab.pipeline.job.tickets.PriorityCounts;
import io.streamlab.pipeline.job.tickets.TypeAccumulator;
import io.streamlab.pipeline.job.tracks.ArtistAccumulator;
import io.streamlab.pipeline.job.tracks.FeatureSums;
import io.streamlab.pipeline.job.tracks.SummaryAccumulator;
import io.streamlab.pipeline.metrics.PipelineMetrics;
import io.streamlab.pipeline.records.DeadLetter;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.RejectCategory;
import java.util.stream.Stream;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dead letter of an input a window found late: what it says and holds. */
class LateAtWindowsTest {
    private static final long MIN = 60_000;

    private final LateAtWindows.ToDeadLetter<Object> words =
            new LateAtWindows.ToDeadLetter<>("client_tickets", "keywords", MIN, PipelineMetrics.Input.TICKETS);

    @Test
    void aLatePartialNamesItsWindowAndHoldsItsKeyAndCounts() throws Exception {
        DeadLetter d = words.deadLetter(Tuple2.of("imprimante", 7L), 3 * MIN - 1, 42L);

        assertThat(d.category()).isEqualTo(RejectCategory.LATE.label());
        assertThat(d.sourceTopic()).isEqualTo("client_tickets");
        assertThat(d.partition()).as("a partial comes from several records").isEqualTo(-1);
        assertThat(d.offset()).isEqualTo(-1);
        assertThat(d.detectedAt()).isEqualTo(42L);
        assertThat(d.reason())
                .startsWith("late: keywords input for the window 1970-01-01T00:02:00Z to 1970-01-01T00:03:00Z")
                .contains("after the window had been emitted");
        assertThat(Json.MAPPER.readTree(d.raw()).path("key").asText()).isEqualTo("imprimante");
        assertThat(Json.MAPPER.readTree(d.raw()).path("partial").asLong()).isEqualTo(7L);
    }

    @Test
    void aLateRecordIsWrittenAsItself() throws Exception {
        DeadLetter d = words.deadLetter(new Sample("x", 3), 10, 0L);
        assertThat(d.reason()).contains("1970-01-01T00:00:00Z to 1970-01-01T00:01:00Z");
        assertThat(Json.MAPPER.readTree(d.raw()).path("name").asText()).isEqualTo("x");
    }

    @Test
    void aLargePartialIsWrittenOnlyAsFarAsItsDeadLetterKeepsIt() {
        // a ticket type's partial holds its distinct client ids: writing stops at the dead letter's cut,
        // so an endless set is as cheap as any (serialising it whole would never return)
        EndlessIds ids = new EndlessIds();

        DeadLetter d = words.deadLetter(Tuple2.of("incident", ids), 10, 0L);

        assertThat(d.raw())
                .hasSize(DeadLetter.MAX_RAW_CHARS)
                .startsWith("{\"key\":\"incident\",\"partial\":[\"client-0\",");
        assertThat(ids.served).as("ids written past the cut").isLessThan(DeadLetter.MAX_RAW_CHARS);
    }

    @Test
    void theCutTextIsTheWholeJsonsStartAsJsonWritesItAndSplitsNoCharacter() throws Exception {
        // emoji (a surrogate pair each) and a lone surrogate: written as their escapes, as before the cut
        String key = "😀".repeat(DeadLetter.MAX_RAW_CHARS) + "\uD800";
        Tuple2<String, Long> partial = Tuple2.of(key, 1L);

        DeadLetter d = words.deadLetter(partial, 10, 0L);

        String whole =
                new String(Json.write(new LateAtWindows.LatePartial(key, 1L)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(d.raw()).hasSize(DeadLetter.MAX_RAW_CHARS).isEqualTo(whole.substring(0, DeadLetter.MAX_RAW_CHARS));
        assertThat(d.raw()).startsWith("{\"key\":\"\\uD83D\\uDE00");

        // a small value is written whole
        DeadLetter small = words.deadLetter(Tuple2.of("\uD800", 1L), 10, 0L);
        assertThat(small.raw()).isEqualTo("{\"key\":\"\\uD800\",\"partial\":1}");
    }

    @ParameterizedTest
    @MethodSource("aggregatesOfEveryWindow")
    void aReopenedWindowOfEveryKindHoldsItsAggregateAsJson(Object aggregate) throws Exception {
        LateAtWindows late = new LateAtWindows("client_tickets", MIN, PipelineMetrics.Input.TICKETS);

        DeadLetter d = late.reopened("keywords").deadLetter("k", aggregate, new TimeWindow(0, MIN), 7L);

        assertThat(d.category()).isEqualTo(RejectCategory.LATE.label());
        assertThat(d.partition()).isEqualTo(-1);
        assertThat(d.reason())
                .startsWith("late: keywords input for the window 1970-01-01T00:00:00Z to 1970-01-01T00:01:00Z");
        JsonNode raw = Json.MAPPER.readTree(d.raw());
        assertThat(raw.path("key").asText()).isEqualTo("k");
        assertThat(raw.path("aggregate").isMissingNode()).isFalse();
        assertThat(raw.path("aggregate").isObject() || raw.path("aggregate").isNumber())
                .as("written as JSON, not as the fallback text: %s", d.raw())
                .isTrue();
    }

    static Stream<Object> aggregatesOfEveryWindow() {
        TypeAccumulator type = new TypeAccumulator();
        type.clients.add("client-1");
        return Stream.of(
                new FeatureSums(), new ArtistAccumulator(), new SummaryAccumulator(), type, new PriorityCounts(), 3L);
    }

    /** Client ids without end, counting how many were asked for. */
    static final class EndlessIds implements Iterable<String> {
        int served;

        @Override
        public java.util.Iterator<String> iterator() {
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public String next() {
                    return "client-" + served++;
                }
            };
        }
    }

    record Sample(String name, int count) {}
}
