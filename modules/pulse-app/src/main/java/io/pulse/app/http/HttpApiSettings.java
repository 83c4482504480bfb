package io.pulse.app.http;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How the HTTP API is served.
 *
 * @param host             interface to listen on; {@code 0.0.0.0} for all
 * @param port             port to listen on; 0 picks a free one (tests)
 * @param advertisedUrl    how other instances reach this one ({@code http://pulse-0.pulse:8080}); its host and port
 *                         are this instance's {@code application.server}, the address queries are forwarded to. Null
 *                         means {@code localhost:<bound port>}, right for instances on one machine only
 * @param accessToken      the bearer token every {@code /api/} request must carry, or null for none (see
 *                         {@link #ACCESS_TOKEN_VARIABLE})
 * @param alertBuffer      how many recent alerts are kept in memory for {@code /api/v1/alerts}
 * @param forwardTimeout   how long a forwarded query may take before the answer is 503
 * @param maxStreamClients how many {@code /api/v1/stream} connections are served at once
 */
public record HttpApiSettings(String host, int port, URI advertisedUrl, String accessToken, int alertBuffer,
                              Duration forwardTimeout, int maxStreamClients) {
    /** Environment variable holding the API's bearer token; unset or empty means no token is required. */
    public static final String ACCESS_TOKEN_VARIABLE = "PULSE_HTTP_TOKEN";
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
            String scheme = advertisedUrl.getScheme() == null ? "" : advertisedUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") || advertisedUrl.getHost() == null) {
                throw new IllegalArgumentException("http.advertisedUrl '" + advertisedUrl
                        + "' is not an http URL with a host, such as http://pulse-0.pulse:8080");
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
    }

    /** The given address with the defaults, and the access token from {@value #ACCESS_TOKEN_VARIABLE}. */
    public static HttpApiSettings of(String host, int port, URI advertisedUrl) {
        return of(host, port, advertisedUrl, System.getenv());
    }

    static HttpApiSettings of(String host, int port, URI advertisedUrl, Map<String, String> env) {
        return new HttpApiSettings(host, port, advertisedUrl, env.get(ACCESS_TOKEN_VARIABLE), DEFAULT_ALERT_BUFFER,
                DEFAULT_FORWARD_TIMEOUT, DEFAULT_MAX_STREAM_CLIENTS);
    }

    /** Listening on {@code localhost} at a free port, no token: for tests and single-machine demos. */
    public static HttpApiSettings localhost(int port) {
        return new HttpApiSettings("localhost", port, null, null, DEFAULT_ALERT_BUFFER, DEFAULT_FORWARD_TIMEOUT,
                DEFAULT_MAX_STREAM_CLIENTS);
    }

    public HttpApiSettings withAccessToken(String token) {
        return new HttpApiSettings(host, port, advertisedUrl, token, alertBuffer, forwardTimeout, maxStreamClients);
    }

    /** This instance's {@code application.server} once bound to {@code boundPort}. */
    public HostInfo applicationServer(int boundPort) {
        if (advertisedUrl != null) {
            int p = advertisedUrl.getPort() < 0 ? 80 : advertisedUrl.getPort();
            return new HostInfo(advertisedUrl.getHost(), p);
        }
        return new HostInfo("localhost", boundPort);
    }

    /** Without the token, for logs. */
    @Override
    public String toString() {
        return "HttpApiSettings[host=" + host + ", port=" + port + ", advertisedUrl=" + advertisedUrl + ", access="
                + (accessToken == null ? "open" : "bearer token") + ", alertBuffer=" + alertBuffer + ", forwardTimeout="
                + forwardTimeout + ", maxStreamClients=" + maxStreamClients + "]";
    }
}
