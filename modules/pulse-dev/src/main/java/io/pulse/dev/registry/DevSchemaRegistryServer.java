package io.pulse.dev.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pulse.serde.registry.AvroSchemas;
import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.CompatibilityResult;
import io.pulse.serde.registry.InMemorySchemaRegistry;
import io.pulse.serde.registry.RegisteredSchema;
import io.pulse.serde.registry.RegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for development and demos, speaking the subset of the Confluent Schema
 * Registry REST API that Pulse and common Confluent-compatible clients use, so anything the demo
 * writes can be read by an ordinary Confluent deserializer. Not for production: one process, no
 * authentication, no TLS, no replication; production points at a real registry.
 *
 * <p>Endpoints: {@code GET /subjects}, {@code GET /subjects/{s}/versions}, {@code POST
 * /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (look up), {@code GET
 * /subjects/{s}/versions/{v|latest}[/schema]}, {@code GET /schemas/ids/{id}[/schema]}, {@code POST
 * /compatibility/subjects/{s}/versions/{v|latest}}, {@code GET|PUT /config[/{s}]}. Errors carry
 * Confluent's {@code error_code}s (40401, 40402, 40403, 40408, 409, 42201, 42203).
 */
public final class DevSchemaRegistryServer implements AutoCloseable {

    public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOGGER = LoggerFactory.getLogger(DevSchemaRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySchemaRegistry registry;
    private final SchemaStore store;
    private final HttpServer server;
    private final ExecutorService executor;

    private DevSchemaRegistryServer(
            InMemorySchemaRegistry registry, SchemaStore store, HttpServer server, ExecutorService executor) {
        this.registry = registry;
        this.store = store;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Replays the store and starts serving.
     *
     * @param host the address to bind, e.g. 127.0.0.1
     * @param port the port, 0 for any free one
     */
    public static DevSchemaRegistryServer start(SchemaStore store, String host, int port) throws IOException {
        Objects.requireNonNull(store, "store");
        InMemorySchemaRegistry registry = DevSchemaRegistry.open(store);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "pulse-dev-registry-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        DevSchemaRegistryServer started = new DevSchemaRegistryServer(registry, store, server, executor);
        server.createContext("/", started::handle);
        server.start();
        LOGGER.info(
                "Development schema registry on {} ({} schema versions, {}). FOR DEVELOPMENT ONLY: "
                        + "production uses a real registry (Confluent Schema Registry, Karapace, Apicurio, Redpanda)",
                started.url(),
                registry.size(),
                store.describe());
        return started;
    }

    /** On 127.0.0.1 and a free port. */
    public static DevSchemaRegistryServer start(SchemaStore store) throws IOException {
        return start(store, "127.0.0.1", 0);
    }

    /** The base URL clients use as {@code schema.registry.url}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The registry behind the server, for in-process use. */
    public InMemorySchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        store.close();
        LOGGER.info("Development schema registry on {} stopped", url());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String query = exchange.getRequestURI().getRawQuery();
            List<String> path = segments(exchange.getRequestURI().getRawPath());
            JsonNode body = null;
            if ("POST".equals(method) || "PUT".equals(method)) {
                byte[] raw = exchange.getRequestBody().readAllBytes();
                try {
                    body = JSON.readTree(raw);
                } catch (IOException e) {
                    send(
                            exchange,
                            422,
                            error(RegistryException.INVALID_SCHEMA, "Request body is not JSON: " + e.getMessage()));
                    return;
                }
            }
            try {
                Answer answer = route(method, path, query, body);
                send(exchange, answer.status(), answer.body());
            } catch (RegistryException e) {
                send(exchange, e.httpStatus(), error(e.errorCode(), e.registryMessage()));
            } catch (IllegalArgumentException e) {
                send(exchange, 422, error(RegistryException.INVALID_COMPATIBILITY_LEVEL, e.getMessage()));
            } catch (RuntimeException e) {
                LOGGER.warn("Development schema registry failed on {} {}", method, exchange.getRequestURI(), e);
                send(exchange, 500, error(50001, "Error in the backend data store: " + e.getMessage()));
            }
        }
    }

    private record Answer(int status, String body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body.toString());
        }
    }

    private Answer route(String method, List<String> p, String query, JsonNode body) {
        int n = p.size();
        String head = n > 0 ? p.get(0) : "";
        switch (head) {
            case "subjects":
                if (n == 1 && method.equals("GET")) {
                    ArrayNode subjects = JSON.createArrayNode();
                    registry.subjects().forEach(subjects::add);
                    return Answer.ok(subjects);
                }
                if (n == 2 && method.equals("POST")) {
                    return Answer.ok(versionJson(registry.lookup(p.get(1), schemaOf(body))));
                }
                if (n == 3 && p.get(2).equals("versions") && method.equals("GET")) {
                    ArrayNode versions = JSON.createArrayNode();
                    registry.versionNumbers(p.get(1)).forEach(versions::add);
                    return Answer.ok(versions);
                }
                if (n == 3 && p.get(2).equals("versions") && method.equals("POST")) {
                    int id = registry.register(p.get(1), schemaOf(body));
                    return Answer.ok(JSON.createObjectNode().put("id", id));
                }
                if ((n == 4 || (n == 5 && p.get(4).equals("schema")))
                        && p.get(2).equals("versions")
                        && method.equals("GET")) {
                    RegisteredSchema version = version(p.get(1), p.get(3));
                    return n == 4
                            ? Answer.ok(versionJson(version))
                            : new Answer(200, version.schema().toString());
                }
                break;
            case "schemas":
                if ((n == 3 || (n == 4 && p.get(3).equals("schema")))
                        && p.get(1).equals("ids")
                        && method.equals("GET")) {
                    Schema schema =
                            registry.getSchemaById(number(p.get(2), RegistryException.SCHEMA_NOT_FOUND, "Schema"));
                    return n == 3
                            ? Answer.ok(JSON.createObjectNode().put("schema", schema.toString()))
                            : new Answer(200, schema.toString());
                }
                break;
            case "compatibility":
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions") && method.equals("POST")) {
                    return Answer.ok(compatibility(
                            p.get(2), p.get(4), schemaOf(body), query != null && query.contains("verbose=true")));
                }
                break;
            case "config":
                if (n == 1 && method.equals("GET")) {
                    return Answer.ok(JSON.createObjectNode()
                            .put(
                                    "compatibilityLevel",
                                    registry.getGlobalCompatibility().name()));
                }
                if (n == 1 && method.equals("PUT")) {
                    CompatibilityLevel level = levelOf(body);
                    registry.setGlobalCompatibility(level);
                    return Answer.ok(JSON.createObjectNode().put("compatibility", level.name()));
                }
                if (n == 2 && method.equals("GET")) {
                    CompatibilityLevel level = registry.getSubjectCompatibility(p.get(1));
                    if (level == null && query != null && query.contains("defaultToGlobal=true")) {
                        level = registry.getGlobalCompatibility();
                    }
                    if (level == null) {
                        throw RegistryException.of(
                                RegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                                "Subject '" + p.get(1) + "' does not have subject-level compatibility configured");
                    }
                    return Answer.ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
                }
                if (n == 2 && method.equals("PUT")) {
                    CompatibilityLevel level = levelOf(body);
                    registry.setCompatibility(p.get(1), level);
                    return Answer.ok(JSON.createObjectNode().put("compatibility", level.name()));
                }
                break;
            case "":
                if (method.equals("GET")) {
                    return Answer.ok(JSON.createObjectNode());
                }
                break;
            default:
                break;
        }
        return new Answer(
                404,
                error(
                        404,
                        "HTTP 404 Not Found: " + method + " /" + String.join("/", p)
                                + " is not served by the development registry"));
    }

    private ObjectNode compatibility(String subject, String version, Schema schema, boolean verbose) {
        CompatibilityResult result;
        if ("latest".equals(version) || "-1".equals(version)) {
            result = registry.testCompatibility(subject, schema);
        } else {
            // Against one given version: the subject's level decides the direction.
            RegisteredSchema against = version(subject, version);
            List<String> problems = io.pulse.serde.registry.AvroCompatibility.check(
                    registry.getCompatibility(subject), schema, List.of(against.schema()));
            result = new CompatibilityResult(problems.isEmpty(), problems);
        }
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", result.compatible());
        if (verbose) {
            ArrayNode messages = answer.putArray("messages");
            result.messages().forEach(messages::add);
        }
        return answer;
    }

    private RegisteredSchema version(String subject, String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return registry.getLatestVersion(subject);
        }
        return registry.getVersion(subject, number(version, RegistryException.VERSION_NOT_FOUND, "Version"));
    }

    private static int number(String text, int notFoundCode, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.of(notFoundCode, what + " " + text + " not found.");
        }
    }

    private static ObjectNode versionJson(RegisteredSchema version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    private static Schema schemaOf(JsonNode body) {
        if (body == null || !body.path("schema").isTextual()) {
            throw RegistryException.of(
                    RegistryException.INVALID_SCHEMA, "Invalid schema: the body needs a \"schema\" string");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw RegistryException.of(
                    RegistryException.INVALID_SCHEMA, "The development registry holds AVRO schemas only, not " + type);
        }
        try {
            return AvroSchemas.parse(body.get("schema").asText());
        } catch (RegistryException e) {
            throw RegistryException.of(RegistryException.INVALID_SCHEMA, e.registryMessage());
        }
    }

    private static CompatibilityLevel levelOf(JsonNode body) {
        JsonNode level = body == null
                ? null
                : body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        if (level == null || !level.isTextual()) {
            throw RegistryException.of(
                    RegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level: the body needs \"compatibility\"");
        }
        try {
            return CompatibilityLevel.parse(level.asText());
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(
                    RegistryException.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level: " + e.getMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static String error(int code, String message) {
        return JSON.createObjectNode()
                .put("error_code", code)
                .put("message", message)
                .toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
