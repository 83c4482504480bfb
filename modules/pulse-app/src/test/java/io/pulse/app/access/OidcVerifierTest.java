package io.pulse.app.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.pulse.app.config.OidcSection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OIDC verifier against a JWKS served over real HTTP: claims mapping (Keycloak-style nested roles, prefixes),
 * the refusals (alg none, HMAC signed with the public key, wrong issuer), and key rotation with caching.
 */
class OidcVerifierTest {
    private static final String ISSUER = "https://idp.example.com/realms/pulse";

    private HttpServer jwks;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private RSAKey first;
    private RSAKey second;

    @BeforeEach
    void serveKeys() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("k1").generate();
        second = new RSAKeyGenerator(2048).keyID("k2").generate();
        published.set(new JWKSet(first.toPublicJWK()));
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private OidcVerifier verifier(String roleClaim, String rolePrefix, String defaultRole) {
        return new OidcVerifier(new OidcSection(
                URI.create(ISSUER),
                "pulse-api",
                URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs"),
                List.of("RS256"),
                roleClaim,
                rolePrefix,
                defaultRole,
                "employee_id",
                "dashboard",
                "openid",
                null,
                null,
                Duration.ofSeconds(30)));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of("pulse-api", "account"))
                .subject("u-1")
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .issueTime(new Date());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void shouldReadNestedRolesWithAPrefixAndTheSubjectClaim() throws Exception {
        OidcVerifier keycloak = verifier("realm_access.roles", "pulse-", null);

        Caller lead = keycloak.verify(sign(
                first,
                claims().claim(
                                "realm_access",
                                Map.of("roles", List.of("offline_access", "pulse-employee", "pulse-lead")))
                        .claim("employee_id", "north")
                        .build()));

        assertThat(lead.role()).isEqualTo(Role.LEAD);
        assertThat(lead.subject()).isEqualTo("north");
        assertThat(lead.expires()).isAfter(Instant.now());
        assertThatThrownBy(() -> keycloak.verify(sign(
                        first,
                        claims().claim("realm_access", Map.of("roles", List.of("admin")))
                                .build())))
                .as("a role without the prefix is not a Pulse role")
                .isInstanceOfSatisfying(
                        AccessException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> keycloak.verify(sign(
                        first,
                        claims().claim("realm_access", Map.of("roles", List.of("pulse-employee")))
                                .build())))
                .as("an employee without an employee id")
                .isInstanceOfSatisfying(
                        AccessException.class, e -> assertThat(e.status()).isEqualTo(403));
        Caller byDefault = verifier("roles", "", "employee")
                .verify(sign(first, claims().claim("employee_id", "e-9").build()));
        assertThat(byDefault.role()).isEqualTo(Role.EMPLOYEE);
    }

    @Test
    void shouldRefuseUnsignedHmacAndForeignTokens() throws Exception {
        OidcVerifier v = verifier("roles", "", null);
        JWTClaimsSet admin = claims().claim("roles", "admin").build();
        // The classic confusion: HS256 "signed" with the provider's public key as the secret
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), admin);
        hmac.sign(new MACSigner(first.toPublicJWK().toRSAPublicKey().getEncoded()));

        for (String token : new String[] {
            new PlainJWT(admin).serialize(),
            hmac.serialize(),
            sign(second, admin), // a key the provider never published
            sign(
                    first,
                    claims().issuer("https://evil.example.com")
                            .claim("roles", "admin")
                            .build()),
            sign(first, claims().audience("other").claim("roles", "admin").build()),
            sign(
                    first,
                    claims().expirationTime(Date.from(Instant.now().minusSeconds(120)))
                            .claim("roles", "admin")
                            .build())
        }) {
            assertThatThrownBy(() -> v.verify(token))
                    .isInstanceOfSatisfying(
                            AccessException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(v.verify(sign(first, admin)).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void shouldCacheTheKeysAndFetchThemAgainWhenTheProviderRotates() throws Exception {
        OidcVerifier v = verifier("roles", "", null);
        JWTClaimsSet admin = claims().claim("roles", "admin").build();
        for (int i = 0; i < 5; i++) {
            v.verify(sign(first, admin));
        }
        assertThat(fetches.get()).as("one fetch serves many tokens").isEqualTo(1);

        // When: the provider rotates to a new key
        published.set(new JWKSet(List.of(second.toPublicJWK(), first.toPublicJWK())));

        // Then: a token with the new key id makes the verifier fetch the set again, once
        assertThat(v.verify(sign(second, admin)).role()).isEqualTo(Role.ADMIN);
        assertThat(v.verify(sign(second, admin)).role()).isEqualTo(Role.ADMIN);
        assertThat(fetches.get()).isEqualTo(2);
    }
}
