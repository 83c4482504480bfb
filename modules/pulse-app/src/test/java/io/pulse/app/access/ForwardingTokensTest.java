package io.pulse.app.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** The identity on forwarded queries: verified when signed for this instance, refused in every other form. */
class ForwardingTokensTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-shared";
    private static final Instant NOW = Instant.now().minusSeconds(3600);
    private static final Caller EMPLOYEE = new Caller(Role.EMPLOYEE, "e-1", "oidc", null);

    private final ForwardingTokens a = new ForwardingTokens(SECRET, "pulse-a:8080", Clock.fixed(NOW, ZoneOffset.UTC));
    private final ForwardingTokens b = new ForwardingTokens(SECRET, "pulse-b:8080", Clock.systemUTC());

    @Test
    void shouldCarryTheCallersRoleAndSubjectToTheOwner() {
        ForwardingTokens now = new ForwardingTokens(SECRET, "pulse-a:8080", Clock.systemUTC());
        Caller c = b.verify(now.sign(EMPLOYEE, "pulse-b:8080"));

        assertThat(c.role()).isEqualTo(Role.EMPLOYEE);
        assertThat(c.subject()).isEqualTo("e-1");
        assertThat(c.via()).isEqualTo("forwarded from pulse-a:8080");
    }

    @Test
    void shouldRefuseForgedExpiredMisaddressedAndUnsignedIdentities() throws Exception {
        ForwardingTokens now = new ForwardingTokens(SECRET, "pulse-a:8080", Clock.systemUTC());
        ForwardingTokens otherSecret =
                new ForwardingTokens("another-secret-of-at-least-32-characters!", "pulse-a:8080", Clock.systemUTC());
        JWTClaimsSet adminClaims = new JWTClaimsSet.Builder()
                .issuer("pulse")
                .audience("pulse-b:8080")
                .claim("role", "admin")
                .jwtID("x")
                .expirationTime(Date.from(Instant.now().plusSeconds(30)))
                .build();
        String unsigned = new PlainJWT(adminClaims).serialize();
        SignedJWT wrongType = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                adminClaims);
        wrongType.sign(new MACSigner(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        for (String forged : new String[] {
            otherSecret.sign(Caller.OPEN, "pulse-b:8080"), // signed with another secret
            a.sign(EMPLOYEE, "pulse-b:8080"), // expired (signed at a fixed past instant)
            now.sign(EMPLOYEE, "pulse-c:8080"), // addressed to another instance
            unsigned, // alg: none
            wrongType.serialize(), // not a forwarding token
            "admin", // a bare value
            ""
        }) {
            assertThatThrownBy(() -> b.verify(forged))
                    .as(forged)
                    .isInstanceOfSatisfying(
                            AccessException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }
}
