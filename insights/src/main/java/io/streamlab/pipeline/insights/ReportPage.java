package io.streamlab.pipeline.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The charts of report.html and the data block they are drawn from, for a program (or a test) that
 * reads a report back.
 */
public final class ReportPage {
    /** Every chart of the page: its canvas is {@code chart-<name>}, its data {@code charts.<name>}. */
    public static final List<String> CHARTS = List.of(
            "top-genres",
            "top-artists",
            "genre-profiles",
            "tickets-per-team",
            "priority-mix",
            "top-keywords",
            "late-records",
            "invalid-records");

    private static final String START = "<script id=\"report-data\" type=\"application/json\">";

    private ReportPage() {}

    public static JsonNode data(String html) throws IOException {
        int from = html.indexOf(START);
        if (from < 0) {
            throw new IOException("not an insights report: no report-data block");
        }
        from += START.length();
        return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    }
}
