package io.pulse.app.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * The caller's identity on a query forwarded to the instance that owns the key: a JWT signed with HMAC-SHA256
 * under {@code auth.forwardingSecret} (which every instance shares), naming the role and subject, addressed to the
 * one receiving instance ({@code aud}), valid for {@value #LIFETIME_SECONDS} seconds. The receiving instance
 * verifies it with the same secret and applies the same rules to the identity it carries; a header that does not
 * verify gets 401 and nothing else. nimbus-jose-jwt signs and verifies.
 */
public final class ForwardingTokens {
    /** The request header carrying the signed identity. */
    public static final String HEADER = "X-Pulse-Forwarded-Identity";

    static final long LIFETIME_SECONDS = 30;
    private static final JOSEObjectType TYPE = new JOSEObjectType("pulse-forward+jwt");
    private static final String ISSUER = "pulse";

    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String self;
    private final Clock clock;

    /**
     * @param secret the shared secret, at least 32 characters
     * @param self   this instance's {@code application.server} ({@code host:port}): the audience it accepts
     */
    public ForwardingTokens(String secret, String self, Clock clock) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try {
            this.signer = new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("auth.forwardingSecret: " + e.getMessage(), e);
        }
        this.self = self;
        this.clock = clock;
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(self), new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp", "role", "jti"), null);
        claims.setMaxClockSkew(5);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A token carrying {@code caller} to the instance {@code owner} ({@code host:port}). */
    public String sign(Caller caller, String owner) {
        Instant now = clock.instant();
        Instant exp = now.plusSeconds(LIFETIME_SECONDS);
        if (caller.expires() != null && caller.expires().isBefore(exp)) {
            exp = caller.expires();
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(owner)
                .subject(caller.subject())
                .claim("role", caller.role().id())
                .claim("from", self)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a forwarded identity: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /**
     * The caller a forwarded identity carries.
     *
     * @throws AccessException 401 unless it is signed with the shared secret, addressed to this instance and fresh
     */
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw AccessException.unauthorized("the forwarded identity is not valid");
        }
        Object roleClaim = claims.getClaim("role");
        Role role = roleClaim instanceof String s ? Role.parse(s) : null;
        if (role == null) {
            throw AccessException.unauthorized("the forwarded identity is not valid");
        }
        Object from = claims.getClaim("from");
        return new Caller(
                role,
                claims.getSubject(),
                "forwarded from " + from,
                claims.getExpirationTime().toInstant());
    }

    /** How long a forwarded identity is valid. */
    static Duration lifetime() {
        return Duration.ofSeconds(LIFETIME_SECONDS);
    }
}
