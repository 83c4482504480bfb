/**
 * The command line and the service against the shared Kafka cluster: {@code topics create}, {@code produce},
 * {@code plans load}, {@code directory load} and {@code simulate} read back from the topics
 * ({@link io.pulse.it.cli.CommandLineIT}), and {@code PulseService} computing KPIs ({@link io.pulse.it.cli.PulseServiceIT}).
 */
package io.pulse.it.cli;
