/**
 * The topology's processors, in data-flow order: {@link io.pulse.streams.processor.DecodeProcessor},
 * {@link io.pulse.streams.processor.DedupeFanOutProcessor}, {@link io.pulse.streams.processor.AggregateProcessor}.
 */
package io.pulse.streams.processor;
