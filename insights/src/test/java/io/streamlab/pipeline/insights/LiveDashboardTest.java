package io.streamlab.pipeline.insights;

import static io.streamlab.pipeline.insights.ParquetFixtures.MINUTE;
import static io.streamlab.pipeline.insights.ParquetFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text of the live view; the REST side is exercised against a real job in flink-job's InsightsITCase. */
class LiveDashboardTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LiveDashboard dashboard =
            new LiveDashboard(URI.create("http://localhost:1"), Path.of("unused"), "job", 3);
    private final FlinkRestClient.Job job =
            new FlinkRestClient.Job("j1", "spotify-tickets-pipeline", "RUNNING", T0, -1, 125_000);

    @Test
    void ratesAreOverTheTimeSinceThePreviousView() throws Exception {
        LiveDashboard.Outputs none = LiveDashboard.Outputs.unavailable("no window committed yet");
        dashboard.render(new LiveDashboard.Snapshot(
                Instant.ofEpochMilli(T0 + 10_000), job, Map.of("tracksParsed", 1_000L), none));
        String view = dashboard.render(new LiveDashboard.Snapshot(
                Instant.ofEpochMilli(T0 + 40_000),
                job,
                Map.of(
                        "tracksParsed",
                        31_000L,
                        "ticketsParsed",
                        300L,
                        "tracksInvalid",
                        2L,
                        "ticketsLate",
                        1L,
                        "ticketsRouted.incident",
                        120L,
                        "ticketsRouted.produit",
                        180L),
                none));
        assertTrue(view.contains("tracks      31,000 read      1,000/s"), view);
        assertTrue(view.contains("tickets        300 read         10/s"), view);
        assertTrue(view.contains("routed   incident 120 · produit 180"), view);
        assertTrue(view.contains("dead letters 3"), view);
        assertTrue(view.contains("up 2m05s"), view);
        assertTrue(view.contains("committed output: no window committed yet"), view);
    }

    @Test
    void theLatestCommittedWindowsAreShown() throws Exception {
        LiveDashboard.Outputs outputs = new LiveDashboard.Outputs(
                MAPPER.readTree(
                        "{\"window_start\":" + T0 + ",\"window_end\":" + (T0 + MINUTE) + ",\"track_count\":1234}"),
                (ArrayNode) MAPPER.readTree(
                        "[{\"genre\":\"pop\",\"track_count\":120},{\"genre\":\"rock\",\"track_count\":98}]"),
                (ArrayNode) MAPPER.readTree("[{\"window_start\":" + T0 + ",\"window_end\":" + (T0 + MINUTE)
                        + ",\"team\":\"incident\",\"ticket_count\":12,\"high_or_critical\":4},"
                        + "{\"window_start\":" + T0
                        + ",\"team\":\"produit\",\"ticket_count\":3,\"high_or_critical\":0}]"),
                (ArrayNode) MAPPER.readTree("[{\"reason\":\"invalid JSON\",\"count\":7}]"),
                42,
                null);
        String view =
                dashboard.render(new LiveDashboard.Snapshot(Instant.ofEpochMilli(T0 + 60_000), job, Map.of(), outputs));
        assertTrue(view.contains("committed output (42 part files)"), view);
        assertTrue(
                view.contains("tracks window  2023-11-14 22:14–22:15: 1,234 tracks; top genres: pop 120, rock 98"),
                view);
        assertTrue(
                view.contains("tickets window 2023-11-14 22:14–22:15: incident 12 (4 high/critical) · produit 3"),
                view);
        assertTrue(view.contains("dead letters   invalid JSON 7"), view);
    }

    @Test
    void groupedMetricsAreKeyedByTheirGroupValue() {
        assertEquals("ticketsRouted.incident", FlinkRest.key("0.Route_tickets_to_teams.team.incident.ticketsRouted"));
        assertEquals("tracksParsed", FlinkRest.key("1.Validate_tracks.tracksParsed"));
    }
}
