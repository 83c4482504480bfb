package io.pulse.app.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Static API tokens are stored as the SHA-256 of the token, in hex ({@code auth.tokens[].hash}). A plain,
 * unsalted hash is enough because the tokens are random (256 bits from {@link #newToken()}): nobody can guess one
 * from its hash, and the configuration never holds a usable secret. {@code pulse auth hash-token} prints both; the
 * shell equivalent is {@code printf %s "$TOKEN" | sha256sum}.
 */
public final class TokenHash {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;

    private TokenHash() {}

    /** SHA-256 of the token's UTF-8 bytes, 64 lower-case hex digits. */
    public static String sha256Hex(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A new random token: 256 bits, base64url without padding, prefixed {@code pulse_} so leaks are easy to spot. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return "pulse_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether two hashes are equal, in time that does not depend on where they differ. */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
