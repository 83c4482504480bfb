package io.pulse.dev.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.dev.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code pulse simulate} as the executable jar runs it ({@link Main#commandLine()}), beside the service's commands. */
class SimulateCommandTest {

    /** What one run of the command line printed and returned. */
    record Result(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListTheServiceAndTheDevelopmentCommands() {
        Result result = run();

        assertThat(result.exitCode()).isZero();
        assertThat(Main.commandLine().getSubcommands())
                .containsKeys(
                        "run",
                        "produce",
                        "plans",
                        "directory",
                        "topics",
                        "auth",
                        "simulate",
                        "demo",
                        "replay",
                        "broker");
        assertThat(result.out()).contains("simulate", "demo", "replay", "broker");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "demo", "replay", "broker"})
    void shouldPrintHelpForEveryDevelopmentCommand(String command) {
        Result result = run(command, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Usage: pulse " + command);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void shouldRequireTheRateOfASimulation() {
        Result result = run("simulate", "--duration", "PT1M");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines())
                .containsExactly("pulse: Missing required option: '--rate=N/s' (see 'pulse simulate --help')");
    }

    @Test
    void shouldSayWhatIsWrongWithARate() {
        Result result = run("simulate", "--rate", "fast");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines())
                .singleElement()
                .asString()
                .contains("'fast' is not a rate such as 500/s")
                .endsWith("(see 'pulse simulate --help')");
    }

    @Test
    void shouldSimulateTheSameJsonLinesFromTheSameSeed() {
        Result first = run("simulate", "--json", "--rate", "100000/s", "--count", "300", "--seed", "42", "--flat");
        Result second = run("simulate", "--json", "--rate", "100000", "--count", "300", "--seed", "42", "--flat");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out().lines())
                .hasSize(300)
                .allSatisfy(l -> assertThat(l).startsWith("{\"type\":\""));
        assertThat(first.err()).contains("seed 42").contains("simulated 300 events");
        // The same events except their times, which are now.
        assertThat(withoutTimes(second.out())).isEqualTo(withoutTimes(first.out()));
    }

    private static String withoutTimes(String lines) {
        return lines.replaceAll("\"(occurredAt|openedAt)\":\"[^\"]*\"", "");
    }
}
