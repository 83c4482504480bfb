package io.pulse.dev;

import io.pulse.app.cli.PulseCommand;
import picocli.CommandLine;

/** Entry point of the executable jar: the {@code pulse} command with every subcommand. */
public final class Main {
    private Main() {
    }

    public static CommandLine commandLine() {
        return new CommandLine(new PulseCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
