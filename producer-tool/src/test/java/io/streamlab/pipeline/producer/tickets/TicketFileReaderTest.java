package io.streamlab.pipeline.producer.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamlab.pipeline.producer.StopSignal;
import io.streamlab.pipeline.producer.publish.BadInputException;
import io.streamlab.pipeline.producer.publish.Row;
import io.streamlab.pipeline.producer.publish.WholeFileCheck;
import io.streamlab.pipeline.records.InvalidRecordException;
import io.streamlab.pipeline.records.Ticket;
import io.streamlab.pipeline.records.Tickets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicketFileReaderTest {
    private static final io.streamlab.pipeline.config.PipelineConfig.Limits LIMITS =
            io.streamlab.pipeline.config.PipelineConfig.defaults().limits();

    @TempDir
    Path dir;

    private record Read(List<Row.Valid<Ticket>> valid, Map<Long, String> invalid) {
        List<Ticket> tickets() {
            return valid.stream().map(Row.Valid::value).toList();
        }

        List<Long> validLines() {
            return valid.stream().map(Row.Valid::line).toList();
        }
    }

    private static Read readAll(TicketFileReader reader) throws IOException {
        List<Row.Valid<Ticket>> valid = new ArrayList<>();
        Map<Long, String> invalid = new LinkedHashMap<>();
        try (reader) {
            for (Row<Ticket> row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof Row.Valid<Ticket> v) {
                    valid.add(v);
                } else {
                    invalid.put(row.line(), ((Row.Invalid<Ticket>) row).reason());
                }
            }
        }
        return new Read(valid, invalid);
    }

    /** A valid ticket T-{@code n} as a JSON line, with {@code extraFields} (",\"name\":value...") added. */
    private static String ticket(int n, String extraFields) {
        return "{\"ticket_id\":\"T-" + n + "\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\","
                + "\"type\":\"incident\",\"priority\":\"low\"" + extraFields + "}";
    }

    private static String ticket(int n) {
        return ticket(n, "");
    }

    /** The valid ticket T-0 as a JSON line, with {@code field} holding {@code value}, JSON as written. */
    private static String ticketWith(String field, String value) {
        String line = ticket(0);
        String name = "\"" + field + "\":";
        int at = line.indexOf(name);
        if (at < 0) {
            return ticket(0, "," + name + value);
        }
        int end = line.indexOf('"', at + name.length() + 1) + 1;
        return line.substring(0, at + name.length()) + value + line.substring(end);
    }

    @Test
    void replaysACsvWithOtherColumnNamesThroughTheMapping() throws Exception {
        Read read = readAll(TicketFileReader.open(
                SupportCsv.file(),
                TicketFileReader.Format.CSV,
                TicketFileReader.parseMapping(SupportCsv.MAPPING),
                LIMITS));

        assertEquals(SupportCsv.VALID, read.tickets());
        assertEquals(SupportCsv.VALID_LINES, read.validLines());
        assertEquals(SupportCsv.INVALID, read.invalid());
    }

    @ParameterizedTest
    @CsvSource({
        "UTF-16LE, true",
        "UTF-16BE, true",
        "UTF-16LE, false",
        "UTF-16BE, false",
        "UTF-32LE, false",
        "UTF-32BE, false"
    })
    void aJsonFileInUtf16Or32IsRefusedBeforeAnyRowIsRead(String charset, boolean byteOrderMark) throws Exception {
        String text = (byteOrderMark ? "\uFEFF" : "") + ticket(1) + "\n" + ticket(2) + "\n" + ticket(3) + "\n";
        for (TicketFileReader.Format format : List.of(TicketFileReader.Format.JSONL, TicketFileReader.Format.JSON)) {
            Path file = dir.resolve("tickets-" + charset + byteOrderMark + format);
            Files.write(file, text.getBytes(java.nio.charset.Charset.forName(charset)));

            BadInputException e =
                    assertThrows(BadInputException.class, () -> TicketFileReader.open(file, format, Map.of(), LIMITS));
            assertThat(e.getMessage())
                    .startsWith("the file is not UTF-8 text: it starts with")
                    .contains("save it as UTF-8");
        }
    }

    @Test
    void aJsonFileInUtf8WithOrWithoutItsByteOrderMarkIsRead() throws Exception {
        for (String start : List.of("", "\uFEFF")) {
            Path file = dir.resolve("tickets" + start.length() + ".jsonl");
            Files.writeString(file, start + ticket(1) + "\n" + ticket(2) + "\n");
            Read read = readAll(TicketFileReader.open(file, TicketFileReader.Format.JSONL, Map.of(), LIMITS));
            assertThat(read.invalid()).isEmpty();
            assertThat(read.tickets()).hasSize(2);
        }
    }

    @Test
    void aRequiredFieldWithoutAColumnIsRefusedUpFront() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(
                        SupportCsv.file(),
                        TicketFileReader.Format.CSV,
                        TicketFileReader.parseMapping("ticket_id=Ticket ID,client_id=Customer Email"),
                        LIMITS));
        assertTrue(
                e.getMessage().startsWith("the header has no column for created_at, type, priority;"), e.getMessage());

        BadInputException typo = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(
                        SupportCsv.file(),
                        TicketFileReader.Format.CSV,
                        TicketFileReader.parseMapping(SupportCsv.MAPPING + ",type=Ticket Typ"),
                        LIMITS));
        assertTrue(typo.getMessage().contains("type (column 'Ticket Typ')"), typo.getMessage());
    }

    @Test
    void aNameMappedForJsonThatNoObjectHoldsIsFoundWhenTheFileIsReadThrough() throws Exception {
        String row = "{\"id\":\"T-%d\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\","
                + "\"type\":\"incident\",\"priority\":\"low\"%s}";
        Path none = Files.writeString(
                dir.resolve("none.jsonl"),
                String.format(row, 1, ",\"Subject\":\"a\"") + "\n" + String.format(row, 2, "") + "\n");
        Map<String, String> typo = TicketFileReader.parseMapping("ticket_id=id,subject=Subjet,channel=Canal");

        BadInputException refused = assertThrows(
                BadInputException.class,
                () -> WholeFileCheck.readThrough(
                        TicketFileReader.open(none, TicketFileReader.Format.JSONL, typo, LIMITS), new StopSignal()));
        assertEquals(
                "no object of the file has the field 'Subjet' (--map subject=Subjet), 'Canal' (--map channel=Canal):"
                        + " check the names --map gives. Nothing was published",
                refused.getMessage());

        // one object holding each name is enough: the others may lack an optional field
        Path some = Files.writeString(
                dir.resolve("some.json"),
                "[" + String.format(row, 1, ",\"Subjet\":\"a\",\"Canal\":\"web\"") + "," + String.format(row, 2, "")
                        + "]");
        assertEquals(
                2,
                WholeFileCheck.readThrough(
                        TicketFileReader.open(some, TicketFileReader.Format.JSON, typo, LIMITS), new StopSignal()));
        Read read = readAll(TicketFileReader.open(some, TicketFileReader.Format.JSON, typo, LIMITS));
        assertEquals("a", read.tickets().get(0).subject());
        assertEquals(
                List.of("T-1", "T-2"),
                read.tickets().stream().map(Ticket::ticketId).toList());
    }

    @Test
    void aMappedOptionalColumnMissingFromTheHeaderIsRefusedUpFront() throws Exception {
        Path file = dir.resolve("export.csv");
        Files.writeString(
                file,
                "Ticket ID,Customer,Date,Type,Priority,Subject,Body\n"
                        + "T-1,C-1,2025-01-31T10:00:00Z,incident,low,Panne,Ligne 1\n");
        String mapping = "ticket_id=Ticket ID,client_id=Customer,created_at=Date";

        // every ticket was published without its subject and description, and the replay exited 0
        BadInputException typo = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(
                        file,
                        TicketFileReader.Format.CSV,
                        TicketFileReader.parseMapping(mapping + ",subject=Subjet,description=Description"),
                        LIMITS));
        assertEquals(
                "the header has no column for subject (column 'Subjet'), description (column 'Description'); "
                        + "map columns with --map field=column (header: Ticket ID,Customer,Date,Type,Priority,Subject,"
                        + "Body)",
                typo.getMessage());

        BadInputException sameName = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(
                        file,
                        TicketFileReader.Format.CSV,
                        TicketFileReader.parseMapping(mapping + ",channel=channel"),
                        LIMITS));
        assertTrue(sameName.getMessage().startsWith("the header has no column for channel;"), sameName.getMessage());

        // an optional field left unmapped may still have no column
        Read read = readAll(TicketFileReader.open(
                file,
                TicketFileReader.Format.CSV,
                TicketFileReader.parseMapping(mapping + ",subject=Subject,description=Body"),
                LIMITS));
        assertEquals(
                List.of(SupportCsv.ticket(
                        "T-1", "C-1", "2025-01-31T10:00:00Z", "incident", "low", "Panne", "Ligne 1", null)),
                read.tickets());
    }

    @Test
    void aMappedColumnThatAppearsTwiceInTheHeaderIsRefusedUpFront() throws Exception {
        String row = "T-1,C,2025-01-31T10:00:00Z,incident,low,other";
        Path byDefault = dir.resolve("default-twice.csv");
        Files.writeString(byDefault, "ticket_id,client_id,created_at,type,priority,type\n" + row + "\n");
        BadInputException twice = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(byDefault, TicketFileReader.Format.CSV, Map.of(), LIMITS));
        assertEquals(
                "column 'type' appears twice in the header; rename all but one, so that each field has one column "
                        + "(header: ticket_id,client_id,created_at,type,priority,type)",
                twice.getMessage());

        Path mapped = dir.resolve("mapped-twice.csv");
        Files.writeString(mapped, "Ticket ID,client_id,created_at,type,priority,Ticket ID\n" + row + "\n");
        BadInputException mappedTwice = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(
                        mapped, TicketFileReader.Format.CSV, Map.of("ticket_id", "Ticket ID"), LIMITS));
        assertTrue(
                mappedTwice.getMessage().startsWith("column 'Ticket ID' appears twice in the header;"),
                mappedTwice.getMessage());

        // columns are matched ignoring case, so Priority and PRIORITY are the same column twice
        Path folded = dir.resolve("folded-twice.csv");
        Files.writeString(folded, "ticket_id,client_id,created_at,type,Priority,PRIORITY\n" + row + "\n");
        BadInputException foldedTwice = assertThrows(
                BadInputException.class,
                () -> TicketFileReader.open(folded, TicketFileReader.Format.CSV, Map.of(), LIMITS));
        assertTrue(
                foldedTwice.getMessage().startsWith("column 'priority' appears twice in the header;"),
                foldedTwice.getMessage());

        // a repeated column no field reads is no ambiguity
        Path unused = dir.resolve("unused-twice.csv");
        Files.writeString(unused, "ticket_id,client_id,created_at,type,priority,Notes,Notes\n" + row + ",x\n");
        Read read = readAll(TicketFileReader.open(unused, TicketFileReader.Format.CSV, Map.of(), LIMITS));
        assertEquals(
                List.of("T-1"), read.tickets().stream().map(Ticket::ticketId).toList());
    }

    @Test
    void mappingsAreChecked() throws Exception {
        assertEquals(
                Map.of("ticket_id", "Ticket ID", "client_id", "Customer Email"),
                TicketFileReader.parseMapping("ticket_id=\"Ticket ID\", client_id='Customer Email'"));
        assertEquals(
                "unknown ticket field 'ticket' (expected one of ticket_id, client_id, created_at, type, priority, "
                        + "subject, description, channel)",
                assertThrows(BadInputException.class, () -> TicketFileReader.parseMapping("ticket=Ticket ID"))
                        .getMessage());
        assertEquals(
                "'ticket_id' is not target=source (e.g. ticket_id=\"Ticket ID\")",
                assertThrows(BadInputException.class, () -> TicketFileReader.parseMapping("ticket_id"))
                        .getMessage());
    }

    @Test
    void replaysJsonLinesWithNativeFieldNames() throws Exception {
        Path file = dir.resolve("tickets.jsonl");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "{\"ticket_id\":\"T-1\",\"client_id\":\"C-1\",\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":\"incident\","
                                + "\"priority\":\"HIGH\",\"subject\":\"Panne\",\"description\":\"Ligne 1\\nLigne 2 é\",\"channel\":\"email\"}",
                        "",
                        "{not json",
                        "{\"ticket_id\":7,\"client_id\":\"C-2\",\"created_at\":\"2025-01-31T10:00:01\",\"type\":\"question\",\"priority\":\"low\"}",
                        "[1,2]",
                        "{\"ticket_id\":\"T-3\",\"client_id\":\"C-3\",\"created_at\":\"2025-01-31T10:00:02Z\",\"type\":\"incident\"}"),
                StandardCharsets.UTF_8);
        Read read = readAll(TicketFileReader.open(file, TicketFileReader.formatOf(file), Map.of(), LIMITS));

        assertEquals(
                List.of(
                        SupportCsv.ticket(
                                "T-1",
                                "C-1",
                                "2025-01-31T10:00:00Z",
                                "incident",
                                "high",
                                "Panne",
                                "Ligne 1\nLigne 2 é",
                                "email"),
                        SupportCsv.ticket("7", "C-2", "2025-01-31T10:00:01Z", "question", "low", null, null, null)),
                read.tickets());
        assertEquals(List.of(1L, 4L), read.validLines());
        assertEquals(List.of(3L, 5L, 6L), List.copyOf(read.invalid().keySet()));
        assertTrue(
                read.invalid().get(3L).startsWith("invalid JSON: "),
                read.invalid().get(3L));
        assertEquals("expected a JSON object", read.invalid().get(5L));
        assertEquals("missing required field 'priority'", read.invalid().get(6L));
    }

    @Test
    void aJsonValueThatIsNoTextIsAnInvalidRowAsInTheJobNotItsRendering() throws Exception {
        // each row, and whether it is refused (else it is a ticket)
        Map<String, Boolean> rows = new LinkedHashMap<>();
        // was published as the ticket "true" of the client {"a":1}, of type "Infinity", with the subject "100.0"
        rows.put(
                "{\"ticket_id\":true,\"client_id\":{\"a\":1},\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":1e400,"
                        + "\"priority\":\"low\",\"subject\":1e2}",
                true);
        for (String value : List.of("true", "{\"a\":1}", "[1]", "12345.5", "12345.0", "1e400")) {
            rows.put(ticketWith("ticket_id", value), true);
        }
        for (String value : List.of("false", "{}", "[\"C\"]", "0.5", "-1e400")) {
            rows.put(ticketWith("client_id", value), true);
        }
        rows.put(ticketWith("subject", "{\"a\":1}"), true);
        rows.put(ticketWith("description", "[\"a\"]"), true);
        rows.put(ticketWith("subject", "1e2"), true);
        rows.put(ticketWith("type", "1e400"), true);
        // what the job takes: a whole number as its digits, for an id too; a boolean as its text in a text field
        rows.put(ticketWith("ticket_id", "12345").replace("\"client_id\":\"C\"", "\"client_id\":7"), false);
        rows.put(ticketWith("ticket_id", "123456789012345678901234567890"), false);
        rows.put(ticket(0, ",\"subject\":1989,\"channel\":true"), false);
        Path file = dir.resolve("not-text.jsonl");
        Files.writeString(file, String.join("\n", rows.keySet()), StandardCharsets.UTF_8);

        Read read = readAll(TicketFileReader.open(file, TicketFileReader.Format.JSONL, Map.of(), LIMITS));

        // the job's parser, given the row as a Kafka value, refuses the same rows for the same reason
        Map<Long, String> jobReasons = new LinkedHashMap<>();
        long line = 1;
        for (Map.Entry<String, Boolean> row : rows.entrySet()) {
            try {
                Tickets.parse(row.getKey().getBytes(StandardCharsets.UTF_8), LIMITS, System.currentTimeMillis());
                assertFalse(row.getValue(), "the job takes " + row.getKey());
            } catch (InvalidRecordException e) {
                assertTrue(row.getValue(), "the job refuses " + row.getKey() + ": " + e.getMessage());
                jobReasons.put(line, e.getMessage());
            }
            line++;
        }
        assertEquals(jobReasons, read.invalid());
        assertEquals(
                "field 'client_id' must be a string or a whole number, got an object",
                read.invalid().get(9L));
        assertEquals(
                List.of("12345", "123456789012345678901234567890", "T-0"),
                read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals("7", read.tickets().get(0).clientId());
        assertEquals("1989", read.tickets().get(2).subject());
        assertEquals("true", read.tickets().get(2).channel());
    }

    @Test
    void hostileRowsAreReportedWithTheirLineAndTheReplayGoesOn() throws Exception {
        Path file = dir.resolve("hostile.jsonl");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        ticket(1, ""),
                        ticket(2, ",\"subject\":\"" + "{{".repeat(100_000) + "\""),
                        ticket(3, "").replace("2025-01-31T10:00:00Z", "+300000000-01-01T00:00:00Z"),
                        ticket(4, "").replace("\"incident\"", "\"" + "t".repeat(500_000) + "\""),
                        ticket(5, "").replace("\"low\"", "\"" + "p".repeat(900_000) + "\""),
                        ticket(6, "")),
                StandardCharsets.UTF_8);
        Read read = readAll(TicketFileReader.open(file, TicketFileReader.formatOf(file), Map.of(), LIMITS));

        assertEquals(
                List.of("T-1", "T-6"),
                read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(2L, 3L, 4L, 5L), List.copyOf(read.invalid().keySet()));
        assertTrue(
                read.invalid()
                        .get(2L)
                        .startsWith("field 'subject' is too long: 200000 characters, above "
                                + "limits.subject.max-chars (1000)"),
                read.invalid().get(2L));
        assertTrue(
                read.invalid().get(3L).startsWith("field 'created_at' is not a plausible event time"),
                read.invalid().get(3L));
        assertTrue(
                read.invalid().get(4L).contains("limits.ticket-type.max-chars"),
                read.invalid().get(4L));
        read.invalid().values().forEach(reason -> assertTrue(reason.length() < 400, reason));
    }

    @Test
    void aRowAboveTheFileRowBoundIsReportedWithItsLineInEveryFormat() throws Exception {
        io.streamlab.pipeline.config.PipelineConfig.Limits small = io.streamlab.pipeline.config.PipelineConfig.load(
                        List.of("--limits.file-row.max-bytes", "1024"), Map.of())
                .limits();
        String longRow = ticket(2, ",\"attachment\":\"" + "x".repeat(2_000) + "\"");

        Path lines = dir.resolve("long.jsonl");
        Files.writeString(lines, String.join("\n", ticket(1, ""), longRow, ticket(3, "")));
        Read fromLines = readAll(TicketFileReader.open(lines, TicketFileReader.Format.JSONL, Map.of(), small));
        assertEquals(
                List.of("T-1", "T-3"),
                fromLines.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(
                Map.of(2L, "is too long: " + longRow.length() + " bytes, above limits.file-row.max-bytes (1024)"),
                fromLines.invalid());

        Path array = dir.resolve("long.json");
        Files.writeString(array, "[" + String.join(",\n", ticket(1, ""), longRow, ticket(3, "")) + "]");
        Read fromArray = readAll(TicketFileReader.open(array, TicketFileReader.Format.JSON, Map.of(), small));
        assertEquals(
                List.of("T-1", "T-3"),
                fromArray.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(2L), List.copyOf(fromArray.invalid().keySet()));

        Path csv = dir.resolve("long.csv");
        Files.writeString(
                csv,
                "ticket_id,client_id,created_at,type,priority,subject\n"
                        + "T-1,C,2025-01-31T10:00:00Z,incident,low,a\n"
                        + "T-2,C,2025-01-31T10:00:00Z,incident,low,\"a\nb\"," + "y,".repeat(600) + "z\n"
                        + "T-3,C,2025-01-31T10:00:00Z,incident,low,c\n");
        Read fromCsv = readAll(TicketFileReader.open(csv, TicketFileReader.Format.CSV, Map.of(), small));
        assertEquals(
                List.of("T-1", "T-3"),
                fromCsv.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(3L), List.copyOf(fromCsv.invalid().keySet()));
        assertTrue(fromCsv.invalid().get(3L).contains("above limits.file-row.max-bytes (1024)"), fromCsv.toString());
        assertEquals(List.of(2L, 5L), fromCsv.validLines(), "the long row spans lines 3 and 4");
    }

    @Test
    void twoValuesInOneRowAreAnInvalidRowNotADroppedTicket() throws Exception {
        Path array = dir.resolve("missing-comma.json");
        Files.writeString(array, "[\n" + ticket(1) + ",\n" + ticket(2) + "\n" + ticket(3) + ",\n" + ticket(4) + "\n]");
        Read read = readAll(TicketFileReader.open(array, TicketFileReader.Format.JSON, Map.of(), LIMITS));
        assertEquals(
                List.of("T-1", "T-4"),
                read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(3L), List.copyOf(read.invalid().keySet()));
        assertTrue(
                read.invalid().get(3L).startsWith("invalid JSON: Trailing token"),
                read.invalid().toString());

        Path lines = dir.resolve("two-per-line.jsonl");
        Files.writeString(lines, ticket(5) + " " + ticket(6) + "\n" + ticket(7));
        Read fromLines = readAll(TicketFileReader.open(lines, TicketFileReader.Format.JSONL, Map.of(), LIMITS));
        assertEquals(
                List.of("T-7"),
                fromLines.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(1L), List.copyOf(fromLines.invalid().keySet()));
    }

    @Test
    void aDateWithoutATimePaddedWithAnyBlankIsMidnight() throws Exception {
        Path lines = dir.resolve("dates.jsonl");
        Files.writeString(
                lines,
                ticket(1).replace("2025-01-31T10:00:00Z", "2025-01-31\u00a0") + "\n"
                        + ticket(2).replace("2025-01-31T10:00:00Z", "\u3000 2025-02-01"));
        Read read = readAll(TicketFileReader.open(lines, TicketFileReader.Format.JSONL, Map.of(), LIMITS));
        assertEquals(Map.of(), read.invalid());
        assertEquals(
                List.of("2025-01-31T00:00:00Z", "2025-02-01T00:00:00Z"),
                read.tickets().stream().map(Ticket::createdAt).toList());
    }

    @Test
    void aRowThatNamesAFieldTwiceIsAnInvalidRowAsInTheJob() throws Exception {
        Path lines = dir.resolve("twice.jsonl");
        Files.writeString(
                lines, ticket(1) + "\n" + ticket(2, ",\"priority\":\"high\"") + "\n" + ticket(3, ",\"x\":1,\"x\":1"));
        Read read = readAll(TicketFileReader.open(lines, TicketFileReader.Format.JSONL, Map.of(), LIMITS));
        assertEquals(
                List.of("T-1"), read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(
                Map.of(
                        2L,
                                "invalid JSON: the name 'priority' appears twice in one object (which value counts is not defined)",
                        3L,
                                "invalid JSON: the name 'x' appears twice in one object (which value counts is not defined)"),
                read.invalid());
    }

    @Test
    void anEmptyArrayElementIsAnInvalidRowAndOldMacLineEndsAreLines() throws Exception {
        Path array = dir.resolve("double-comma.json");
        Files.writeString(array, "[\n" + ticket(1) + ",\n,\n" + ticket(2) + ",\n" + ticket(3) + ",]");
        Read read = readAll(TicketFileReader.open(array, TicketFileReader.Format.JSON, Map.of(), LIMITS));
        assertEquals(
                List.of("T-1", "T-2", "T-3"),
                read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(Map.of(3L, "is an empty element of the JSON array (two commas in a row)"), read.invalid());

        Path mac = dir.resolve("old-mac.jsonl");
        Files.writeString(mac, ticket(4) + "\r" + ticket(5) + "\r\r" + ticket(6));
        Read lines = readAll(TicketFileReader.open(mac, TicketFileReader.Format.JSONL, Map.of(), LIMITS));
        assertEquals(
                List.of("T-4", "T-5", "T-6"),
                lines.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(List.of(1L, 2L, 4L), lines.validLines());
        assertEquals(Map.of(), lines.invalid());
    }

    @Test
    void aSecondArrayInTheFileIsAnErrorAfterTheFirstOnesRows() throws Exception {
        Path file = dir.resolve("two-arrays.json");
        Files.writeString(
                file,
                "[{\"ticket_id\":\"T-1\",\"client_id\":\"C\",\"created_at\":\"2025-01-31T10:00:00Z\","
                        + "\"type\":\"incident\",\"priority\":\"low\"}]\n[{\"ticket_id\":\"T-2\"}]\n");
        try (TicketFileReader reader = TicketFileReader.open(file, TicketFileReader.Format.JSON, Map.of(), LIMITS)) {
            assertTrue(reader.next() instanceof Row.Valid<Ticket>);
            IOException e = assertThrows(IOException.class, reader::next);
            assertTrue(e.getMessage().startsWith("line 2: the file goes on after its JSON array"), e.getMessage());
        }
    }

    @Test
    void replaysAJsonArray() throws Exception {
        Path file = dir.resolve("tickets.json");
        Files.writeString(
                file,
                "[\n  {\"id\": \"A\", \"client_id\": \"C\", \"created_at\": \"2025-01-31T10:00:00Z\",\n"
                        + "   \"type\": \"incident\", \"priority\": \"low\"},\n  {\"id\": \"B\"}\n]\n",
                StandardCharsets.UTF_8);
        Read read = readAll(
                TicketFileReader.open(file, TicketFileReader.formatOf(file), Map.of("ticket_id", "id"), LIMITS));

        assertEquals(List.of("A"), read.tickets().stream().map(Ticket::ticketId).toList());
        assertEquals(Map.of(4L, "missing required field 'client_id'"), read.invalid());
    }

    @Test
    void anUnknownExtensionNeedsAFormat() {
        BadInputException e =
                assertThrows(BadInputException.class, () -> TicketFileReader.formatOf(Path.of("tickets.txt")));
        assertTrue(e.getMessage().contains("--format csv|jsonl|json"), e.getMessage());
    }
}
