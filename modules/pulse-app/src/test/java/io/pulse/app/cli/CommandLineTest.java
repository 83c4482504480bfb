package io.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {
    private static final String PLANS = """
            - scope: employee
              id: e-017
              period: month
              baseSalary: 60000
              plannedBonus: 50000
              kpis:
                - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                - { kpi: new_customers, target: 5, weight: 0.3 }
                - { kpi: aov, target: 200000, weight: 0.2 }
            - scope: team
              id: north
              period: day
              bonusModel: cumulative
              baseSalary: 1000
              kpis:
                - { kpi: orders, target: 40 }
            """;

    @TempDir
    Path dir;

    /** What one run of the command line printed and returned. */
    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PulseCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "run",
                "produce",
                "plans",
                "plans load",
                "directory",
                "directory load",
                "topics",
                "topics create",
                "auth"
            })
    void shouldPrintHelpForEveryCommand(String command) {
        // Given
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        // When
        Result result = run(args.toArray(String[]::new));

        // Then
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: pulse" + (command.isEmpty() ? "" : " " + command));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void shouldListEverySubcommand() {
        Result result = run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("run", "produce", "plans", "directory", "topics", "auth");
    }

    @Test
    void shouldRejectAnUnknownFlagOnOneLineWithExitCodeTwo() {
        Result result = run("produce", "--bogus", "events.jsonl");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("pulse: Unknown option: '--bogus' (see 'pulse produce --help')");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownCommand() {
        Result result = run("frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().startsWith("pulse: Unmatched argument");
    }

    @Test
    void shouldFailOnOneLineNamingTheConfigurationKey() throws Exception {
        // Given
        Path config = Files.writeString(dir.resolve("pulse.yaml"), "streams:\n  grace: abc\n");
        Path plans = Files.writeString(dir.resolve("plans.yaml"), PLANS);

        // When
        Result result = run("plans", "load", "--config", config.toString(), "--dry-run", plans.toString());

        // Then
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly("pulse: streams.grace: 'abc' is not an ISO-8601 duration such as PT10M, PT1H or P7D");
    }

    @Test
    void shouldValidatePlansWithoutPublishingOnADryRun() throws Exception {
        Path plans = Files.writeString(dir.resolve("plans.yaml"), PLANS);

        Result result = run("plans", "load", "--dry-run", plans.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines())
                .containsExactly(
                        "employee|e-017|month: 3 KPIs, weighted",
                        "team|north|day: 1 KPIs, cumulative",
                        "2 valid plans; nothing published (--dry-run)");
    }

    @Test
    void shouldNameThePlanThatIsInvalid() throws Exception {
        Path plans = Files.writeString(dir.resolve("plans.yaml"), PLANS.replace("weight: 0.2", "weight: 0.3"));

        Result result = run("plans", "load", "--dry-run", plans.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().startsWith("pulse: plan employee|e-017|month: ");
    }

    @Test
    void shouldRefuseToRoundAPlansNumbers() throws Exception {
        Path plans = Files.writeString(dir.resolve("plans.yaml"), PLANS.replace("target: 40", "target: 40.1234567"));

        Result result = run("plans", "load", "--dry-run", plans.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines())
                .containsExactly(
                        "pulse: plan team|north|day, kpi orders: 'target' has more than 6 decimal places (40.1234567)");
    }

    @Test
    void shouldSayWhenAFileIsMissing() {
        Result result =
                run("directory", "load", "--dry-run", dir.resolve("nope.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().startsWith("pulse: cannot read directory from ");
    }

    @Test
    void shouldValidateTheDirectoryOnADryRun() throws Exception {
        Path directory = Files.writeString(
                dir.resolve("dir.yaml"),
                "- { employee: e-017, team: north }\n- { employee: e-018, team: south }\n- { employee: e-019, team: north }\n");

        Result result = run("directory", "load", "--dry-run", directory.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("3 valid entries in 2 teams; nothing published (--dry-run)\n");
    }

    @Test
    void shouldListTheTopicsItWouldCreate() throws Exception {
        Path config = Files.writeString(dir.resolve("pulse.yaml"), "streams: { topicPrefix: acme., partitions: 3 }\n");

        Result result = run("topics", "create", "--dry-run", "--config", config.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines())
                .hasSize(19)
                .contains("acme.plans  partitions=3  cleanup.policy=compact  (control: plans by scope and period)")
                .anySatisfy(l -> assertThat(l)
                        .startsWith("acme.events.click  partitions=3  cleanup.policy=delete  " + "retention=PT168H"));
    }
}
