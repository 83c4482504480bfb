package io.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.app.access.TokenHash;
import io.pulse.app.config.PulseConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code pulse auth hash-token}: its output is a working {@code auth:} section, and the token is shown only once. */
class AuthCommandTest {

    @Test
    void shouldPrintANewTokenAndTheConfigurationThatAcceptsIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PulseCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("auth", "hash-token", "--role", "employee", "--subject", "e-017");

        assertThat(code).as(err.toString()).isZero();
        Matcher token = Pattern.compile("#   (pulse_\\S+)").matcher(out.toString());
        assertThat(token.find()).as(out.toString()).isTrue();
        String yaml = out.toString().replaceAll("(?m)^#.*\\R", "");
        assertThat(yaml).doesNotContain(token.group(1));
        PulseConfig config = PulseConfig.parse(yaml + "  mode: tokens\n", Map.of());
        assertThat(config.auth().tokens()).singleElement().satisfies(t -> {
            assertThat(t.hash()).isEqualTo(TokenHash.sha256Hex(token.group(1)));
            assertThat(t.role()).isEqualTo("employee");
            assertThat(t.subject()).isEqualTo("e-017");
            assertThat(t.name()).isEqualTo("employee-e-017");
        });
    }

    @Test
    void shouldRefuseAnEmployeeWithoutASubject() {
        StringWriter err = new StringWriter();
        CommandLine cli = PulseCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));

        assertThat(cli.execute("auth", "hash-token", "--role", "lead")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("pulse: --subject is required for role lead" + System.lineSeparator());
    }
}
