package io.pulse.app.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.pulse.app.config.OidcSection;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC access or ID tokens with nimbus-jose-jwt: the signature with a key from the provider's JWKS (cached,
 * refreshed ahead of expiry, and fetched again, rate-limited, when a token names a key id not seen yet, which is how
 * key rotation arrives), one of the configured asymmetric algorithms (so {@code alg: none} and HMAC tokens are
 * refused), the exact issuer, the audience, and {@code exp}/{@code nbf} within the allowed clock skew. The role and
 * subject come from the configured claims.
 */
final class OidcVerifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(OidcVerifier.class);
    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final OidcSection config;
    private final DefaultJWTProcessor<SecurityContext> processor;

    OidcVerifier(OidcSection config) {
        this.config = config;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(
                            config.jwksUrl().toURL(),
                            new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("auth.oidc.jwksUrl: " + e.getMessage(), e);
        }
        Set<JWSAlgorithm> algorithms =
                config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        // Access tokens are typed "at+jwt" by some providers and "JWT" or nothing by others: accept all three.
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                com.nimbusds.jose.JOSEObjectType.JWT, new com.nimbusds.jose.JOSEObjectType("at+jwt"), null));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer().toString()).build(),
                Set.of("exp"),
                null);
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * The caller a token identifies.
     *
     * @throws AccessException 401 for a token that is not valid, 403 for a valid one without a Pulse role or
     *                         subject, 503 when the provider's keys cannot be fetched
     */
    Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw AccessException.unauthorized("the bearer token is neither a known API token nor a JWT");
        } catch (KeySourceException e) {
            LOGGER.warn("Cannot fetch the identity provider's keys from {}: {}", config.jwksUrl(), e.getMessage());
            throw new AccessException(503, "the identity provider's signing keys cannot be fetched now; retry shortly");
        } catch (BadJOSEException | JOSEException e) {
            throw AccessException.unauthorized("the bearer token is not valid: " + oneLine(e.getMessage()));
        }
        Role role = role(claims);
        if (role == null) {
            throw AccessException.forbidden("the token carries no Pulse role (admin, lead or employee) in its '"
                    + config.roleClaim() + "' claim");
        }
        String subject = text(claim(claims, config.subjectClaim()));
        if (subject == null && role != Role.ADMIN) {
            throw AccessException.forbidden("the token of a " + role.id() + " has no '" + config.subjectClaim()
                    + "' claim naming the " + (role == Role.LEAD ? "team" : "employee"));
        }
        return new Caller(
                role,
                subject,
                "oidc",
                claims.getExpirationTime() == null
                        ? null
                        : claims.getExpirationTime().toInstant());
    }

    /** The highest Pulse role among the role claim's values (a string or a list), or the default role. */
    private Role role(JWTClaimsSet claims) {
        Object value = claim(claims, config.roleClaim());
        Role best = null;
        if (value instanceof Collection<?> values) {
            for (Object v : values) {
                best = higher(best, roleOf(v));
            }
        } else {
            best = roleOf(value);
        }
        if (best == null && value == null && config.defaultRole() != null) {
            best = Role.parse(config.defaultRole());
        }
        return best;
    }

    private Role roleOf(Object value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        String prefix = config.rolePrefix();
        if (!prefix.isEmpty()) {
            if (!text.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                return null;
            }
            text = text.substring(prefix.length());
        }
        return Role.parse(text);
    }

    private static Role higher(Role a, Role b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** A claim by dotted path: {@code realm_access.roles} is {@code roles} inside the {@code realm_access} object. */
    static Object claim(JWTClaimsSet claims, String path) {
        Object current = claims.getClaims();
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String text(Object value) {
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        return null;
    }

    private static String oneLine(String s) {
        return s == null ? "rejected" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
