package io.pulse.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code auth:} who may use the HTTP API (SPEC §10). There is deliberately no default mode: {@code pulse run}
 * refuses to start until the configuration says {@code auth.mode} ({@link #configured()}), so a forgotten setting
 * can never publish everyone's pay to the network.
 *
 * @param mode             {@code none} (everyone is an admin; demo and trusted networks only), {@code tokens}
 *                         (static API tokens) or {@code oidc} (JWTs of an OpenID Connect provider; static tokens
 *                         are accepted beside them); null when the configuration does not say
 * @param tokens           static API tokens, stored as the SHA-256 of the token
 * @param oidc             the identity provider, or null when none is configured
 * @param forwardingSecret secret the instances share to sign the caller's identity on forwarded queries (at least
 *                         32 characters); null forwards the caller's own {@code Authorization} header instead
 * @param protectMetrics   whether {@code /metrics} needs an admin's credentials
 * @param sessionTtl       longest life of a browser session cookie (never longer than the token it came from)
 */
public record AuthSection(
        Mode mode,
        List<StaticToken> tokens,
        OidcSection oidc,
        String forwardingSecret,
        boolean protectMetrics,
        Duration sessionTtl) {
    /** Every key of the section (the reader's list). */
    public static final List<String> KEYS =
            List.of("mode", "tokens", "oidc", "forwardingSecret", "protectMetrics", "sessionTtl");
    /** The keys that hold one value (each has an environment variable); {@code tokens} is YAML in PULSE_AUTH_TOKENS. */
    public static final List<String> SCALAR_KEYS = List.of("mode", "forwardingSecret", "protectMetrics", "sessionTtl");

    public static final List<String> TOKEN_KEYS = List.of("name", "hash", "role", "subject");
    public static final List<String> ROLES = List.of("employee", "lead", "admin");
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);
    public static final Duration MAX_SESSION_TTL = Duration.ofHours(12);
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_FORWARDING_SECRET = 32;

    /** How callers prove who they are. */
    public enum Mode {
        NONE,
        TOKENS,
        OIDC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.id().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * One static API token.
     *
     * @param name    what logs call it (never the token)
     * @param hash    SHA-256 of the token, 64 lower-case hex digits
     * @param role    {@code employee}, {@code lead} or {@code admin}
     * @param subject the employee id (employee) or team id (lead); null for an admin
     */
    public record StaticToken(String name, String hash, String role, String subject) {
        @Override
        public String toString() {
            return "StaticToken[name=" + name + ", role=" + role + ", subject=" + subject + "]";
        }
    }

    public AuthSection {
        tokens = List.copyOf(tokens == null ? List.of() : tokens);
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        if (sessionTtl.isNegative() || sessionTtl.isZero() || sessionTtl.compareTo(MAX_SESSION_TTL) > 0) {
            throw new InvalidConfigException(
                    "auth.sessionTtl", "must be positive and at most PT12H, was " + sessionTtl);
        }
        if (forwardingSecret != null && forwardingSecret.length() < MIN_FORWARDING_SECRET) {
            throw new InvalidConfigException(
                    "auth.forwardingSecret",
                    "must be at least " + MIN_FORWARDING_SECRET
                            + " characters (it signs identities with HMAC-SHA256); generate one with 'openssl rand -hex 32'");
        }
        if (mode == Mode.TOKENS && tokens.isEmpty()) {
            throw new InvalidConfigException(
                    "auth.tokens",
                    "auth.mode tokens needs at least one token "
                            + "({name, hash, role, subject}); create one with 'pulse auth hash-token'");
        }
        if (mode == Mode.OIDC && oidc == null) {
            throw new InvalidConfigException(
                    "auth.oidc",
                    "auth.mode oidc needs auth.oidc.issuer, auth.oidc.audience " + "and auth.oidc.jwksUrl");
        }
    }

    /** No access configuration at all: {@code run} refuses to start with it. */
    public static AuthSection unconfigured() {
        return new AuthSection(null, List.of(), null, null, false, DEFAULT_SESSION_TTL);
    }

    /** Open access, as the demo runs. */
    public static AuthSection none() {
        return new AuthSection(Mode.NONE, List.of(), null, null, false, DEFAULT_SESSION_TTL);
    }

    /** Whether the configuration says how callers are authenticated ({@code auth.mode} is set). */
    public boolean configured() {
        return mode != null;
    }

    /** The same section with {@code http.token} as one static admin token, the mapping documented in CONFIGURATION.md. */
    AuthSection withLegacyToken(String sha256) {
        List<StaticToken> all = new ArrayList<>(tokens);
        all.add(new StaticToken("http.token", sha256, "admin", null));
        return new AuthSection(
                mode == null ? Mode.TOKENS : mode, all, oidc, forwardingSecret, protectMetrics, sessionTtl);
    }

    static AuthSection read(ConfigReader r) {
        String modeText = r.text("mode", null);
        Mode mode = null;
        if (modeText != null) {
            mode = Mode.parse(modeText);
            if (mode == null) {
                throw r.error("mode", "'" + modeText + "' is not one of none, tokens, oidc");
            }
        }
        List<StaticToken> tokens = tokens(r);
        ConfigReader o = r.section("oidc", OidcSection.KEYS);
        OidcSection oidc = OidcSection.read(o);
        AuthSection section = new AuthSection(
                mode,
                tokens,
                oidc,
                r.text("forwardingSecret", null),
                r.bool("protectMetrics", false),
                r.duration("sessionTtl", DEFAULT_SESSION_TTL));
        r.finish();
        return section;
    }

    private static List<StaticToken> tokens(ConfigReader r) {
        JsonNode node = r.value("tokens");
        List<StaticToken> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            throw r.error(
                    "tokens", "must be a list of {name, hash, role, subject}, got " + ConfigReader.describe(node));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            ConfigReader t = r.item("tokens", i, TOKEN_KEYS);
            String hash = t.text("hash", null);
            if (hash == null || !hash.matches("(?i)[0-9a-f]{64}")) {
                // Never echo the value: someone may have pasted the token itself here.
                throw t.error(
                        "hash",
                        "must be the SHA-256 of the token as 64 hex digits (not the token itself); "
                                + "create it with 'pulse auth hash-token'");
            }
            hash = hash.toLowerCase(Locale.ROOT);
            String role = t.text("role", null);
            if (role == null || !ROLES.contains(role.toLowerCase(Locale.ROOT))) {
                throw t.error(
                        "role",
                        (role == null ? "is required" : "'" + role + "' is not a role")
                                + "; the roles are employee, lead, admin");
            }
            role = role.toLowerCase(Locale.ROOT);
            String subject = t.text("subject", null);
            if (subject == null && !role.equals("admin")) {
                throw t.error(
                        "subject",
                        "is required for role " + role + " (the " + (role.equals("lead") ? "team id" : "employee id")
                                + ")");
            }
            Integer earlier = seen.putIfAbsent(hash, i);
            if (earlier != null) {
                throw t.error("hash", "is the same token as auth.tokens[" + earlier + "]");
            }
            String name = t.text("name", "auth.tokens[" + i + "]");
            t.finish();
            out.add(new StaticToken(name, hash, role, subject));
        }
        return out;
    }

    /** Without secrets, for logs. */
    @Override
    public String toString() {
        return "AuthSection[mode=" + (mode == null ? "(not set)" : mode.id()) + ", tokens=" + tokens + ", oidc=" + oidc
                + ", forwardingSecret=" + (forwardingSecret == null ? "none" : "[hidden]") + ", protectMetrics="
                + protectMetrics + ", sessionTtl=" + sessionTtl + "]";
    }
}
