package io.pulse.app.cli;

import picocli.CommandLine.Command;

/** The top-level {@code pulse} command; subcommands are added by {@code io.pulse.dev.Main}. */
@Command(name = "pulse", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Real-time KPIs, plans, scorecards and alerts on Kafka Streams.",
        synopsisSubcommandLabel = "COMMAND")
public class PulseCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
