/**
 * What the command line asks of the cluster before it produces: {@link io.pulse.app.kafka.Cluster} checks that
 * Pulse's topics are there, creates them, and turns a refused connection into the configuration key to check.
 */
package io.pulse.app.kafka;
