/**
 * Realistic simulated load: {@link io.pulse.app.sim.Simulator} makes the events, deterministically from a seed;
 * {@link io.pulse.app.sim.SimulationLoop} paces them at a rate; {@code simulate} and {@code demo} use both.
 */
package io.pulse.app.sim;
