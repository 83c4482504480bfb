package io.pulse.app.cli;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.io.topics.PlannedTopic;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse topics}: Pulse's topics on the cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        subcommands = TopicsCommand.Create.class,
        description = "Pulse's topics: inputs, control topics and outputs under the configured prefix.")
public final class TopicsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code pulse topics create}. */
    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Create Pulse's topics that do not exist, with streams.partitions partitions, "
                        + "streams.replicationFactor replicas, compaction for plans, directory and scorecards, and the "
                        + "retention of the topics: section.",
                "Existing topics are left alone; one whose partitions or cleanup policy differ is reported and "
                        + "the exit code is 1."
            })
    public static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Option(names = "--dry-run", description = "Only list the topics as they would be created.")
        boolean dryRun;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PulseConfig cfg = config.load();
            PrintWriter out = spec.commandLine().getOut();
            if (dryRun) {
                for (PlannedTopic t : TopicPlanner.plan(cfg.topicNames(), cfg.topicSettings())) {
                    String retention = t.configs().get("retention.ms");
                    out.println(t.name() + "  partitions=" + t.partitions() + "  cleanup.policy=" + t.cleanupPolicy()
                            + (retention == null ? "" : "  retention=" + Duration.ofMillis(Long.parseLong(retention)))
                            + "  (" + t.purpose() + ")");
                }
                return 0;
            }
            TopicReport report = Cluster.createTopics(cfg);
            report.created().forEach(name -> out.println("created " + name));
            out.println(report.summary());
            report.problems().forEach(p -> spec.commandLine().getErr().println("pulse: " + p));
            return report.hasProblems() ? CliErrors.FAILURE : 0;
        }
    }
}
