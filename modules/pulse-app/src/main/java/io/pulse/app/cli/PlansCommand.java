package io.pulse.app.cli;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
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

/** {@code pulse plans}: the plans of SPEC §4 on their compacted topic. */
@Command(
        name = "plans",
        mixinStandardHelpOptions = true,
        subcommands = PlansCommand.Load.class,
        description = "Plans (SPEC §4): KPI targets, levels and weights per employee, team, campaign or company.")
public final class PlansCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code pulse plans load}. */
    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            description = {
                "Validate plans from YAML or JSON and publish them to <prefix>plans, keyed scope|id|period, "
                        + "as Avro. Nothing is published unless every plan is valid.",
                "A plan published again replaces the earlier one with the same key."
            })
    public static final class Load implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Parameters(paramLabel = "PLANS.yaml", description = "A list of plans (or one plan) in YAML or JSON.")
        Path file;

        @Option(names = "--delete", description = "Delete the file's plans (publish tombstones for their keys).")
        boolean delete;

        @Option(names = "--dry-run", description = "Only validate and list the plans; publish nothing.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PulseConfig cfg = config.load();
            List<Plan> plans = new PlanLoader(cfg.catalog()).load(file);
            List<io.pulse.avro.control.Plan> records =
                    plans.stream().map(ControlRecords::plan).toList();
            PrintWriter out = spec.commandLine().getOut();
            String topic = cfg.topicNames().plans().name();
            if (dryRun) {
                plans.forEach(p -> out.println(p.key() + ": " + p.items().size() + " KPIs, "
                        + p.bonusModel().id()));
                out.println(plans.size() + " valid plans; nothing published (--dry-run)");
                return 0;
            }
            Cluster.requireTopics(cfg, List.of(topic));
            Publishing publishing = new Publishing();
            try (AvroPublisher publisher = AvroPublisher.create(cfg.kafkaClients(), cfg.serdeConfig())) {
                for (int i = 0; i < plans.size(); i++) {
                    publisher.send(topic, plans.get(i).key(), delete ? null : records.get(i), publishing.callback());
                }
                publisher.flush();
            }
            publishing.check("plans");
            out.println((delete ? "deleted " : "published ") + plans.size() + " plans " + (delete ? "from " : "to ")
                    + topic);
            return 0;
        }
    }
}
