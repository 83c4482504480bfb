package io.pulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code auth:} and {@code http.tls:}: parsed from the file and the environment, validated with the key's name. */
class AuthConfigTest {
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void shouldHaveNoAccessConfigurationUntilTheModeIsSet() {
        assertThat(PulseConfig.defaults().accessConfigured()).isFalse();
        assertThat(PulseConfig.parse("auth: { mode: none }", Map.of()).accessConfigured())
                .isTrue();
        assertThat(PulseConfig.parse("", Map.of("PULSE_AUTH_MODE", "none")).accessConfigured())
                .isTrue();
        assertThat(PulseConfig.parse("http: { token: abc }", Map.of()).accessConfigured())
                .as("the former http.token is one admin token")
                .isTrue();
    }

    @Test
    void shouldReadStaticTokensFromTheFileAndTheEnvironment() {
        PulseConfig file = PulseConfig.parse("""
                auth:
                  mode: tokens
                  tokens:
                    - { name: e1, hash: %s, role: employee, subject: e-1 }
                    - { hash: %s, role: ADMIN }
                """.formatted(HASH, HASH.replace('9', '8')), Map.of());
        PulseConfig env = PulseConfig.parse(
                "",
                Map.of(
                        "PULSE_AUTH_MODE",
                        "tokens",
                        "PULSE_AUTH_TOKENS",
                        "[{name: lead, hash: " + HASH + ", role: lead, subject: north}]"));

        assertThat(file.auth().tokens())
                .extracting(AuthSection.StaticToken::role)
                .containsExactly("employee", "admin");
        assertThat(file.auth().tokens().get(1).name()).isEqualTo("auth.tokens[1]");
        assertThat(env.auth().tokens()).singleElement().satisfies(t -> {
            assertThat(t.subject()).isEqualTo("north");
            assertThat(t.hash()).isEqualTo(HASH);
        });
    }

    @Test
    void shouldRefuseBadTokensNamingTheKeyWithoutEchoingTheValue() {
        assertThatThrownBy(() -> PulseConfig.parse(
                        "auth: { mode: tokens, tokens: [{hash: my-secret-token, role: admin}] }", Map.of()))
                .hasMessageStartingWith("auth.tokens[0].hash: must be the SHA-256")
                .hasMessageNotContaining("my-secret-token");
        assertThatThrownBy(() -> PulseConfig.parse(
                        "auth: { mode: tokens, tokens: [{hash: " + HASH + ", role: employee}] }", Map.of()))
                .hasMessageStartingWith("auth.tokens[0].subject: is required");
        assertThatThrownBy(() -> PulseConfig.parse("auth: { mode: tokens }", Map.of()))
                .hasMessageStartingWith("auth.tokens: auth.mode tokens needs at least one token");
        assertThatThrownBy(() -> PulseConfig.parse("auth: { mode: open }", Map.of()))
                .hasMessageStartingWith("auth.mode: 'open' is not one of none, tokens, oidc");
        assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_AUTH_FORWARDING_SECRET", "short")))
                .hasMessageStartingWith(
                        "auth.forwardingSecret (from PULSE_AUTH_FORWARDING_SECRET): must be at least 32")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void shouldReadTheOidcProviderAndRefuseNoneAndHmac() {
        PulseConfig c = PulseConfig.parse(
                "",
                Map.of(
                        "PULSE_AUTH_MODE",
                        "oidc",
                        "PULSE_AUTH_OIDC_ISSUER",
                        "https://idp.example.com/realms/pulse",
                        "PULSE_AUTH_OIDC_AUDIENCE",
                        "pulse-api",
                        "PULSE_AUTH_OIDC_JWKS_URL",
                        "https://idp.example.com/realms/pulse/certs",
                        "PULSE_AUTH_OIDC_ROLE_CLAIM",
                        "realm_access.roles",
                        "PULSE_AUTH_OIDC_ALGORITHMS",
                        "RS256,ES256"));

        assertThat(c.auth().oidc().roleClaim()).isEqualTo("realm_access.roles");
        assertThat(c.auth().oidc().algorithms()).containsExactly("RS256", "ES256");
        assertThat(c.auth().oidc().subjectClaim()).isEqualTo("sub");
        assertThatThrownBy(() -> PulseConfig.parse(
                        "auth: { mode: oidc, oidc: { issuer: https://i, audience: a, "
                                + "jwksUrl: https://i/k, algorithms: [none] } }",
                        Map.of()))
                .hasMessageStartingWith("auth.oidc.algorithms: 'none' is not accepted");
        assertThatThrownBy(() -> PulseConfig.parse(
                        "auth: { mode: oidc, oidc: { issuer: https://i, audience: a, "
                                + "jwksUrl: https://i/k, algorithms: [HS256] } }",
                        Map.of()))
                .hasMessageStartingWith("auth.oidc.algorithms: 'HS256' is not accepted");
        assertThatThrownBy(() -> PulseConfig.parse("auth: { mode: oidc }", Map.of()))
                .hasMessageStartingWith("auth.oidc: auth.mode oidc needs");
        assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_AUTH_OIDC_ISSUERR", "x")))
                .hasMessageStartingWith("PULSE_AUTH_OIDC_ISSUERR: no such setting");
    }

    @Test
    void shouldNeverPrintSecrets() {
        PulseConfig c = PulseConfig.parse("""
                http: { token: the-legacy-token }
                auth:
                  mode: tokens
                  forwardingSecret: 0123456789abcdef0123456789abcdef-xyz
                  tokens: [{ name: ops, hash: %s, role: admin }]
                kafka:
                  sasl.jaas.config: ScramLoginModule required username="u" password="kafka-pass";
                """.formatted(HASH), Map.of());

        assertThat(c.toString() + c.describe())
                .doesNotContain("the-legacy-token", "0123456789abcdef", HASH, "kafka-pass");
    }

    @Test
    void shouldRequireAKeyForHttps() {
        assertThatThrownBy(() -> PulseConfig.parse("http: { tls: { keyStorePassword: x } }", Map.of()))
                .hasMessageStartingWith("http.tls.keyStore: HTTPS needs");
        assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_HTTP_TLS_KEY_STORE", "/no/such/file.p12")))
                .hasMessageStartingWith("http.tls.keyStore (from PULSE_HTTP_TLS_KEY_STORE): cannot read");
    }
}
