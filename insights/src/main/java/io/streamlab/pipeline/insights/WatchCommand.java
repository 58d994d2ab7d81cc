package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.cli.Flags;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.RawConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code insights watch}: the live view of a running job, until it ends. */
@Command(
        name = "watch",
        description = {
            "Prints a live view of the running job every few seconds",
            "from its metrics (Flink REST API) and its latest committed windows (Parquet output), until the job "
                    + "ends."
        })
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    private InsightsCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private JobOutputFlags jobOutput;

    private URI webUi;

    @Option(
            names = "--web-ui",
            paramLabel = "URL",
            description = "the Flink web UI / REST API (default http://localhost:<local.web-ui.port>)")
    void webUi(String url) {
        webUi = webUiUrl(url);
    }

    @Option(
            names = "--job",
            paramLabel = "NAME",
            description = "the job's name (default: the newest job on the cluster, running ones first)")
    private String job;

    private Duration every = Duration.ofSeconds(30);

    @Option(names = "--every", paramLabel = "DURATION", description = "time between two views (default 30s)")
    void every(String text) {
        every = Flags.duration(spec, "--every", text);
    }

    private int top = 5;

    @Option(names = "--top", paramLabel = "N", description = "genres shown for the latest window (default 5)")
    void top(String text) {
        top = Flags.wholeNumber(spec, "--top", text, 1, 50);
    }

    @Override
    public Integer call() throws InterruptedException {
        RawConfig config = jobOutput.config(cli.env());
        URI url = webUi != null ? webUi : URI.create("http://localhost:" + webUiPort(config));
        try (LiveDashboard dashboard = new LiveDashboard(url, jobOutput.output(config), job, top)) {
            dashboard.run(every, cli.out());
        }
        return InsightsCli.EXIT_OK;
    }

    /** The port of the local run's web UI in the configuration: a bad one is blamed on its key and its origin. */
    private static int webUiPort(RawConfig config) {
        String key = "local.web-ui.port";
        String value = config.get(key);
        String port = value.strip();
        if (port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65_535) {
            return Integer.parseInt(port);
        }
        throw new ConfigException("Invalid value '" + value + "' for '" + key + "' (from " + config.origin(key)
                + "): expected a port from 1 to 65535 (or give the web UI's address with --web-ui URL)");
    }

    private URI webUiUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() != null
                    && List.of("http", "https").contains(uri.getScheme())
                    && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65_535))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, as a URL without a host is
        }
        throw Flags.invalid(spec, "--web-ui", url, "a URL such as http://localhost:8081 (a port from 1 to 65535)");
    }
}
