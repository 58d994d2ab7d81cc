package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.cli.Args;
import io.streamlab.pipeline.cli.UsageException;
import io.streamlab.pipeline.config.ConfigException;
import io.streamlab.pipeline.config.PipelineConfig;
import java.util.Map;

/** What every subcommand gets: where to print, the environment, and the stop request. */
public record Context(Console console, Map<String, String> env, StopSignal stop) {

    /** The pipeline configuration from the command's configuration flags, environment and files. */
    public PipelineConfig config(Args args) {
        try {
            return PipelineConfig.load(args.configArgs(), env);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
