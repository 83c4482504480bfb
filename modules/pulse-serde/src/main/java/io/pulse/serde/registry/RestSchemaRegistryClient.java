package io.pulse.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over {@link HttpClient}, for Confluent
 * Schema Registry, Karapace, Apicurio's ccompat API, Redpanda and Pulse's development registry.
 *
 * <p>Answers are cached in bounded LRU caches both ways (ids by subject and schema, schemas by id),
 * so a serde asks the registry once per schema. A request goes to the base URL that last answered;
 * on an I/O error or a 5xx answer it fails over to the next URL at once, and once every URL was
 * tried it retries with exponential back-off, at most {@link RegistryClientConfig#retries()}
 * times. A 4xx answer is never retried: it is the registry's verdict.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** The registry's media type, sent as Content-Type and preferred in Accept. */
    public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ACCEPT =
            MEDIA_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOGGER = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final List<String> baseUrls;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger preferredUrl = new AtomicInteger();
    private final LruCache<SubjectSchema, Integer> idBySubjectSchema;
    private final LruCache<Integer, Schema> schemaById;

    private record SubjectSchema(String subject, Schema schema) {}

    /** The registry has not answered since {@code since}; {@code error} is the latest failure. */
    private record Outage(java.time.Instant since, String error) {}

    /** Set when a request gives up without an answer, cleared by the next answer. */
    private volatile Outage outage;

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.inMemory()) {
            throw new IllegalArgumentException("use InMemorySchemaRegistry for " + config.urls());
        }
        this.baseUrls = config.urls().stream()
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .toList();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.trustStoreLocation() != null) {
            builder.sslContext(sslContext(config));
        }
        this.http = builder.build();
        if (config.basicAuthUserInfo() != null) {
            authorization = "Basic "
                    + Base64.getEncoder()
                            .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        } else if (config.bearerToken() != null) {
            authorization = "Bearer " + config.bearerToken();
        } else {
            authorization = null;
        }
        this.idBySubjectSchema = new LruCache<>(config.cacheCapacity());
        this.schemaById = new LruCache<>(config.cacheCapacity());
        LOGGER.info("Schema registry client for {}", config);
    }

    private static SSLContext sslContext(RegistryClientConfig config) {
        Path location = Path.of(config.trustStoreLocation());
        try (InputStream in = Files.newInputStream(location)) {
            KeyStore trustStore = KeyStore.getInstance(config.trustStoreType());
            char[] password = config.trustStorePassword() == null
                    ? null
                    : config.trustStorePassword().toCharArray();
            trustStore.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot load the schema registry trust store " + location + " (type " + config.trustStoreType()
                            + "): " + e.getMessage(),
                    e);
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(
                "POST",
                "/subjects/" + encode(subject) + "/versions",
                schemaBody(schema),
                RegistryException.Kind.SUBJECT_NOT_FOUND);
        int id = requiredInt(answer, "id");
        idBySubjectSchema.put(key, id);
        schemaById.put(id, schema);
        return id;
    }

    @Override
    public int getId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(
                "POST", "/subjects/" + encode(subject), schemaBody(schema), RegistryException.Kind.SCHEMA_NOT_FOUND);
        int id = requiredInt(answer, "id");
        idBySubjectSchema.put(key, id);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        return schemaById.computeIfAbsent(id, i -> {
            JsonNode answer = call("GET", "/schemas/ids/" + i, null, RegistryException.Kind.SCHEMA_NOT_FOUND);
            String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equalsIgnoreCase(type)) {
                throw new RegistryException(
                        200,
                        0,
                        RegistryException.Kind.OTHER,
                        "schemaType " + type,
                        "Schema " + i + " is a " + type + " schema; Pulse reads Avro only");
            }
            return AvroSchemas.parse(requiredText(answer, "schema"));
        });
    }

    @Override
    public RegisteredSchema getLatestVersion(String subject) {
        JsonNode answer = call(
                "GET",
                "/subjects/" + encode(subject) + "/versions/latest",
                null,
                RegistryException.Kind.SUBJECT_NOT_FOUND);
        Schema schema = AvroSchemas.parse(requiredText(answer, "schema"));
        int id = requiredInt(answer, "id");
        schemaById.put(id, schema);
        return new RegisteredSchema(answer.path("subject").asText(subject), requiredInt(answer, "version"), id, schema);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = call(
                    "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema),
                    RegistryException.Kind.SUBJECT_NOT_FOUND);
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.SUBJECT_NOT_FOUND
                    || e.kind() == RegistryException.Kind.VERSION_NOT_FOUND) {
                return CompatibilityResult.ok(); // nothing registered yet: anything is compatible
            }
            throw e;
        }
        if (!answer.has("is_compatible")) {
            throw malformed("is_compatible", answer);
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(answer.get("is_compatible").asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        try {
            return level(call(
                    "GET",
                    "/config/" + encode(subject) + "?defaultToGlobal=true",
                    null,
                    RegistryException.Kind.CONFIG_NOT_FOUND));
        } catch (RegistryException e) {
            // Registries that ignore defaultToGlobal answer 404 (40401 or 40408) for a subject without
            // its own level: the global one applies.
            if (e.kind() == RegistryException.Kind.CONFIG_NOT_FOUND
                    || e.kind() == RegistryException.Kind.SUBJECT_NOT_FOUND) {
                return getGlobalCompatibility();
            }
            throw e;
        }
    }

    @Override
    public java.util.Optional<String> outage() {
        Outage o = outage;
        return o == null
                ? java.util.Optional.empty()
                : java.util.Optional.of("unreachable since " + o.since() + ": " + o.error());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        call("PUT", "/config/" + encode(subject), levelBody(level), RegistryException.Kind.SUBJECT_NOT_FOUND);
    }

    @Override
    public CompatibilityLevel getGlobalCompatibility() {
        return level(call("GET", "/config", null, RegistryException.Kind.CONFIG_NOT_FOUND));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        call("PUT", "/config", levelBody(level), RegistryException.Kind.OTHER);
    }

    private static CompatibilityLevel level(JsonNode answer) {
        // Confluent answers GET with "compatibilityLevel", PUT with "compatibility"; accept both.
        JsonNode level =
                answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        if (level == null) {
            throw malformed("compatibilityLevel", answer);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", AvroSchemas.canonical(schema));
        return body.toString();
    }

    private static String levelBody(CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibility", level.name()).toString();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One logical request: fail-over across URLs, then bounded retries with back-off. */
    private JsonNode call(String method, String path, String body, RegistryException.Kind notFound) {
        int urls = baseUrls.size();
        int start = preferredUrl.get();
        int attempts = urls + config.retries();
        RegistryException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt >= urls) {
                backOff(attempt - urls);
            }
            int index = (start + attempt) % urls;
            String url = baseUrls.get(index) + path;
            try {
                JsonNode answer = send(method, url, body, notFound);
                preferredUrl.set(index);
                if (outage != null) {
                    LOGGER.info(
                            "Schema registry {} answers again (it did not since {})",
                            baseUrls.get(index),
                            outage.since());
                    outage = null;
                }
                return answer;
            } catch (RegistryException e) {
                boolean retriable = e.kind() == RegistryException.Kind.SERVER_ERROR
                        || (e.kind() == RegistryException.Kind.UNAVAILABLE && !(e.getCause() instanceof SSLException));
                if (!retriable) {
                    if (e.httpStatus() > 0) {
                        // An answer, even a refusal, means the registry is there.
                        outage = null;
                    }
                    throw e;
                }
                last = e;
                if (attempt + 1 < attempts) {
                    LOGGER.warn(
                            "Schema registry request failed (attempt {} of {}), trying {}: {}",
                            attempt + 1,
                            attempts,
                            baseUrls.get((start + attempt + 1) % urls),
                            e.getMessage());
                }
            }
        }
        if (outage == null) {
            outage = new Outage(java.time.Instant.now(), last.getMessage());
        } else {
            outage = new Outage(outage.since(), last.getMessage());
        }
        throw new RegistryException(
                last.httpStatus(),
                last.errorCode(),
                last.kind(),
                last.registryMessage(),
                last.getMessage() + " (gave up after " + attempts + " attempts on " + baseUrls + ")",
                last);
    }

    private void backOff(int retry) {
        long first = config.retryBackoff().toMillis();
        long max = config.retryBackoffMax().toMillis();
        long delay = Math.min(max, first << Math.min(retry, 20));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(
                    0,
                    0,
                    RegistryException.Kind.UNAVAILABLE,
                    "interrupted",
                    "Interrupted while waiting to retry a schema registry request",
                    e);
        }
    }

    private JsonNode send(String method, String url, String body, RegistryException.Kind notFound) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", MEDIA_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            String hint = e instanceof SSLException
                    ? " (does schema.registry.ssl.truststore.location hold the registry's certificate?)"
                    : "";
            throw new RegistryException(
                    0,
                    0,
                    RegistryException.Kind.UNAVAILABLE,
                    String.valueOf(e.getMessage()),
                    "Schema registry " + method + " " + url + " failed: " + e + hint,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(
                    0,
                    0,
                    RegistryException.Kind.UNAVAILABLE,
                    "interrupted",
                    "Interrupted during schema registry " + method + " " + url,
                    e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new RegistryException(
                        status,
                        0,
                        RegistryException.Kind.OTHER,
                        response.body(),
                        "Schema registry " + method + " " + url + " answered " + status
                                + " with a body that is not JSON: " + abbreviate(response.body()),
                        e);
            }
        }
        throw error(method, url, status, response.body(), notFound);
    }

    private static RegistryException error(
            String method, String url, int status, String body, RegistryException.Kind notFound) {
        int code = status;
        String message = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                if (error.has("error_code")) {
                    code = error.get("error_code").asInt(status);
                }
                if (error.hasNonNull("message")) {
                    message = error.get("message").asText();
                }
            }
        } catch (IOException notJson) {
            // A proxy's HTML error page: keep the status and the text.
        }
        RegistryException.Kind kind = RegistryException.classify(status, code, notFound);
        return new RegistryException(
                status,
                code,
                kind,
                message,
                "Schema registry answered HTTP " + status + " (error_code " + code + ", " + kind + ") to " + method
                        + " " + url + ": " + message);
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(field, answer);
        }
        return value.asInt();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, answer);
        }
        return value.asText();
    }

    private static RegistryException malformed(String field, JsonNode answer) {
        return new RegistryException(
                200,
                0,
                RegistryException.Kind.OTHER,
                String.valueOf(answer),
                "Schema registry answer lacks '" + field + "': " + abbreviate(String.valueOf(answer)));
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
