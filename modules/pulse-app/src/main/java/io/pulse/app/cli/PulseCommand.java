package io.pulse.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code pulse} command with the service's subcommands; {@code io.pulse.dev.Main} adds the
 * development ones ({@code simulate}, {@code demo}, {@code replay}, {@code broker}) to {@link #commandLine()}.
 */
@Command(
        name = "pulse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time KPIs, plans, scorecards and alerts on Kafka Streams.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            RunCommand.class,
            ProduceCommand.class,
            PlansCommand.class,
            DirectoryCommand.class,
            TopicsCommand.class,
            AuthCommand.class,
            CommandLine.HelpCommand.class
        })
public class PulseCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The {@code pulse} command line: every subcommand above, one-line errors, exit codes 1 and 2. */
    public static CommandLine commandLine() {
        return CliErrors.install(new CommandLine(new PulseCommand()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
