/**
 * Realistic simulated load: {@link io.pulse.dev.sim.Simulator} makes the events, deterministically from a seed;
 * {@link io.pulse.dev.sim.SimulationLoop} paces them at a rate; {@code pulse simulate}
 * ({@link io.pulse.dev.sim.SimulateCommand}) and {@code pulse demo} use both.
 */
package io.pulse.dev.sim;
