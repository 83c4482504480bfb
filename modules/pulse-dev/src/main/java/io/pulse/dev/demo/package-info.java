/**
 * {@code pulse demo}: a real single-node Kafka broker, the development schema registry, Pulse's topics, sample
 * plans, directory and alert rules, the simulator and the service with its HTTP API, all in one process.
 * {@link io.pulse.dev.demo.DemoCommand} is the command; {@link io.pulse.dev.demo.Demo} starts and stops the parts.
 */
package io.pulse.dev.demo;
