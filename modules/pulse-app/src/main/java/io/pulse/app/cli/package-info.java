/**
 * The command line; {@link io.pulse.app.cli.PulseCommand#commandLine()} is the root with the service's
 * subcommands ({@code run}, {@code produce}, {@code plans load}, {@code directory load}, {@code topics create},
 * {@code auth}) and {@link io.pulse.app.cli.CliErrors}' one-line errors.
 */
package io.pulse.app.cli;
