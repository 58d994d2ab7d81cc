package io.streamlab.pipeline.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A --start-time whose generated records the job would refuse as implausible event times is a usage error
 * (exit 2) naming the flag and the range, before Kafka is asked anything. Until 2026-12-02 such tickets were
 * published as implausible-event-time dead letters, and a start far enough away failed at publishing with
 * "cannot read the input: ArithmeticException: long overflow", exit 1.
 */
class StartTimeTest {
    /** Flags that make a run reaching Kafka fail fast, rather than wait 30 s for it. */
    private static final String UNREACHABLE = " --kafka.bootstrap.servers 127.0.0.1:1 --kafka.startup-timeout=1s";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "tickets --count 3 --seed 1 --start-time 1990-01-01T00:00:00Z | invalid value '1990-01-01T00:00:00Z' for --start-time: expected an instant from 2000-01-01T00:00:04Z to ",
                "tickets --count 3 --seed 1 --start-time +300000000-01-01T00:00:00Z | invalid value '+300000000-01-01T00:00:00Z' for --start-time: expected an instant from 2000-01-01T00:00:04Z to ",
                "tickets --continuous --start-time 2000-01-01T00:00:00Z | invalid value '2000-01-01T00:00:00Z' for --start-time",
                "tracks --synthetic 10 --start-time 1990-01-01T00:00:00Z | invalid value '1990-01-01T00:00:00Z' for --start-time: expected an instant from 2000-01-01T00:00:05Z to ",
                "tracks --synthetic 10 --start-time +300000000-01-01T00:00:00Z | invalid value '+300000000-01-01T00:00:00Z' for --start-time",
                "tracks --file tracks.csv --start-time 1990-01-01T00:00:00Z | expected an instant from 2000-01-01T00:00:00Z to ",
                "tickets --count 3 --start-time 2000-06-01T00:00:00Z --limits.event-time.min 2001-01-01T00:00:00Z | expected an instant from 2001-01-01T00:00:04Z to ",
                // no start: the records end about now, and a long enough dataset began before the floor
                "tracks --synthetic 10000000 --events-per-second 0.01 | 10,000,000 synthetic tracks at --events-per-second 0.01 would start at ",
                "tickets --count 1000000000 --spacing-ms 86400000 | 1,000,000,000 tickets 86400000 ms apart would start at ",
                "tickets --continuous --rate 0 --start-time 2026-01-01T00:00:00Z | --continuous --rate 0 from a --start-time runs ahead of the clock"
            })
    void aStartTimeWhoseRecordsTheJobWouldRefuseIsAUsageError(String commandLine, String expected) {
        Cli.Result result = Cli.run((commandLine.trim() + UNREACHABLE).split(" "));

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).as(result.toString()).isEmpty();
        List<String> lines = result.err().lines().toList();
        assertThat(lines).as(result.toString()).hasSize(2);
        assertThat(lines.get(0)).startsWith("ERROR producer-tool").contains(expected.trim());
        assertThat(lines.get(1)).startsWith("Usage: producer-tool");
    }

    /** Only a start before the floor is the generator's fault: the upper bound is the job's to enforce. */
    @Test
    void withoutAStartOnlyTheFloorIsChecked() {
        for (String commandLine : List.of(
                "tickets --count 1 --seed 1 --limits.event-time.max-ahead 0s",
                "tracks --synthetic 1 --limits.event-time.max-ahead 0s")) {
            Cli.Result result = Cli.run((commandLine + UNREACHABLE).split(" "));
            assertThat(result.code()).as(result.toString()).isNotEqualTo(2);
            assertThat(result.err()).as(result.toString()).contains("Cannot reach Kafka");
        }
    }

    @Test
    void theAcceptedRangeNamesTheBoundsOfTheJob() {
        Cli.Result result =
                Cli.run(("tickets --count 3 --seed 1 --start-time 1990-01-01T00:00:00Z" + UNREACHABLE).split(" "));
        assertThat(result.err())
                .as(result.toString())
                .contains("3 tickets 200 ms apart (up to 4 s of jitter)")
                .contains("limits.event-time.min", "limits.event-time.max-ahead ahead of now");
    }
}
