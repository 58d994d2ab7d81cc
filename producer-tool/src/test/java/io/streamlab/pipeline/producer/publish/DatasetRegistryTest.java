package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatasetRegistryTest {
    private static DatasetRegistry.Marker parse(String json) throws IOException {
        return DatasetRegistry.Marker.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMarkerWrittenBeforeProgressMarkersIsComplete() throws IOException {
        DatasetRegistry.Marker old = parse(
                "{\"topic\":\"tracks\",\"topic_id\":\"abc\",\"dataset_id\":\"d1\",\"records\":20000,"
                        + "\"source\":\"20,000 synthetic tracks (seed 42)\",\"completed_at\":\"2024-05-01T00:00:00Z\"}");
        assertThat(old)
                .isEqualTo(new DatasetRegistry.Marker(
                        "tracks",
                        "abc",
                        "d1",
                        20_000,
                        true,
                        "20,000 synthetic tracks (seed 42)",
                        "",
                        "2024-05-01T00:00:00Z",
                        "2024-05-01T00:00:00Z",
                        null,
                        ""));
        assertThat(old.writtenAt()).isEqualTo("2024-05-01T00:00:00Z");
    }

    @Test
    void aPartialMarkerIsNotCompleteAndHasNoCompletionTime() throws IOException {
        DatasetRegistry.Marker partial = parse(
                "{\"topic\":\"tracks\",\"topic_id\":\"abc\",\"dataset_id\":\"d1\",\"records\":18000,"
                        + "\"complete\":false,\"source\":\"s\",\"started_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:05Z\"}");
        assertThat(partial.complete()).isFalse();
        assertThat(partial.records()).isEqualTo(18_000);
        assertThat(partial.completedAt()).isEmpty();
        assertThat(partial.writtenAt()).isEqualTo("2026-01-01T00:00:05Z");
    }

    @Test
    void markersSurviveTheirJsonAndAdvance() throws IOException {
        DatasetRegistry.Marker start = new DatasetRegistry.Marker(
                "t",
                "id",
                "d",
                0,
                false,
                "src",
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
                "",
                null,
                "/data/t.csv");
        DatasetRegistry.Marker partial = start.advanced(5000, false, SourcePosition.row(5012));
        DatasetRegistry.Marker complete = partial.advanced(9000, true, new SourcePosition(1_767_225_600_000L, 9020));
        assertThat(DatasetRegistry.Marker.parse(partial.toJson())).isEqualTo(partial);
        assertThat(DatasetRegistry.Marker.parse(complete.toJson())).isEqualTo(complete);
        assertThat(complete.records()).isEqualTo(9000);
        assertThat(DatasetRegistry.Marker.parse(partial.toJson()).position()).isEqualTo(SourcePosition.row(5012));
        assertThat(DatasetRegistry.Marker.parse(start.advanced(7, false, null).toJson())
                        .position())
                .isNull();
        assertThat(complete.complete()).isTrue();
        assertThat(complete.file()).as("the file it was read from").isEqualTo("/data/t.csv");
        assertThat(complete.completedAt()).isEqualTo(complete.updatedAt());
        assertThat(complete.startedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(DatasetRegistry.record(complete).key()).isEqualTo("t/d");
        assertThat(DatasetRegistry.record(complete).partition())
                .as("the partition find reads, whatever partitions the topic has")
                .isEqualTo(0);
    }

    @Test
    void theLatestOtherPublishOfTheSameFileIsFoundByItsPathAndItsTime() throws IOException {
        java.util.function.BiFunction<String, String, byte[]> partial = (dataset, at) -> new DatasetRegistry.Marker(
                        "t", "id", dataset, 100, false, "tickets of export.csv", at, at, "", null, "/a/export.csv")
                .toJson();
        java.util.Map<String, byte[]> newest = new java.util.HashMap<>();
        newest.put("t/stopped", partial.apply("stopped", "2026-12-01T10:00:00Z"));
        newest.put("t/this", partial.apply("this", "2026-12-03T10:00:00Z"));
        newest.put("t/deleted", null);
        newest.put(
                "t/elsewhere",
                new DatasetRegistry.Marker(
                                "t",
                                "id",
                                "elsewhere",
                                5,
                                false,
                                "tickets of export.csv",
                                "2026-12-02T10:00:00Z",
                                "2026-12-02T10:00:00Z",
                                "",
                                null,
                                "/b/export.csv")
                        .toJson());
        DatasetRegistry.Markers markers = new DatasetRegistry.Markers("t", newest);

        // the same name in another folder, this dataset itself and a tombstone are not it
        assertThat(markers.latestOtherOf("/a/export.csv", "this"))
                .get()
                .extracting(m -> m.datasetId())
                .isEqualTo("stopped");
        assertThat(markers.latestOtherOf("/c/export.csv", "this")).isEmpty();

        // a later publish of the file that completed (given --force) gave the stopped one up
        DatasetRegistry.Marker forced = new DatasetRegistry.Marker(
                "t",
                "id",
                "forced",
                100,
                true,
                "tickets of export.csv",
                "2026-12-02T09:00:00Z",
                "2026-12-02T09:00:00.5Z",
                "2026-12-02T09:00:00.5Z",
                null,
                "/a/export.csv");
        newest.put("t/forced", forced.toJson());
        assertThat(new DatasetRegistry.Markers("t", newest).latestOtherOf("/a/export.csv", "this"))
                .get()
                .extracting(DatasetRegistry.Marker::complete)
                .isEqualTo(true);
    }

    @Test
    void somethingElseIsNoMarker() {
        assertThatThrownBy(() -> parse("[1,2]")).isInstanceOf(IOException.class);
    }

    /**
     * A marker cut short says nothing of how much of its dataset the topic holds: taken for no marker, it had
     * the whole dataset published again. A tombstone is a marker deleted: the dataset is published again.
     */
    @Test
    void anUnreadableMarkerIsAnErrorAndATombstoneIsNoMarker() {
        assertThatThrownBy(() ->
                        DatasetRegistry.read("{\"topic\":\"t\",\"records\":3,\"comp".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DatasetRegistry.UnreadableMarkerException.class)
                .hasMessage("not valid JSON");
        assertThatThrownBy(() -> DatasetRegistry.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DatasetRegistry.UnreadableMarkerException.class)
                .hasMessage("not a JSON object");
        assertThat(DatasetRegistry.read(null)).isEmpty();
        assertThat(DatasetRegistry.read(
                                "{\"topic\":\"t\",\"records\":3,\"complete\":false}".getBytes(StandardCharsets.UTF_8))
                        .map(DatasetRegistry.Marker::records))
                .contains(3L);
    }

    @Test
    void theTransactionalIdIsStablePerTopicAndDataset() {
        String id = "0123456789abcdef0123456789abcdef";
        assertThat(PublishRun.transactionalId("tracks", id)).isEqualTo("producer-tool-tracks-0123456789abcdef");
        assertThat(PublishRun.transactionalId("tickets", id)).isNotEqualTo(PublishRun.transactionalId("tracks", id));
    }
}
