package io.pulse.app.cli;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.DirectoryLoader;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.kafka.AvroPublisher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulse directory}: the employee-to-team assignments of SPEC §4 on their compacted topic. */
@Command(
        name = "directory",
        mixinStandardHelpOptions = true,
        subcommands = DirectoryCommand.Load.class,
        description = "The directory (SPEC §4): which team each employee is in, for team KPIs.")
public final class DirectoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code pulse directory load}. */
    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description = {
                "Validate employee-to-team assignments ('- { employee: e-017, team: north }') from YAML "
                        + "or JSON and publish them to <prefix>directory, keyed by employee, as Avro.",
                "Moving an employee changes future attribution, not the past."
            })
    public static final class Load implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "DIR.yaml", description = "A list of { employee, team } entries in YAML or JSON.")
        Path file;

        @Option(names = "--delete", description = "Remove the file's employees from the directory (tombstones).")
        boolean delete;

        @Option(names = "--dry-run", description = "Only validate and count the entries; publish nothing.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PulseConfig cfg = config.load();
            List<DirectoryEntry> entries = DirectoryLoader.load(file);
            PrintWriter out = spec.commandLine().getOut();
            String topic = cfg.topicNames().directory().name();
            if (dryRun) {
                out.println(entries.size() + " valid entries in "
                        + entries.stream().map(DirectoryEntry::team).distinct().count()
                        + " teams; nothing published (--dry-run)");
                return 0;
            }
            Cluster.requireTopics(cfg, List.of(topic));
            Publishing publishing = new Publishing();
            try (AvroPublisher publisher = AvroPublisher.create(cfg.kafkaClients(), cfg.serdeConfig())) {
                for (DirectoryEntry e : entries) {
                    publisher.send(topic, e.employee(), delete ? null : ControlRecords.entry(e), publishing.callback());
                }
                publisher.flush();
            }
            publishing.check("directory entries");
            out.println((delete ? "deleted " : "published ") + entries.size() + " directory entries "
                    + (delete ? "from " : "to ") + topic);
            return 0;
        }
    }
}
