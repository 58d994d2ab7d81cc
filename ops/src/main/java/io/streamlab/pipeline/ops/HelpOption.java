package io.streamlab.pipeline.ops;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} of every command. */
public final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "this help")
    boolean help;
}
