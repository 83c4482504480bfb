/**
 * Input events as Pulse's tools handle them: {@link io.pulse.io.events.InputEvent}, an event type with its
 * generated Avro record, made by {@code EventJson} and the simulator and sent by {@code AvroPublisher}.
 */
package io.pulse.io.events;
