package io.pulse.serde.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a schema registry. Immutable and validated on construction; build one with {@link
 * #builder()} or from Kafka-style properties through {@code io.pulse.serde.AvroSerdeConfig}.
 *
 * @param urls base URLs, tried in order with fail-over; or a single {@code mem://<scope>}
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param bearerToken a bearer token, or null; not together with basic auth
 * @param trustStoreLocation a trust store file for TLS to the registry, or null for the JDK's
 * @param trustStorePassword its password, or null
 * @param trustStoreType its type (PKCS12, JKS)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one HTTP request
 * @param retries attempts after every URL was tried once, with exponential back-off; only on 5xx
 *     answers and I/O errors
 * @param retryBackoff the first back-off
 * @param retryBackoffMax the longest back-off
 * @param cacheCapacity entries per client cache (ids by schema, schemas by id)
 */
public record RegistryClientConfig(
        List<String> urls,
        String basicAuthUserInfo,
        String bearerToken,
        String trustStoreLocation,
        String trustStorePassword,
        String trustStoreType,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff,
        Duration retryBackoffMax,
        int cacheCapacity) {

    public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(2);
    public static final int DEFAULT_CACHE_CAPACITY = 1000;

    public RegistryClientConfig {
        Objects.requireNonNull(urls, "urls");
        urls = urls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("schema registry URL is missing");
        }
        boolean memory = urls.stream().anyMatch(u -> u.startsWith(InMemorySchemaRegistry.URL_SCHEME));
        if (memory && urls.size() > 1) {
            throw new IllegalArgumentException("a mem:// registry URL stands alone, got " + urls);
        }
        for (String url : urls) {
            if (!memory && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "schema registry URL must start with http://, https:// or mem://: " + url);
            }
        }
        if (memory && InMemorySchemaRegistry.scopeOf(urls.get(0)).isEmpty()) {
            throw new IllegalArgumentException("mem:// needs a scope name, e.g. mem://tests");
        }
        if (basicAuthUserInfo != null && bearerToken != null) {
            throw new IllegalArgumentException(
                    "set either basic auth or a bearer token for the schema registry, not both");
        }
        if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
            throw new IllegalArgumentException("basic auth user info must be user:password");
        }
        trustStoreType = trustStoreType == null ? DEFAULT_TRUST_STORE_TYPE : trustStoreType;
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connect timeout");
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "request timeout");
        retryBackoff = positive(retryBackoff, DEFAULT_RETRY_BACKOFF, "retry back-off");
        retryBackoffMax = positive(retryBackoffMax, DEFAULT_RETRY_BACKOFF_MAX, "maximum retry back-off");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        if (cacheCapacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + cacheCapacity);
        }
    }

    private static Duration positive(Duration value, Duration fallback, String what) {
        Duration d = value == null ? fallback : value;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    /** True for a {@code mem://} registry. */
    public boolean inMemory() {
        return urls.get(0).startsWith(InMemorySchemaRegistry.URL_SCHEME);
    }

    /** The configuration without credentials, for logs. */
    @Override
    public String toString() {
        return "RegistryClientConfig[urls=" + urls
                + ", auth=" + (basicAuthUserInfo != null ? "basic" : bearerToken != null ? "bearer" : "none")
                + ", trustStore=" + trustStoreLocation + ", retries=" + retries + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A typed builder; unset values take the defaults above. */
    public static final class Builder {
        private List<String> urls = List.of();
        private String basicAuthUserInfo;
        private String bearerToken;
        private String trustStoreLocation;
        private String trustStorePassword;
        private String trustStoreType = DEFAULT_TRUST_STORE_TYPE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
        private Duration retryBackoffMax = DEFAULT_RETRY_BACKOFF_MAX;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;

        private Builder() {}

        public Builder urls(List<String> urls) {
            this.urls = List.copyOf(urls);
            return this;
        }

        public Builder urls(String... urls) {
            return urls(List.of(urls));
        }

        public Builder basicAuth(String user, String password) {
            this.basicAuthUserInfo = user + ":" + password;
            return this;
        }

        public Builder basicAuthUserInfo(String userInfo) {
            this.basicAuthUserInfo = userInfo;
            return this;
        }

        public Builder bearerToken(String token) {
            this.bearerToken = token;
            return this;
        }

        public Builder trustStore(String location, String password, String type) {
            this.trustStoreLocation = location;
            this.trustStorePassword = password;
            this.trustStoreType = type;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder retries(int retries) {
            this.retries = retries;
            return this;
        }

        public Builder retryBackoff(Duration first, Duration max) {
            this.retryBackoff = first;
            this.retryBackoffMax = max;
            return this;
        }

        public Builder cacheCapacity(int capacity) {
            this.cacheCapacity = capacity;
            return this;
        }

        public RegistryClientConfig build() {
            return new RegistryClientConfig(
                    urls,
                    basicAuthUserInfo,
                    bearerToken,
                    trustStoreLocation,
                    trustStorePassword,
                    trustStoreType,
                    connectTimeout,
                    requestTimeout,
                    retries,
                    retryBackoff,
                    retryBackoffMax,
                    cacheCapacity);
        }
    }
}
