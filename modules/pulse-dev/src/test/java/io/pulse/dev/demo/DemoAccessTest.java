package io.pulse.dev.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.app.config.AuthSection;
import io.pulse.app.config.PulseConfig;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §10: the demo is open, and therefore on this machine only. */
class DemoAccessTest {
    private static final ZoneId MACHINE = ZoneId.of("UTC");

    @Test
    void shouldBeOpenOnLocalhostOnly() {
        PulseConfig demo = DemoConfig.load(null, Map.of(), MACHINE);

        assertThat(demo.auth().mode()).isEqualTo(AuthSection.Mode.NONE);
        assertThat(demo.http().host()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> DemoConfig.load(null, Map.of("PULSE_HTTP_HOST", "0.0.0.0"), MACHINE))
                .hasMessageStartingWith(
                        "http.host: '0.0.0.0' shares the demo beyond this machine, but auth.mode is " + "none");
    }

    @Test
    void shouldShareTheDemoOnlyWithAnAccessConfiguration() {
        PulseConfig withToken = DemoConfig.load(
                null,
                Map.of("PULSE_HTTP_HOST", "0.0.0.0", "PULSE_HTTP_TOKEN", "a-demo-token-of-enough-length"),
                MACHINE);
        PulseConfig withTokens = DemoConfig.load(
                null,
                Map.of(
                        "PULSE_HTTP_HOST",
                        "0.0.0.0",
                        "PULSE_AUTH_MODE",
                        "tokens",
                        "PULSE_AUTH_TOKENS",
                        "[{hash: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, " + "role: admin}]"),
                MACHINE);

        assertThat(withToken.http().host()).isEqualTo("0.0.0.0");
        assertThat(withTokens.auth().mode()).isEqualTo(AuthSection.Mode.TOKENS);
    }
}
