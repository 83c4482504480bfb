package io.pulse.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.app.config.AuthSection;
import io.pulse.app.config.OidcSection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the HTTP API needs to apply SPEC §10, built from {@code auth:} once: the {@link Authenticator}, the
 * {@link Authorizer}, the browser {@link Sessions}, and the forwarding secret. Immutable apart from the sessions and
 * the cached discovery document.
 */
public final class ApiAccess {
    private static final Logger LOGGER = LoggerFactory.getLogger(ApiAccess.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DISCOVERY_TIMEOUT = Duration.ofSeconds(5);

    private final AuthSection.Mode mode;
    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final Sessions sessions;
    private final String forwardingSecret;
    private final boolean protectMetrics;
    private final OidcSection oidc;
    private final Clock clock;
    private volatile String publicConfig;

    private ApiAccess(AuthSection auth, TeamDirectory directory, Clock clock) {
        this.mode = auth.mode();
        this.clock = clock;
        this.sessions = new Sessions(auth.sessionTtl(), clock);
        this.oidc = auth.oidc();
        OidcVerifier verifier = mode == AuthSection.Mode.OIDC ? new OidcVerifier(auth.oidc()) : null;
        this.authenticator = new Authenticator(mode, new StaticTokens(auth.tokens()), verifier, sessions);
        this.authorizer = new Authorizer(directory);
        this.forwardingSecret = auth.forwardingSecret();
        this.protectMetrics = auth.protectMetrics();
    }

    /** Open access ({@code auth.mode: none}): every caller is an admin. */
    public static ApiAccess open() {
        return new ApiAccess(AuthSection.none(), TeamDirectory.EMPTY, Clock.systemUTC());
    }

    /**
     * The access of {@code auth:}, with {@code legacyToken} ({@code http.token}, may be null) as one more static
     * admin token (and then at least mode {@code tokens}: a token is never ignored because the mode says none).
     *
     * @throws IllegalStateException when {@code auth.mode} is not set and there is no legacy token: no access
     *                               configuration at all
     */
    public static ApiAccess from(AuthSection auth, String legacyToken, TeamDirectory directory, Clock clock) {
        Objects.requireNonNull(auth, "auth");
        if (legacyToken != null) {
            List<AuthSection.StaticToken> tokens = new ArrayList<>(auth.tokens());
            tokens.add(new AuthSection.StaticToken("http.token", TokenHash.sha256Hex(legacyToken), "admin", null));
            // A token beside mode none (the demo with PULSE_HTTP_TOKEN) asks for credentials: the stricter wins.
            AuthSection.Mode mode =
                    auth.mode() == null || auth.mode() == AuthSection.Mode.NONE ? AuthSection.Mode.TOKENS : auth.mode();
            auth = new AuthSection(
                    mode, tokens, auth.oidc(), auth.forwardingSecret(), auth.protectMetrics(), auth.sessionTtl());
        }
        if (!auth.configured()) {
            throw new IllegalStateException(notConfigured());
        }
        return new ApiAccess(auth, directory, clock);
    }

    /** The one-line refusal of {@code run} without an access configuration. */
    public static String notConfigured() {
        return "no access configuration: set auth.mode (PULSE_AUTH_MODE) to tokens or oidc with their settings, "
                + "or to none to serve every number to anyone who can reach the port (see CONFIGURATION.md, Access)";
    }

    public AuthSection.Mode mode() {
        return mode;
    }

    public boolean isOpen() {
        return mode == AuthSection.Mode.NONE;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public Sessions sessions() {
        return sessions;
    }

    public boolean protectMetrics() {
        return protectMetrics;
    }

    /** The verifier and signer of forwarded identities for the instance {@code self}, or null without a secret. */
    public ForwardingTokens forwarding(String self) {
        return forwardingSecret == null ? null : new ForwardingTokens(forwardingSecret, self, clock);
    }

    /**
     * {@code GET /api/v1/auth/config} (contract A): the mode, and for OIDC what the dashboard needs to log in. The
     * endpoints not configured are read once from the issuer's discovery document.
     */
    public String publicConfig() {
        String cached = publicConfig;
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("mode", mode.id());
        boolean complete = true;
        if (mode == AuthSection.Mode.OIDC) {
            ObjectNode o = body.putObject("oidc");
            o.put("issuer", oidc.issuer().toString());
            URI authorization = oidc.authorizationEndpoint();
            URI token = oidc.tokenEndpoint();
            if (authorization == null || token == null) {
                JsonNode discovery = discover();
                complete = discovery != null;
                if (discovery != null) {
                    authorization = authorization != null
                            ? authorization
                            : uri(discovery.path("authorization_endpoint").asText(null));
                    token = token != null
                            ? token
                            : uri(discovery.path("token_endpoint").asText(null));
                }
            }
            o.put("authorizationEndpoint", authorization == null ? null : authorization.toString());
            o.put("tokenEndpoint", token == null ? null : token.toString());
            o.put("clientId", oidc.clientId());
            o.put("scope", oidc.scope());
        } else {
            body.putNull("oidc");
        }
        String text = body.toString();
        if (complete) {
            publicConfig = text;
        }
        return text;
    }

    private JsonNode discover() {
        String issuer = oidc.issuer().toString();
        URI uri = URI.create((issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration");
        try {
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(DISCOVERY_TIMEOUT).build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(uri).timeout(DISCOVERY_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            LOGGER.warn("The identity provider's discovery document {} answered {}", uri, r.statusCode());
        } catch (IOException e) {
            LOGGER.warn("Cannot read the identity provider's discovery document {}: {}", uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static URI uri(String text) {
        return text == null ? null : URI.create(text);
    }

    /** {@code GET /api/v1/me} (contract A). */
    public static String me(Caller caller) {
        ObjectNode body = JSON.createObjectNode();
        body.put("role", caller.role().id());
        body.put("subject", caller.subject());
        return body.toString();
    }
}
