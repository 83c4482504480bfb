/**
 * What the HTTP API may read of the topology's state (DESIGN "Layout"): KPI windows over a range, the scorecard of a
 * period, the scope ids with values, the team of an employee, and which partition owns a key. The entry points are {@link
 * io.pulse.streams.query.StateQueries} and {@link io.pulse.streams.query.Partitions}; the stores' key layouts and
 * serdes stay in {@code state}, which only this package and the processors use.
 */
package io.pulse.streams.query;
