package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.RawConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code insights report}: the summary, the CSV exports and report.html of an output directory. */
@Command(
        name = "report",
        description = {
            "Writes insights_summary.json, top_genres.csv, top_artists.csv, stats_by_type.csv, word_frequency.csv "
                    + "and report.html",
            "from the committed Parquet part files of the job's output directory."
        })
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    private InsightsCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JobOutputFlags jobOutput;

    @Option(names = "--to", paramLabel = "DIR", description = "where to write them (default: <output>/_insights)")
    private Path to;

    private int top = 10;

    @Option(names = "--top", paramLabel = "N", description = "length of the top lists (default 10)")
    void top(String text) {
        top = Flags.wholeNumber(spec, "--top", text, 1, 1000);
    }

    @Override
    public Integer call() {
        RawConfig config = jobOutput.config(cli.env());
        Path output = jobOutput.output(config);
        Path target =
                (to != null ? to : output.resolve("_insights")).toAbsolutePath().normalize();
        InsightsReport.Written written = InsightsReport.write(output, target, top, Instant.now());
        PrintStream out = cli.out();
        // notes quote the data (topics, datasets' values): shown as the live view shows it
        written.notes().forEach(n -> cli.err().println(InsightsCli.NAME + ": note: " + LiveDashboard.terminalSafe(n)));
        out.println("Insights of " + output.toAbsolutePath().normalize() + ":");
        written.files().forEach(f -> out.println("  " + f));
        return InsightsCli.EXIT_OK;
    }
}
