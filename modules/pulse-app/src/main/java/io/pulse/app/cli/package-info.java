/** The command line; {@link io.pulse.app.cli.PulseCommand} is the root command. */
package io.pulse.app.cli;
