package io.streamlab.pipeline.producer;

import java.util.Map;

/** What every command gets: where to print, the environment, and the stop request. */
public record Context(Console console, Map<String, String> env, StopSignal stop) {}
