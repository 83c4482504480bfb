/** Plans on their way into the topology; {@link io.pulse.streams.plan.PlanAvro} converts between models. */
package io.pulse.streams.plan;
