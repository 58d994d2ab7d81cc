package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.cli.UsageException;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.RawConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code insights} CLI: {@code report} writes the summary, CSV exports and HTML report of an output
 * directory; {@code watch} prints the live view of a running job. Defaults come from the pipeline's
 * configuration ({@code output.dir}, {@code local.web-ui.port}; {@code --config FILE}
 * and environment variables as for the job).
 *
 * <p>Exit codes: 0 done, 1 nothing to report on (missing output, nothing committed, files from an older
 * job), 2 usage error.
 */
public final class InsightsCli {
    public static final String NAME = "insights";
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Args.Option OUTPUT = Args.value(
            "output", "DIR", "the job's output directory (default: output.dir of the configuration, ./output)");
    private static final Args.Option CONFIG = Args.value(
            "config", "FILE", "a properties file over conf/pipeline.properties, as for the job (env PIPELINE_CONFIG)");
    private static final Args.Option TOP = Args.value("top", "N", "length of the top lists (default 10)");

    static final Args.Spec REPORT = new Args.Spec(
            NAME,
            "report",
            "Writes insights_summary.json, top_genres.csv, top_artists.csv, stats_by_type.csv, word_frequency.csv "
                    + "and report.html\nfrom the committed Parquet part files of the job's output directory.",
            List.of(OUTPUT, Args.value("to", "DIR", "where to write them (default: <output>/_insights)"), TOP, CONFIG),
            false);

    static final Args.Spec WATCH = new Args.Spec(
            NAME,
            "watch",
            "Prints a live view of the running job every few seconds\nfrom its metrics (Flink REST API) and its "
                    + "latest committed windows (Parquet output), until the job ends.",
            List.of(
                    OUTPUT,
                    Args.value(
                            "web-ui",
                            "URL",
                            "the Flink web UI / REST API (default http://localhost:<local.web-ui.port>)"),
                    Args.value(
                            "job",
                            "NAME",
                            "the job's name (default: the newest job on the cluster, running ones first)"),
                    Args.value("every", "DURATION", "time between two views (default 30s)"),
                    Args.value("top", "N", "genres shown for the latest window (default 5)"),
                    CONFIG),
            false);

    private InsightsCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Runs one command as {@code main} would, without exiting; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(usage());
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        Args.Spec spec = switch (args[0]) {
            case "report" -> REPORT;
            case "watch" -> WATCH;
            default -> null;
        };
        if (spec == null) {
            err.println("insights: unknown command '" + args[0] + "' (commands: report, watch; see insights --help)");
            return EXIT_USAGE;
        }
        try {
            Args parsed = Args.parse(spec, Arrays.copyOfRange(args, 1, args.length));
            if (parsed.help()) {
                out.print(spec.usage());
                return EXIT_OK;
            }
            RawConfig config = RawConfig.load(
                    parsed.string("config").map(f -> List.of("--config", f)).orElse(List.of()), env);
            Path output = Path.of(parsed.string("output", config.get("output.dir")));
            return spec == REPORT ? report(parsed, output, out, err) : watch(parsed, config, output, out);
        } catch (UsageException | ConfigException e) {
            err.println(spec.invocation() + ": " + e.getMessage());
            return EXIT_USAGE;
        } catch (InsightsException e) {
            err.println(spec.invocation() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (UncheckedIOException e) {
            err.println(spec.invocation() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IllegalStateException e) {
            // DuckDB refusing a file (a damaged or foreign .parquet): its message names the file
            err.println(spec.invocation() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        }
    }

    private static int report(Args args, Path output, PrintStream out, PrintStream err) {
        int top = args.intValue("top", 10, 1, 1000);
        Path target = Path.of(args.string("to", output.resolve("_insights").toString()))
                .toAbsolutePath()
                .normalize();
        InsightsReport.Written written = InsightsReport.write(output, target, top, Instant.now());
        written.notes().forEach(n -> err.println("insights: note: " + n));
        out.println("Insights of " + output.toAbsolutePath().normalize() + ":");
        written.files().forEach(f -> out.println("  " + f));
        return EXIT_OK;
    }

    private static int watch(Args args, RawConfig config, Path output, PrintStream out) throws InterruptedException {
        URI webUi;
        String url = args.string("web-ui", "http://localhost:" + config.get("local.web-ui.port"));
        try {
            webUi = new URI(url);
            if (webUi.getHost() == null || !List.of("http", "https").contains(webUi.getScheme())) {
                throw new URISyntaxException(url, "expected http://host:port");
            }
        } catch (URISyntaxException e) {
            throw Args.invalid("web-ui", url, "a URL such as http://localhost:8081");
        }
        Duration every = args.duration("every", Duration.ofSeconds(30));
        String job = args.string("job").orElse(null);
        new LiveDashboard(webUi, output, job, args.intValue("top", 5, 1, 50)).run(every, out);
        return EXIT_OK;
    }

    static String usage() {
        return "Usage: insights COMMAND [flags]   (insights COMMAND --help for its flags)\n\n"
                + "Commands:\n"
                + "  report   " + REPORT.summary().lines().findFirst().orElse("") + "\n"
                + "  watch    " + WATCH.summary().lines().findFirst().orElse("") + "\n"
                + "\nExit codes: 0 done, 1 nothing to report on (see the message), 2 usage error.\n";
    }
}
