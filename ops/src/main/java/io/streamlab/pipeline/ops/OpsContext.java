package io.streamlab.pipeline.ops;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.flinkrest.FlinkRestClient;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What one run of a command works with: its output streams, its environment and the configuration
 * flags given after {@code --}. Results (a job id, a savepoint path) go to {@link #out()}, progress to
 * {@link #err()}, so commands compose: {@code SP=$(ops stop)}.
 */
public final class OpsContext {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final List<String> configFlags;
    private PipelineConfig config;

    public OpsContext(PrintStream out, PrintStream err, Map<String, String> env, List<String> configFlags) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.configFlags = List.copyOf(configFlags);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The {@code --key value} flags after {@code --}: configuration, and the job's flags when it is started. */
    public List<String> configFlags() {
        return configFlags;
    }

    /** The configuration of this run, loaded and validated once (a {@code ConfigException} names the key). */
    public PipelineConfig config() {
        if (config == null) {
            config = PipelineConfig.load(configFlags, env);
        }
        return config;
    }

    public FlinkRestClient rest() {
        return new FlinkRestClient(config().operations().flinkRest());
    }

    /** A progress line on stderr, prefixed with the command. */
    public void say(String command, String message) {
        err.println("[" + command + "] " + message);
    }
}
