package io.streamlab.pipeline.producer.tracks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.records.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackCsvReaderTest {

    private record Read(List<Row.Valid<Track>> valid, Map<Long, String> invalid) {
        List<Track> tracks() {
            return valid.stream().map(Row.Valid::value).toList();
        }

        List<Long> validLines() {
            return valid.stream().map(Row.Valid::line).toList();
        }
    }

    private static Read readAll(TrackCsvReader reader) throws IOException {
        List<Row.Valid<Track>> valid = new ArrayList<>();
        Map<Long, String> invalid = new LinkedHashMap<>();
        try (reader) {
            for (Row<Track> row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof Row.Valid<Track> v) {
                    valid.add(v);
                } else {
                    invalid.put(row.line(), ((Row.Invalid<Track>) row).reason());
                }
            }
        }
        return new Read(valid, invalid);
    }

    private static TrackCsvReader open(String csv) throws IOException, BadInputException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return TrackCsvReader.open(
                new ByteArrayInputStream(bytes),
                bytes.length,
                PipelineConfig.defaults().limits());
    }

    @Test
    void hostileRowsAreReportedWithTheirLineAndTheReplayGoesOn() throws Exception {
        String header = ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,"
                + "key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,"
                + "track_genre\n";
        String row = "%d,id%d,%s,Album,Song,50,%s,False,0.5,0.5,1,-5.0,1,0.1,0.1,0.0,0.1,0.5,120.0,4,pop\n";
        Read read = readAll(open(header
                + String.format(row, 0, 0, "Ana", "200000")
                + String.format(
                        row,
                        1,
                        1,
                        java.util.stream.IntStream.range(0, 60_000)
                                .mapToObj(i -> "Artist " + i)
                                .collect(java.util.stream.Collectors.joining(";")),
                        "200000")
                + String.format(row, 2, 2, "Ana", "9000000000000000000")
                + String.format(row, 3, 3, "B".repeat(600), "200000")
                + String.format(row, 4, 4, "Ana", "200000")));

        assertEquals(
                List.of("id0", "id4"),
                read.tracks().stream().map(Track::trackId).toList());
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(read.invalid().keySet()));
        assertEquals(
                "field 'artists' names 60000 artists, above limits.artists.max-per-track (50)",
                read.invalid().get(3L));
        assertTrue(
                read.invalid().get(4L).startsWith("field 'duration_ms' is out of range"),
                read.invalid().get(4L));
        assertTrue(
                read.invalid().get(5L).contains("limits.name.max-chars"),
                read.invalid().get(5L));
        read.invalid().values().forEach(reason -> assertTrue(reason.length() < 400, reason));
    }

    @Test
    void aRowAboveTheFileRowBoundIsReportedWithItsLineAndKeepsItsRecordId() throws Exception {
        String header = "track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,"
                + "key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,"
                + "track_genre\n";
        String row = "id%d,%s,Album,Song,50,200000,False,0.5,0.5,1,-5.0,1,0.1,0.1,0.0,0.1,0.5,120.0,4,pop\n";
        String csv = header
                + String.format(row, 0, "Ana")
                + String.format(row, 1, "B,".repeat(2_000) + "B")
                + String.format(row, 2, "Ana");
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Read read = readAll(TrackCsvReader.open(
                new ByteArrayInputStream(bytes),
                bytes.length,
                PipelineConfig.load(List.of("--limits.file-row.max-bytes", "1024"), Map.of())
                        .limits()));

        assertEquals(
                List.of("id0", "id2"),
                read.tracks().stream().map(Track::trackId).toList());
        assertEquals(
                List.of(0L, 2L), read.tracks().stream().map(Track::recordId).toList());
        assertEquals(List.of(3L), List.copyOf(read.invalid().keySet()));
        assertTrue(
                read.invalid()
                        .get(3L)
                        .matches("is too long: \\d+ characters, above limits.file-row.max-bytes \\(1024\\)"),
                read.invalid().get(3L));
    }

    @Test
    void aFileThatIsNotTextIsRefusedAtItsHeader() {
        byte[] binary = {(byte) 0x8d, (byte) 0xff, 0, 1, '\n', 2, 3};
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> TrackCsvReader.open(
                        new ByteArrayInputStream(binary),
                        binary.length,
                        PipelineConfig.defaults().limits()));
        assertTrue(e.getMessage().contains("line 1 is not UTF-8 text"), e.getMessage());
    }

    @Test
    void readsEveryQuirkOfTheKaggleFile() throws Exception {
        Read read = readAll(
                TrackCsvReader.open(QuirksCsv.file(), PipelineConfig.defaults().limits()));

        assertEquals(QuirksCsv.VALID, read.tracks());
        assertEquals(QuirksCsv.VALID_LINES, read.validLines());
        assertEquals(QuirksCsv.INVALID, read.invalid());
    }

    @Test
    void mapsColumnsByHeaderNameWhateverTheirOrder() throws Exception {
        String csv = "track_genre,time_signature,tempo,valence,liveness,instrumentalness,acousticness,speechiness,mode,"
                + "loudness,key,energy,danceability,explicit,duration_ms,popularity,track_name,album_name,artists,track_id,,extra\n"
                + "acoustic,4,87.917,0.715,0.358,1.01e-06,0.0322,0.143,0,-6.746,1,0.461,0.676,FALSE,230666,73,Comedy,Comedy,"
                + "Gen Hoshino,5SuOikwiRyPMVoIQDJUgSV,0,ignored\n";
        Read read = readAll(open(csv));

        assertEquals(List.of(QuirksCsv.VALID.get(0)), read.tracks());
        assertEquals(Map.of(), read.invalid());
    }

    @Test
    void anIdAndAGenrePaddedWithSpacesBeyondAsciiAreTheKeysTheJobReads() throws Exception {
        String csv = "track_genre,time_signature,tempo,valence,liveness,instrumentalness,acousticness,speechiness,mode,"
                + "loudness,key,energy,danceability,explicit,duration_ms,popularity,track_name,album_name,artists,track_id\n"
                + "\u00a0acoustic\u3000,4,87.917,0.715,0.358,1.01e-06,0.0322,0.143,0,-6.746,1,0.461,0.676,FALSE,230666,73,"
                + "Comedy,Comedy,Gen Hoshino,\ufeff5SuOikwiRyPMVoIQDJUgSV\u2007\n";
        Track track = readAll(open(csv)).tracks().get(0);

        assertEquals("acoustic", track.trackGenre());
        assertEquals("5SuOikwiRyPMVoIQDJUgSV", track.trackId());
    }

    @Test
    void withoutAnIndexColumnTheRecordIdIsTheRowNumberAndCrLfLinesAreCounted() throws Exception {
        String header = String.join(
                ",",
                TrackCsvReader.headerExample()
                        .subList(1, TrackCsvReader.headerExample().size()));
        String row =
                "5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,\"Come\r\ndy\",73,230666,True,0.676,0.461,1,-6.746,0,0.143,0.0322,"
                        + "1.01e-06,0.358,0.715,87.917,4,acoustic";
        Read read = readAll(
                open("\uFEFF" + header + "\r\n" + row + "\r\n\r\n" + row.replace("73,", "x,") + "\r\n" + row + "\r\n"));

        assertEquals(List.of(2L, 7L), read.validLines());
        assertEquals(
                List.of(0L, 2L), read.tracks().stream().map(Track::recordId).toList());
        assertEquals("Come\r\ndy", read.tracks().get(0).trackName());
        assertTrue(read.tracks().get(0).explicit());
        assertEquals(Map.of(5L, "field 'popularity' must be a whole number, got 'x'"), read.invalid());
    }

    @Test
    void aMissingRequiredColumnIsRefusedWithItsName() {
        String csv =
                ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,key,loudness,mode,"
                        + "speechiness,acousticness,instrumentalness,liveness,valence,time_signature,track_genre\n";
        BadInputException e = assertThrows(BadInputException.class, () -> open(csv));
        assertTrue(e.getMessage().startsWith("the header misses the required columns energy, tempo"), e.getMessage());
    }

    @Test
    void aFieldsColumnTwiceInTheHeaderIsRefusedNotGuessed() {
        String header = String.join(",", TrackCsvReader.headerExample());
        // the same name in another case is the same column: names are compared without case
        BadInputException e = assertThrows(BadInputException.class, () -> open(header + ",Popularity,track_name\n"));
        assertTrue(
                e.getMessage()
                        .startsWith("the header has the column 'popularity' twice, 'track_name' twice: which one"),
                e.getMessage());
    }

    @Test
    void aSecondEmptyColumnNameAfterTheIndexIsNoRepeat() throws Exception {
        String header = String.join(",", TrackCsvReader.headerExample());
        String row = "0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,"
                + "0.0322,1.01e-06,0.358,0.715,87.917,4,acoustic,";
        Read read = readAll(open(header + ",\n" + row + "\n"));
        assertEquals(1, read.tracks().size(), read.invalid().toString());
    }

    @Test
    void anEmptyFileIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> open(""));
        assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
    }

    @Test
    void numbersAreCheckedStrictly() throws Exception {
        String header = String.join(",", TrackCsvReader.headerExample());
        String good =
                "0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,Comedy,73,230666,False,0.676,0.461,1,-6.746,0,0.143,0.0322,"
                        + "1.01e-06,0.358,0.715,87.917,4,acoustic";
        List<String> rows = List.of(
                good.replace("0.676", "NaN"),
                good.replace("0.676", "Infinity"),
                good.replace("0.676", ""),
                good.replace("False", "yes"),
                good.replace(",4,acoustic", ",4.0,acoustic"),
                good.replace(",4,acoustic", ",4.5,acoustic"),
                good.replace("0.358", "1.5"),
                good.replace(",73,", ",\u0667\u0663,"), // Arabic-Indic 73, which Long.parseLong read
                good.replace("87.917", "0x1p6"));
        Read read = readAll(open(header + "\n" + String.join("\n", rows) + "\n"));

        assertEquals(List.of(6L), read.validLines());
        Track fourPointZero = read.tracks().get(0);
        assertEquals(4, fourPointZero.timeSignature());
        assertEquals(
                Map.of(
                        2L, "field 'danceability' must be a number, got 'NaN'",
                        3L, "field 'danceability' must be a number, got 'Infinity'",
                        4L, "missing required field 'danceability'",
                        5L, "field 'explicit' must be True or False, got 'yes'",
                        7L, "field 'time_signature' must be a whole number, got '4.5'",
                        8L, "field 'liveness' is out of range: 1.5 (expected 0 to 1)",
                        9L, "field 'popularity' must be a whole number, got '\u0667\u0663'",
                        10L, "field 'tempo' must be a number, got '0x1p6'"),
                read.invalid());
    }
}
