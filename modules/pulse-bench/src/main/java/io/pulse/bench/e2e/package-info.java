/** End-to-end throughput of the topology on a real broker; {@link io.pulse.bench.e2e.EndToEndBenchmark} is the entry point. */
package io.pulse.bench.e2e;
