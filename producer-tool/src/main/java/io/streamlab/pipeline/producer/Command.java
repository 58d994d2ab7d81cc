package io.streamlab.pipeline.producer;

import io.streamlab.pipeline.cli.Args;

/** One subcommand of the producer-tool. */
public interface Command {

    Args.Spec spec();

    /** Runs with parsed flags (--help already handled); returns the exit code. */
    int run(Args args, Context context) throws Exception;
}
