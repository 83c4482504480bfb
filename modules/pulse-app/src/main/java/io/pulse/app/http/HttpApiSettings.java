package io.pulse.app.http;

import io.pulse.app.config.HttpSection;
import io.pulse.app.config.TlsSection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How the HTTP API is served.
 *
 * @param host             interface to listen on; {@code 0.0.0.0} for all
 * @param port             port to listen on; 0 picks a free one (tests)
 * @param advertisedUrl    how other instances reach this one ({@code http://pulse-0.pulse:8080}); its host and port
 *                         are this instance's {@code application.server}, the address queries are forwarded to, and
 *                         its scheme the one forwarding uses (every instance is assumed to serve the same scheme).
 *                         Null means {@code http://localhost:<bound port>}, right for instances on one machine only
 * @param accessToken      one static admin token ({@code http.token}) for an API built without an
 *                         {@link io.pulse.app.access.ApiAccess}, or null for open access
 * @param alertBuffer      how many recent alerts are kept in memory for {@code /api/v1/alerts}
 * @param forwardTimeout   how long a forwarded query may take before the answer is 503
 * @param maxStreamClients how many {@code /api/v1/stream} connections are served at once
 * @param tls              HTTPS key and forwarding trust, or null for plain HTTP
 * @param maxRequestSize   largest request body, in bytes
 * @param rateLimit        requests per second per client address on {@code /api/} (bursts of twice that), 0 for none
 */
public record HttpApiSettings(
        String host,
        int port,
        URI advertisedUrl,
        String accessToken,
        int alertBuffer,
        Duration forwardTimeout,
        int maxStreamClients,
        TlsSection tls,
        int maxRequestSize,
        int rateLimit) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ALERT_BUFFER = 1000;
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_STREAM_CLIENTS = 100;

    public HttpApiSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("http.host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be between 0 and 65535, was " + port);
        }
        if (advertisedUrl != null) {
            String scheme = advertisedUrl.getScheme() == null
                    ? ""
                    : advertisedUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || advertisedUrl.getHost() == null) {
                throw new IllegalArgumentException("http.advertisedUrl '" + advertisedUrl
                        + "' is not an http(s) URL with a host, such as http://pulse-0.pulse:8080");
            }
        }
        if (accessToken != null && accessToken.isBlank()) {
            accessToken = null;
        }
        if (alertBuffer < 1) {
            throw new IllegalArgumentException("alert buffer must be at least 1, was " + alertBuffer);
        }
        Objects.requireNonNull(forwardTimeout, "forwardTimeout");
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new IllegalArgumentException("forward timeout must be positive, was " + forwardTimeout);
        }
        if (maxStreamClients < 1) {
            throw new IllegalArgumentException("max stream clients must be at least 1, was " + maxStreamClients);
        }
        if (maxRequestSize < 1024) {
            throw new IllegalArgumentException("max request size must be at least 1024, was " + maxRequestSize);
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("rate limit must not be negative, was " + rateLimit);
        }
    }

    public HttpApiSettings(
            String host,
            int port,
            URI advertisedUrl,
            String accessToken,
            int alertBuffer,
            Duration forwardTimeout,
            int maxStreamClients) {
        this(
                host,
                port,
                advertisedUrl,
                accessToken,
                alertBuffer,
                forwardTimeout,
                maxStreamClients,
                null,
                HttpSection.DEFAULT_MAX_REQUEST_SIZE,
                0);
    }

    /** The settings of the {@code http:} section. */
    public static HttpApiSettings of(HttpSection http) {
        return new HttpApiSettings(
                http.host(),
                http.port(),
                http.advertisedUrl(),
                http.token(),
                DEFAULT_ALERT_BUFFER,
                DEFAULT_FORWARD_TIMEOUT,
                DEFAULT_MAX_STREAM_CLIENTS,
                http.tls(),
                http.maxRequestSize(),
                http.rateLimit());
    }

    /** The given address and token (null: none) with the default limits. */
    public static HttpApiSettings of(String host, int port, URI advertisedUrl, String accessToken) {
        return new HttpApiSettings(
                host,
                port,
                advertisedUrl,
                accessToken,
                DEFAULT_ALERT_BUFFER,
                DEFAULT_FORWARD_TIMEOUT,
                DEFAULT_MAX_STREAM_CLIENTS);
    }

    /** Listening on {@code localhost} at a free port, no token: for tests and single-machine demos. */
    public static HttpApiSettings localhost(int port) {
        return new HttpApiSettings(
                "localhost",
                port,
                null,
                null,
                DEFAULT_ALERT_BUFFER,
                DEFAULT_FORWARD_TIMEOUT,
                DEFAULT_MAX_STREAM_CLIENTS);
    }

    public HttpApiSettings withAccessToken(String token) {
        return new HttpApiSettings(
                host,
                port,
                advertisedUrl,
                token,
                alertBuffer,
                forwardTimeout,
                maxStreamClients,
                tls,
                maxRequestSize,
                rateLimit);
    }

    public HttpApiSettings withTls(TlsSection t) {
        return new HttpApiSettings(
                host,
                port,
                advertisedUrl,
                accessToken,
                alertBuffer,
                forwardTimeout,
                maxStreamClients,
                t,
                maxRequestSize,
                rateLimit);
    }

    public HttpApiSettings withRateLimit(int perSecond) {
        return new HttpApiSettings(
                host,
                port,
                advertisedUrl,
                accessToken,
                alertBuffer,
                forwardTimeout,
                maxStreamClients,
                tls,
                maxRequestSize,
                perSecond);
    }

    /**
     * The scheme queries are forwarded with: the advertised URL's, else {@code https} when this instance serves
     * TLS (every instance is assumed to serve the same), else {@code http}.
     */
    public String scheme() {
        if (advertisedUrl != null) {
            return advertisedUrl.getScheme().toLowerCase(Locale.ROOT);
        }
        return tls == null ? "http" : "https";
    }

    /** This instance's {@code application.server} once bound to {@code boundPort}. */
    public HostInfo applicationServer(int boundPort) {
        if (advertisedUrl != null) {
            int p = advertisedUrl.getPort() >= 0 ? advertisedUrl.getPort() : scheme().equals("https") ? 443 : 80;
            return new HostInfo(advertisedUrl.getHost(), p);
        }
        return new HostInfo("localhost", boundPort);
    }

    /** Without the token, for logs. */
    @Override
    public String toString() {
        return "HttpApiSettings[host=" + host + ", port=" + port + ", advertisedUrl=" + advertisedUrl + ", access="
                + (accessToken == null ? "open" : "bearer token") + ", alertBuffer=" + alertBuffer + ", forwardTimeout="
                + forwardTimeout + ", maxStreamClients=" + maxStreamClients + ", tls=" + tls + ", maxRequestSize="
                + maxRequestSize + ", rateLimit=" + rateLimit + "]";
    }
}
