package io.pulse.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code http:} where this instance serves the HTTP API, and the address other instances reach it at.
 *
 * @param host          interface to listen on; {@code 0.0.0.0} for all
 * @param port          port to listen on; 0 picks a free one (tests)
 * @param advertisedUrl how other instances reach this one ({@code http://pulse-0.pulse:8080}); Kafka Streams
 *                      shares its host and port as {@code application.server} so any instance can forward a
 *                      query to the key's owner. Null means {@code http://localhost:<port>}, right for a
 *                      single instance only.
 * @param token          the former single bearer token ({@code PULSE_HTTP_TOKEN}): now one static admin token
 *                       beside {@code auth.tokens} (see {@link AuthSection}), or null
 * @param tls            HTTPS settings, or null for plain HTTP
 * @param maxRequestSize largest request body in bytes
 * @param rateLimit      requests per second one client (address) may make to {@code /api/}, with bursts of twice
 *                       that; 0 for no limit
 */
public record HttpSection(
        String host, int port, URI advertisedUrl, String token, TlsSection tls, int maxRequestSize, int rateLimit) {
    /** Every key of the section (the reader's list). */
    public static final List<String> KEYS =
            List.of("host", "port", "advertisedUrl", "token", "tls", "maxRequestSize", "rateLimit");
    /** The keys that hold one value, each with an environment variable ({@code tls} is a section of its own). */
    public static final List<String> SCALAR_KEYS =
            List.of("host", "port", "advertisedUrl", "token", "maxRequestSize", "rateLimit");

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_REQUEST_SIZE = 64 * 1024;
    public static final int DEFAULT_RATE_LIMIT = 50;

    public HttpSection {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new InvalidConfigException("http.host", "must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidConfigException("http.port", "must be between 0 and 65535, was " + port);
        }
        if (advertisedUrl != null) {
            String scheme = advertisedUrl.getScheme() == null
                    ? ""
                    : advertisedUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || advertisedUrl.getHost() == null) {
                throw new InvalidConfigException(
                        "http.advertisedUrl",
                        "'" + advertisedUrl + "' is not an http(s) URL with a host, such as http://pulse-0.pulse:8080");
            }
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (maxRequestSize < 1024) {
            throw new InvalidConfigException(
                    "http.maxRequestSize", "must be at least 1024 bytes, was " + maxRequestSize);
        }
        if (rateLimit < 0) {
            throw new InvalidConfigException("http.rateLimit", "must be 0 (no limit) or more, was " + rateLimit);
        }
    }

    /** Plain HTTP with the default limits. */
    public HttpSection(String host, int port, URI advertisedUrl, String token) {
        this(host, port, advertisedUrl, token, null, DEFAULT_MAX_REQUEST_SIZE, DEFAULT_RATE_LIMIT);
    }

    public static HttpSection defaults() {
        return new HttpSection(DEFAULT_HOST, DEFAULT_PORT, null, null);
    }

    static HttpSection read(ConfigReader r) {
        String url = r.text("advertisedUrl", null);
        URI advertised = null;
        if (url != null) {
            try {
                advertised = new URI(url);
            } catch (URISyntaxException e) {
                throw r.error("advertisedUrl", "'" + url + "' is not a URL such as http://pulse-0.pulse:8080");
            }
        }
        HttpSection section = new HttpSection(
                r.text("host", DEFAULT_HOST),
                r.integer("port", DEFAULT_PORT),
                advertised,
                r.text("token", null),
                TlsSection.read(r.section("tls", TlsSection.KEYS)),
                r.integer("maxRequestSize", DEFAULT_MAX_REQUEST_SIZE),
                r.integer("rateLimit", DEFAULT_RATE_LIMIT));
        r.finish();
        return section;
    }

    /** The same address listening on another port (tests, demo). */
    public HttpSection withPort(int newPort) {
        return new HttpSection(host, newPort, advertisedUrl, token, tls, maxRequestSize, rateLimit);
    }

    /** The scheme the API serves: {@code https} with {@link #tls}, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /** Without the token, for logs. */
    @Override
    public String toString() {
        return "HttpSection[host=" + host + ", port=" + port + ", advertisedUrl=" + advertisedUrl + ", token="
                + (token == null ? "none" : "[hidden]") + ", tls=" + tls + ", maxRequestSize=" + maxRequestSize
                + ", rateLimit=" + rateLimit + "]";
    }

    /**
     * {@code host:port} for Kafka Streams' {@code application.server}: from {@link #advertisedUrl} (its port, or
     * the scheme's), else {@code localhost:<port>}; null when neither says (port 0 and no advertised URL).
     */
    public String applicationServer() {
        if (advertisedUrl != null) {
            int p = advertisedUrl.getPort();
            if (p < 0) {
                p = "https".equalsIgnoreCase(advertisedUrl.getScheme()) ? 443 : 80;
            }
            return advertisedUrl.getHost() + ":" + p;
        }
        return port == 0 ? null : "localhost:" + port;
    }
}
