package io.pulse.it.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.dev.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Secure by default (SPEC §10): {@code pulse run} without an access configuration stops at once with the key to
 * set, before it contacts Kafka. Kafka here is an address where nothing listens: had {@code run} tried it, the
 * error would be "cannot reach Kafka" after its 30 s of patience instead.
 */
class RunWithoutAccessIT {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseToRunWithoutAuthModeBeforeContactingKafka() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("pulse.yaml"), """
                kafka:
                  bootstrap.servers: 127.0.0.1:%d
                registry:
                  url: mem://run-without-access
                http:
                  port: 0
                """.formatted(closedPort));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("run", "--config", config.toString(), "--create-topics");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("pulse: no access configuration: set auth.mode (PULSE_AUTH_MODE) to "
                        + "tokens or oidc with their settings, or to none to serve every number to anyone who can reach the "
                        + "port (see CONFIGURATION.md, Access)" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }
}
