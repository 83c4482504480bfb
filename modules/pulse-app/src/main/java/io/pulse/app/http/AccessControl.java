package io.pulse.app.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A deliberately minimal access check: when a token is configured, every {@code /api/} request must carry
 * {@code Authorization: Bearer <token>}; health and metrics stay open for probes and scrapers. It is one shared
 * secret with no roles: SPEC §7's per-person visibility (an employee sees only their own scorecard) and OIDC JWTs
 * are not implemented yet.
 */
final class AccessControl {
    private final byte[] expected;

    /** @param token the required token, or null to let every request through */
    AccessControl(String token) {
        this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    boolean enabled() {
        return expected != null;
    }

    /** Throws 401 unless access is open or {@code authorization} carries the token (compared in constant time). */
    void check(String authorization) {
        if (expected == null) {
            return;
        }
        if (authorization == null) {
            throw new ApiException(401, "this API needs an Authorization: Bearer <token> header");
        }
        if (!MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "the bearer token is not valid");
        }
    }
}
