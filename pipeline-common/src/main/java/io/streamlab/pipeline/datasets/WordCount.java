package io.streamlab.pipeline.datasets;

/** One row of {@code word_frequency}: how many tickets of the window have {@code word} among their keywords. */
public record WordCount(long windowStart, long windowEnd, String word, long count) {}
