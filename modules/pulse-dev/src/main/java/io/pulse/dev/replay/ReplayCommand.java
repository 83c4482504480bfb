package io.pulse.dev.replay;

import io.pulse.app.cli.ConfigOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulse replay}: the topology over a file of events on an embedded broker, final outputs as JSON lines. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Run the same topology over JSON-lines events (SPEC §2) on an embedded Kafka broker and write "
                    + "kpi-final.jsonl, scorecards.jsonl, alerts.jsonl, dlq.jsonl and late.jsonl to the output folder.",
            "The end of the input closes every window. Deterministic: windows close on event time only.",
            "Bad lines (not JSON, unknown type, missing fields) are reported with their line number and go to dlq.jsonl."
        })
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "JSON-lines events.")
    Path events;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the output files (created).")
    Path out;

    @Option(names = "--plans", paramLabel = "FILE", description = "Plans in YAML or JSON (SPEC §4).")
    Path plans;

    @Option(names = "--directory", paramLabel = "FILE", description = "Employee-to-team directory in YAML or JSON.")
    Path directory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path p : new Path[] {events, plans, directory}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read " + p);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Replay.Result r = new Replay(config.load(), line -> {
                    err.println("pulse replay: " + events.getFileName() + " " + line);
                    err.flush();
                })
                .run(events, plans, directory, out);
        stdout.printf(
                "replayed %d events (%d bad lines) in %.1f s from the first event read to the last output written:"
                        + " %.0f events/s (broker start-up %.1f s, %.1f s in all)%n",
                r.events(),
                r.badLines(),
                r.processing().toMillis() / 1000.0,
                r.eventsPerSecond(),
                r.startUp().toMillis() / 1000.0,
                r.elapsed().toMillis() / 1000.0);
        stdout.printf(
                "wrote %d final KPI values, %d scorecards, %d alerts, %d rejected and %d late records to %s%n",
                r.finals(), r.scorecards(), r.alerts(), r.dlq(), r.late(), out);
        return 0;
    }
}
