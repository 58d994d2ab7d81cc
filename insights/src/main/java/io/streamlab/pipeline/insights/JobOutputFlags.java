package io.streamlab.pipeline.insights;

import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.RawConfig;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --output} and {@code --config} of every insights command: the job's output directory, by
 * default {@code output.dir} of the pipeline's configuration, read as the job reads it.
 */
final class JobOutputFlags {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "the job's output directory (default: output.dir of the configuration, ./output)")
    private Path output;

    @Option(
            names = "--" + RawConfig.CONFIG_FLAG,
            paramLabel = "FILE",
            description = "a properties file over conf/pipeline.properties, as for the job (env " + RawConfig.CONFIG_ENV
                    + ")")
    private String configFile;

    /** The pipeline's configuration: defaults, --config file, environment; a bad one is a usage error. */
    RawConfig config(Map<String, String> env) {
        try {
            return RawConfig.load(
                    configFile == null ? List.of() : List.of("--" + RawConfig.CONFIG_FLAG + "=" + configFile), env);
        } catch (ConfigException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * {@code --output}, or the job's {@code output.dir} read as the job reads it: a {@code file:} URI names
     * its local path (it was taken as a relative folder named {@code file:}), and a folder on another file
     * system (s3://) is said to be out of reach rather than missing.
     */
    Path output(RawConfig config) {
        if (output != null) {
            return output;
        }
        String dir = config.get("output.dir");
        if (dir == null || dir.isBlank()) {
            // as the job refuses it: an empty OUTPUT_DIR read the current folder
            throw new ParameterException(
                    command.commandLine(),
                    "output.dir is empty (from " + config.origin("output.dir") + "): set it to the job's output folder,"
                            + " or give --output DIR");
        }
        return Snapshots.localPath(dir)
                .orElseThrow(() -> new ParameterException(
                        command.commandLine(),
                        "output.dir (" + RawConfig.withoutCredentials(dir) + ", from " + config.origin("output.dir")
                                + ") is not a local folder: insights reads the job's output from the local file"
                                + " system; copy it here and give --output DIR"));
    }
}
