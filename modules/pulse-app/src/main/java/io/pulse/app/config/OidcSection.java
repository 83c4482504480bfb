package io.pulse.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code auth.oidc:} the OpenID Connect provider whose JWTs the API accepts, and how its claims map onto Pulse's
 * roles and subjects (SPEC §10). Keycloak, Entra ID and Google examples are in CONFIGURATION.md.
 *
 * @param issuer                the {@code iss} every token must carry exactly
 * @param audience              an {@code aud} every token must carry (the API's client id or audience)
 * @param jwksUrl               where the provider publishes its signing keys; fetched, cached, and fetched again
 *                              when a token names a key not seen yet (key rotation)
 * @param algorithms            signature algorithms accepted; asymmetric only ({@code none} and HMAC are refused)
 * @param roleClaim             claim holding the role (a dotted path such as {@code realm_access.roles}; a string or
 *                              a list, of which the highest Pulse role counts)
 * @param rolePrefix            prefix the provider's role values carry ({@code pulse-} makes {@code pulse-admin}
 *                              the admin role), empty for none
 * @param defaultRole           role of a token without a role claim, or null to refuse such tokens (403)
 * @param subjectClaim          claim holding the employee id (employees) or team id (leads), a dotted path
 * @param clientId              the browser's client id, for the dashboard's login
 * @param scope                 scopes the dashboard asks for
 * @param authorizationEndpoint the provider's authorization endpoint for the dashboard, or null to take it from
 *                              the issuer's discovery document
 * @param tokenEndpoint         the provider's token endpoint for the dashboard, or null likewise
 * @param clockSkew             how far the clocks of the provider and Pulse may disagree on {@code exp}/{@code nbf}
 */
public record OidcSection(
        URI issuer,
        String audience,
        URI jwksUrl,
        List<String> algorithms,
        String roleClaim,
        String rolePrefix,
        String defaultRole,
        String subjectClaim,
        String clientId,
        String scope,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        Duration clockSkew) {
    public static final List<String> KEYS = List.of(
            "issuer",
            "audience",
            "jwksUrl",
            "algorithms",
            "roleClaim",
            "rolePrefix",
            "defaultRole",
            "subjectClaim",
            "clientId",
            "scope",
            "authorizationEndpoint",
            "tokenEndpoint",
            "clockSkew");
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256");
    public static final Set<String> ASYMMETRIC =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    public static final String DEFAULT_ROLE_CLAIM = "roles";
    public static final String DEFAULT_SUBJECT_CLAIM = "sub";
    public static final String DEFAULT_SCOPE = "openid profile";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public OidcSection {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty()) {
            throw new InvalidConfigException(
                    "auth.oidc.algorithms", "at least one algorithm is required, such as RS256");
        }
        for (String a : algorithms) {
            if (!ASYMMETRIC.contains(a)) {
                throw new InvalidConfigException(
                        "auth.oidc.algorithms",
                        "'" + a + "' is not accepted: use signature "
                                + "algorithms with a provider's public key, such as RS256, PS256, ES256 or EdDSA (never none "
                                + "or HMAC)");
            }
        }
        if (defaultRole != null && !AuthSection.ROLES.contains(defaultRole)) {
            throw new InvalidConfigException(
                    "auth.oidc.defaultRole", "'" + defaultRole + "' is not one of employee, lead, admin");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new InvalidConfigException("auth.oidc.clockSkew", "must be between PT0S and PT10M, was " + clockSkew);
        }
    }

    /** The section, or null when none of its keys is set. */
    static OidcSection read(ConfigReader r) {
        String issuer = r.text("issuer", null);
        String audience = r.text("audience", null);
        String jwks = r.text("jwksUrl", null);
        boolean any = false;
        for (String k : KEYS) {
            any |= r.value(k) != null;
        }
        r.finish();
        if (!any) {
            return null;
        }
        if (issuer == null) {
            throw r.error(
                    "issuer",
                    "is required: the iss of the provider's tokens, such as "
                            + "https://keycloak.example.com/realms/pulse");
        }
        if (audience == null) {
            throw r.error("audience", "is required: the aud the API's tokens carry");
        }
        if (jwks == null) {
            throw r.error(
                    "jwksUrl",
                    "is required: the provider's signing keys, such as "
                            + "https://keycloak.example.com/realms/pulse/protocol/openid-connect/certs");
        }
        String defaultRole = r.text("defaultRole", null);
        return new OidcSection(
                url(r, "issuer", issuer),
                audience,
                url(r, "jwksUrl", jwks),
                r.list("algorithms", DEFAULT_ALGORITHMS),
                r.text("roleClaim", DEFAULT_ROLE_CLAIM),
                r.text("rolePrefix", ""),
                defaultRole == null ? null : defaultRole.toLowerCase(Locale.ROOT),
                r.text("subjectClaim", DEFAULT_SUBJECT_CLAIM),
                r.text("clientId", null),
                r.text("scope", DEFAULT_SCOPE),
                optionalUrl(r, "authorizationEndpoint"),
                optionalUrl(r, "tokenEndpoint"),
                r.duration("clockSkew", DEFAULT_CLOCK_SKEW));
    }

    private static URI optionalUrl(ConfigReader r, String key) {
        String text = r.text(key, null);
        return text == null ? null : url(r, key, text);
    }

    private static URI url(ConfigReader r, String key, String text) {
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw r.error(key, "'" + text + "' is not an http(s) URL");
    }
}
