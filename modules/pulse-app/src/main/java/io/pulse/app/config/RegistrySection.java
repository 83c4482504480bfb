package io.pulse.app.config;

import io.pulse.serde.AvroSerdeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code registry:} the Confluent-compatible schema registry every Avro value is registered in.
 *
 * @param urls               base URLs, tried in order with fail-over; or a single {@code mem://<scope>} (the
 *                           in-JVM registry of tests and replay)
 * @param username           HTTP basic auth user, or null
 * @param password           HTTP basic auth password, or null; required with {@code username}
 * @param bearerToken        bearer token instead of basic auth, or null
 * @param trustStoreLocation trust store with the registry's CA for https URLs, or null for the JDK's
 * @param trustStorePassword its password, or null
 * @param trustStoreType     {@code PKCS12} or {@code JKS}
 * @param autoRegister       register a schema the registry does not know when producing; production sets it
 *                           to false so only the deployment changes the registry
 */
public record RegistrySection(
        List<String> urls,
        String username,
        String password,
        String bearerToken,
        String trustStoreLocation,
        String trustStorePassword,
        String trustStoreType,
        boolean autoRegister) {
    public static final List<String> KEYS = List.of(
            "url",
            "username",
            "password",
            "bearerToken",
            "trustStoreLocation",
            "trustStorePassword",
            "trustStoreType",
            "autoRegister");
    public static final String DEFAULT_URL = "http://localhost:8081";
    public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";
    public static final boolean DEFAULT_AUTO_REGISTER = AvroSerdeConfig.DEFAULT_AUTO_REGISTER;

    public RegistrySection {
        Objects.requireNonNull(urls, "urls");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new InvalidConfigException("registry.url", "at least one URL is required");
        }
        boolean memory = urls.stream().anyMatch(u -> u.startsWith("mem://"));
        for (String url : urls) {
            if (!(url.startsWith("http://") || url.startsWith("https://") || url.startsWith("mem://"))) {
                throw new InvalidConfigException(
                        "registry.url", "'" + url + "' must start with http://, https:// or mem://");
            }
        }
        if (memory && urls.size() > 1) {
            throw new InvalidConfigException("registry.url", "a mem:// registry stands alone, got " + urls);
        }
        if (username != null && password == null) {
            throw new InvalidConfigException("registry.password", "is required with registry.username");
        }
        if (password != null && username == null) {
            throw new InvalidConfigException("registry.username", "is required with registry.password");
        }
        if (username != null && username.contains(":")) {
            throw new InvalidConfigException("registry.username", "must not contain ':'");
        }
        if (username != null && bearerToken != null) {
            throw new InvalidConfigException(
                    "registry.bearerToken",
                    "set either registry.username and " + "registry.password or registry.bearerToken, not both");
        }
        trustStoreType = trustStoreType == null ? DEFAULT_TRUST_STORE_TYPE : trustStoreType.toUpperCase(Locale.ROOT);
        if (!trustStoreType.equals("PKCS12") && !trustStoreType.equals("JKS")) {
            throw new InvalidConfigException(
                    "registry.trustStoreType", "'" + trustStoreType + "' is not PKCS12 or JKS");
        }
        if (trustStorePassword != null && trustStoreLocation == null) {
            throw new InvalidConfigException(
                    "registry.trustStoreLocation", "is required with registry.trustStorePassword");
        }
    }

    public static RegistrySection defaults() {
        return new RegistrySection(
                List.of(DEFAULT_URL), null, null, null, null, null, DEFAULT_TRUST_STORE_TYPE, DEFAULT_AUTO_REGISTER);
    }

    static RegistrySection read(ConfigReader r) {
        RegistrySection section = new RegistrySection(
                r.list("url", List.of(DEFAULT_URL)),
                r.text("username", null),
                r.text("password", null),
                r.text("bearerToken", null),
                r.text("trustStoreLocation", null),
                r.text("trustStorePassword", null),
                r.text("trustStoreType", DEFAULT_TRUST_STORE_TYPE),
                r.bool("autoRegister", DEFAULT_AUTO_REGISTER));
        r.finish();
        return section;
    }

    /** The same registry at other URLs (tests, demo). */
    public RegistrySection withUrls(List<String> newUrls) {
        return new RegistrySection(
                newUrls,
                username,
                password,
                bearerToken,
                trustStoreLocation,
                trustStorePassword,
                trustStoreType,
                autoRegister);
    }

    /** The serde's Confluent-style properties ({@code schema.registry.url}, {@code basic.auth.user.info}, ...). */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", urls));
        m.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, autoRegister);
        if (username != null) {
            m.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, username + ":" + password);
        }
        if (bearerToken != null) {
            m.put(AvroSerdeConfig.BEARER_AUTH_TOKEN, bearerToken);
        }
        if (trustStoreLocation != null) {
            m.put(AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, trustStoreLocation);
        }
        if (trustStorePassword != null) {
            m.put(AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD, trustStorePassword);
        }
        m.put(AvroSerdeConfig.SSL_TRUSTSTORE_TYPE, trustStoreType);
        return m;
    }

    /** Without secrets, for logs. */
    @Override
    public String toString() {
        return "RegistrySection[urls=" + urls + ", auth="
                + (username != null ? "basic (" + username + ")" : bearerToken != null ? "bearer" : "none")
                + ", trustStore=" + trustStoreLocation
                + ", autoRegister=" + autoRegister + "]";
    }
}
