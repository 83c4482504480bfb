/**
 * Control records on their way into the topology: {@link io.pulse.streams.plan.PlanAvro} and
 * {@link io.pulse.streams.plan.DirectoryAvro} are the one mapper each between the Avro records of the plans and
 * directory topics and pulse-core's model.
 */
package io.pulse.streams.plan;
