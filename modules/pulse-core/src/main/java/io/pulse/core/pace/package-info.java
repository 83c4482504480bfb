/**
 * Pace of plans against working time (SPEC §5 "Pace alerts"); {@link io.pulse.core.pace.Pace#evaluate} and
 * {@link io.pulse.core.pace.WorkingTime} are the entry points.
 */
package io.pulse.core.pace;
