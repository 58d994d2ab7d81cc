package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.Console;
import io.streamlab.pipeline.producer.tickets.TicketFileReader;
import io.streamlab.pipeline.producer.tickets.TicketsCommand;
import io.streamlab.pipeline.producer.tracks.TrackCsvReader;
import io.streamlab.pipeline.producer.tracks.TrackSources;
import io.streamlab.pipeline.records.Json;
import io.streamlab.pipeline.records.Tickets;
import io.streamlab.pipeline.records.Tracks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row of a file is published only as a record the job accepts: its checks of the row's own columns are
 * not enough, since a whole field or the whole record, once written as JSON, has bounds of its own.
 */
class FileRecordsAsTheJobReadsThemTest {
    private static final String TRACKS_HEADER = ",track_id,artists,album_name,track_name,popularity,duration_ms,"
            + "explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,"
            + "valence,tempo,time_signature,track_genre\n";
    private static final String TRACK_ROW =
            "%d,id%d,%s,Album,Song,50,200000,False,0.5,0.5,1,-5.0,1,0.1,0.1,0.0,0.1,0.5,120.0,4,pop\n";

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final Rejects rejects = new Rejects(new Console(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(warnings, true, StandardCharsets.UTF_8),
            false));

    private static List<OutgoingRecord> readAll(RecordSource source) throws IOException {
        List<OutgoingRecord> records = new ArrayList<>();
        try (source) {
            for (OutgoingRecord r = source.next(); r != null; r = source.next()) {
                records.add(r);
            }
        }
        return records;
    }

    @Test
    void anArtistsFieldOfOneNameRepeatedIsReportedNotPublishedForTheJobToRefuse() throws Exception {
        PipelineConfig.Limits limits = PipelineConfig.defaults().limits();
        // one distinct name, so every check of the names passes: 32,000 characters are above the bound of
        // the whole field (50 x 503) and 1.08 MB above the record's (1 MiB), which Kafka also refused, and
        // which stopped every re-run of the publish at that row
        String csv = TRACKS_HEADER
                + String.format(TRACK_ROW, 0, 0, "Ana")
                + String.format(TRACK_ROW, 1, 1, "Ana;".repeat(8_000))
                + String.format(TRACK_ROW, 2, 2, "Ana;".repeat(270_000))
                + String.format(TRACK_ROW, 3, 3, "Ana;Bo");
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        TrackCsvReader reader = TrackCsvReader.open(new ByteArrayInputStream(bytes), bytes.length, limits);

        List<OutgoingRecord> published = readAll(TrackSources.file(reader, rejects, id -> 1_767_225_600L, limits));

        assertThat(published).extracting(OutgoingRecord::key).containsExactly("id0", "id3");
        for (OutgoingRecord r : published) {
            Tracks.parse(r.value(), limits, 1_767_225_600_000L);
        }
        assertThat(rejects.count()).isEqualTo(2);
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .contains("line 3: field 'artists' is too long: 32000 characters")
                .contains("line 4: ")
                .contains("limits.record.max-bytes");
    }

    @Test
    void aTicketRowThatGrowsWhenNormalisedPastTheRecordBoundIsReported(@TempDir Path dir) throws Exception {
        PipelineConfig.Limits limits = PipelineConfig.load(List.of("--limits.record.max-bytes", "1024"), Map.of())
                .limits();
        // a local time without seconds is published as a full instant, 4 characters longer: find the
        // description that puts the row at the bound and its record 4 bytes above it
        String row = null;
        for (int n = 0; n < 1_024; n++) {
            String candidate = ticketLine("grows", "2026-01-01T10:00", "x".repeat(n));
            if (Json.write(Json.MAPPER.readTree(candidate)).length == 1_024) {
                row = candidate;
                break;
            }
        }
        assertThat(row).isNotNull();
        Path file = dir.resolve("export.jsonl");
        Files.writeString(
                file,
                ticketLine("first", "2026-01-01T10:00:00Z", "ok") + "\n" + row + "\n"
                        + ticketLine("last", "2026-01-01T10:00:00Z", "ok") + "\n");
        TicketFileReader reader = TicketFileReader.open(file, TicketFileReader.Format.JSONL, Map.of(), limits);

        List<OutgoingRecord> published =
                readAll(RecordSources.rows(reader, rejects, TicketsCommand.checkedRecord(limits)));

        assertThat(published).extracting(OutgoingRecord::key).containsExactly("first", "last");
        for (OutgoingRecord r : published) {
            Tickets.parse(r.value(), limits, System.currentTimeMillis());
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8))
                .contains("line 2: ")
                .contains("limits.record.max-bytes");
    }

    private static String ticketLine(String id, String createdAt, String description) {
        return "{\"ticket_id\":\"" + id + "\",\"client_id\":\"C1\",\"created_at\":\"" + createdAt
                + "\",\"type\":\"incident\",\"priority\":\"high\",\"subject\":\"s\",\"description\":\"" + description
                + "\",\"channel\":\"email\"}";
    }
}
