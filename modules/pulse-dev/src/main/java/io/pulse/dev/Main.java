package io.pulse.dev;

import io.pulse.app.cli.PulseCommand;
import picocli.CommandLine;

/** Entry point of the executable jar: the {@code pulse} command with every subcommand. */
public final class Main {
    private Main() {}

    /**
     * The service's commands with their one-line error handling ({@link PulseCommand#commandLine()}); the
     * development commands ({@code simulate}, {@code demo}, {@code replay}, {@code broker}) are added here with
     * {@code addSubcommand}.
     */
    public static CommandLine commandLine() {
        CommandLine cli = PulseCommand.commandLine();
        cli.addSubcommand(new io.pulse.dev.sim.SimulateCommand());
        cli.addSubcommand(new io.pulse.dev.demo.DemoCommand());
        cli.addSubcommand(new io.pulse.dev.replay.ReplayCommand());
        cli.addSubcommand(new io.pulse.dev.broker.BrokerCommand());
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
