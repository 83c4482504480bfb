/**
 * Alert rules, conditions and the fire-once-per-crossing state of SPEC §5; {@link io.pulse.core.alert.AlertRules#parse}
 * and {@link io.pulse.core.alert.CrossingState#next(boolean, boolean)} are the entry points.
 */
package io.pulse.core.alert;
