package io.pulse.app.access;

import io.pulse.app.config.AuthSection;
import java.util.Locale;

/**
 * Turns a request's credentials into a {@link Caller}, or refuses with 401. In order: a forwarded identity (only
 * with {@code auth.forwardingSecret}, and only when it verifies), a bearer token (a static API token, else an OIDC
 * JWT when a provider is configured), a session cookie (where the endpoint accepts one). With {@code auth.mode:
 * none} every request is an admin. A bare identity header, such as a role or subject someone sets by hand, is never
 * read.
 */
public final class Authenticator {
    private final AuthSection.Mode mode;
    private final StaticTokens tokens;
    private final OidcVerifier oidc;
    private final Sessions sessions;

    Authenticator(AuthSection.Mode mode, StaticTokens tokens, OidcVerifier oidc, Sessions sessions) {
        this.mode = mode;
        this.tokens = tokens;
        this.oidc = oidc;
        this.sessions = sessions;
    }

    /** What a request presents; any may be null. */
    public record Credentials(String authorization, String forwardedIdentity, String sessionCookie) {}

    /**
     * @param forwarding verifier of forwarded identities, or null when this instance accepts none
     * @throws AccessException 401 (or 403/503 from the OIDC verifier, see {@link OidcVerifier#verify})
     */
    public Caller authenticate(Credentials credentials, ForwardingTokens forwarding) {
        if (mode == AuthSection.Mode.NONE) {
            return Caller.OPEN;
        }
        if (credentials.forwardedIdentity() != null) {
            if (forwarding == null) {
                throw AccessException.unauthorized(
                        "forwarded identities are not accepted here " + "(auth.forwardingSecret is not set)");
            }
            return forwarding.verify(credentials.forwardedIdentity());
        }
        String authorization = credentials.authorization();
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.strip();
            if (value.length() < 7
                    || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                throw AccessException.unauthorized("the Authorization header must be 'Bearer <token>'");
            }
            String token = value.substring(7).strip();
            if (token.isEmpty()) {
                throw AccessException.unauthorized("the bearer token is empty");
            }
            Caller caller = tokens.find(token);
            if (caller != null) {
                return caller;
            }
            if (oidc != null) {
                return oidc.verify(token);
            }
            throw AccessException.unauthorized("the bearer token is not valid");
        }
        if (credentials.sessionCookie() != null) {
            Caller caller = sessions.find(credentials.sessionCookie());
            if (caller == null) {
                throw AccessException.unauthorized("the session has ended; log in again");
            }
            return caller;
        }
        throw AccessException.unauthorized("this API needs an Authorization: Bearer <token> header");
    }
}
