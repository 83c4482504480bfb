/** The soak harness: Pulse at a steady rate for a long time, its state directory and heap sampled as it goes. */
package io.pulse.bench.soak;
