package io.pulse.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against answers real registries document (Confluent Schema Registry's API
 * reference, and the variants other Confluent-compatible registries send), replayed by a local
 * HTTP server.
 */
class RestSchemaRegistryClientTest {

    private static final Schema ORDER = SchemaBuilder.record("Order")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .endRecord();
    private static final String ORDER_JSON = new ObjectMapper()
            .createObjectNode()
            .put("schema", ORDER.toString())
            .toString();

    private ScriptedRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = ScriptedRegistry.http();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private RestSchemaRegistryClient client(String... urls) {
        return new RestSchemaRegistryClient(RegistryClientConfig.builder()
                .urls(urls)
                .retries(2)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build());
    }

    @Test
    void shouldRegisterWithTheRegistryMediaTypeAndCacheTheId() throws Exception {
        // Given Confluent's documented answer to POST /subjects/{subject}/versions
        registry.answer(200, "{\"id\":1}");
        RestSchemaRegistryClient client = client(registry.url());

        // When the same schema is registered twice and then fetched by id
        int first = client.register("orders value", ORDER);
        int second = client.register("orders value", ORDER);
        Schema byId = client.getSchemaById(1);

        // Then one request went out, in the registry's dialect
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        assertThat(byId).isEqualTo(ORDER);
        assertThat(registry.requests()).hasSize(1);
        ScriptedRegistry.Request request = registry.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/subjects/orders%20value/versions");
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText())
                .isEqualTo(ORDER.toString());
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void shouldFetchASchemaByIdOnce() {
        registry.answer(
                200,
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Order\\\",\\\"namespace\\\":"
                        + "\\\"io.pulse.test\\\",\\\"fields\\\":[{\\\"name\\\":\\\"eventId\\\",\\\"type\\\":\\\"string\\\"}]}\"}");
        RestSchemaRegistryClient client = client(registry.url());

        assertThat(client.getSchemaById(7)).isEqualTo(ORDER);
        assertThat(client.getSchemaById(7)).isEqualTo(ORDER);
        assertThat(registry.requests())
                .extracting(ScriptedRegistry.Request::uri)
                .containsExactly("/schemas/ids/7");
    }

    @Test
    void shouldLookUpAnIdWithoutRegistering() {
        registry.answer(200, "{\"subject\":\"orders-value\",\"id\":3,\"version\":2,\"schema\":" + quoted(ORDER) + "}");

        assertThat(client(registry.url()).getId("orders-value", ORDER)).isEqualTo(3);
        assertThat(registry.lastRequest().method()).isEqualTo("POST");
        assertThat(registry.lastRequest().uri()).isEqualTo("/subjects/orders-value");
    }

    @Test
    void shouldMapIncompatibleAnsweredWith409AndErrorCode409() {
        // Confluent Schema Registry
        registry.answer(
                409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier "
                        + "schema for subject \\\"orders-value\\\", details: [READER_FIELD_MISSING_DEFAULT_VALUE]\"}");

        assertThatThrownBy(() -> client(registry.url()).register("orders-value", ORDER))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.INCOMPATIBLE);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.registryMessage()).contains("incompatible with an earlier schema");
                    assertThat(e.getMessage()).contains("HTTP 409").contains("/subjects/orders-value/versions");
                });
        assertThat(registry.requests()).hasSize(1); // a verdict, not retried
    }

    @Test
    void shouldMapIncompatibleAnsweredWith409AndErrorCode0() {
        // A registry whose compatibility layer sends the HTTP status with error_code 0
        registry.answer(409, "{\"error_code\":0,\"message\":\"Incompatible schema\"}");

        assertThatThrownBy(() -> client(registry.url()).register("orders-value", ORDER))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.INCOMPATIBLE);
                    assertThat(e.errorCode()).isZero();
                    assertThat(e.registryMessage()).isEqualTo("Incompatible schema");
                });
    }

    @Test
    void shouldMapTheDocumentedNotFoundCodes() {
        registry.answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}")
                .answer(404, "{\"error_code\":40401,\"message\":\"Subject 'nope-value' not found.\"}")
                .answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}")
                .answer(404, "{\"error_code\":40402,\"message\":\"Version 9 not found.\"}")
                .answer(404, "text/html", "<html><body>Not Found</body></html>");
        RestSchemaRegistryClient client = client(registry.url());

        assertThatThrownBy(() -> client.getSchemaById(99)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryException.Kind.SCHEMA_NOT_FOUND);
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(40403);
            assertThat(e.registryMessage()).isEqualTo("Schema 99 not found");
        });
        assertThatThrownBy(() -> client.getId("nope-value", ORDER))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> client.getId("orders-value", ORDER))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> client.getLatestVersion("orders-value"))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.VERSION_NOT_FOUND));
        // A bare 404 from a proxy: the kind follows the resource asked for
        assertThatThrownBy(() -> client.getSchemaById(100)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryException.Kind.SCHEMA_NOT_FOUND);
            assertThat(e.errorCode()).isEqualTo(404);
            assertThat(e.registryMessage()).contains("Not Found");
        });
        assertThat(registry.requests()).hasSize(5);
    }

    @Test
    void shouldMapAnInvalidSchema() {
        registry.answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");

        assertThatThrownBy(() -> client(registry.url()).register("orders-value", ORDER))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.INVALID_SCHEMA));
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldRetryServerErrorsWithBackOff() {
        // Given a registry whose backend store hiccups twice (Confluent's 50001 and a proxy's 502 page)
        registry.answer(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}")
                .answer(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>")
                .answer(200, "{\"id\":4}");

        // When
        int id = client(registry.url()).register("orders-value", ORDER);

        // Then the third attempt succeeded
        assertThat(id).isEqualTo(4);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldGiveUpAfterTheConfiguredRetries() {
        for (int i = 0; i < 5; i++) {
            registry.answer(
                    503, "{\"error_code\":50003,\"message\":\"Error while forwarding the request to the leader\"}");
        }

        assertThatThrownBy(() -> client(registry.url()).getSchemaById(1))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegistryException.Kind.SERVER_ERROR);
                    assertThat(e.errorCode()).isEqualTo(50003);
                    assertThat(e.getMessage()).contains("gave up after 3 attempts");
                });
        assertThat(registry.requests()).hasSize(3); // 1 + retries(2)
    }

    @Test
    void shouldNotRetryClientErrors() {
        registry.answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}")
                .answer(
                        403,
                        "{\"error_code\":40301,\"message\":\"User is denied operation Write on Subject: orders-value\"}");
        RestSchemaRegistryClient client = client(registry.url());

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOfSatisfying(
                        RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAUTHORIZED));
        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.FORBIDDEN));
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldFailOverToTheNextUrlAndStayThere() throws Exception {
        // Given a first URL where nothing listens and a second that works
        String dead = "http://localhost:" + freePort();
        registry.answer(200, "{\"id\":1}").answer(200, "{\"schema\":\"\\\"string\\\"\"}");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.builder()
                .urls(dead, registry.url())
                .retries(0)
                .build());

        // When
        int id = client.register("orders-value", ORDER);
        Schema two = client.getSchemaById(2);

        // Then both calls were answered by the second URL, with no retries needed
        assertThat(id).isEqualTo(1);
        assertThat(two.getType()).isEqualTo(Schema.Type.STRING);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldFailOverOnAServerErrorOfTheFirstUrl() throws IOException {
        try (ScriptedRegistry second = ScriptedRegistry.http()) {
            registry.answer(503, "{\"error_code\":50003,\"message\":\"not the leader\"}");
            second.answer(200, "{\"id\":8}");

            assertThat(client(registry.url(), second.url()).register("orders-value", ORDER))
                    .isEqualTo(8);
            assertThat(registry.requests()).hasSize(1);
            assertThat(second.requests()).hasSize(1);
        }
    }

    @Test
    void shouldRetryWhenNoRegistryAnswersAndSayWhere() throws Exception {
        String dead = "http://localhost:" + freePort();

        assertThatThrownBy(() -> client(dead).getSchemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains(dead).contains("gave up after 3 attempts");
        });
    }

    @Test
    void shouldSendBasicAuth() {
        registry.answer(200, "{\"id\":1}");
        new RestSchemaRegistryClient(RegistryClientConfig.builder()
                        .urls(registry.url())
                        .basicAuth("pulse", "s3cret")
                        .build())
                .register("orders-value", ORDER);

        // base64("pulse:s3cret")
        assertThat(registry.lastRequest().header("Authorization")).isEqualTo("Basic cHVsc2U6czNjcmV0");
    }

    @Test
    void shouldSendABearerToken() {
        registry.answer(200, "{\"id\":1}");
        new RestSchemaRegistryClient(RegistryClientConfig.builder()
                        .urls(registry.url())
                        .bearerToken("eyJ.token")
                        .build())
                .register("orders-value", ORDER);

        assertThat(registry.lastRequest().header("Authorization")).isEqualTo("Bearer eyJ.token");
    }

    @Test
    void shouldCheckCompatibilityAgainstTheLatestVersion() {
        registry.answer(
                        200,
                        "{\"is_compatible\":false,\"messages\":[\"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'}\"]}")
                .answer(200, "{\"is_compatible\":true}")
                .answer(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}");
        RestSchemaRegistryClient client = client(registry.url());

        CompatibilityResult incompatible = client.testCompatibility("orders-value", ORDER);
        CompatibilityResult compatible = client.testCompatibility("orders-value", ORDER);
        CompatibilityResult fresh = client.testCompatibility("new-value", ORDER);

        assertThat(incompatible.compatible()).isFalse();
        assertThat(incompatible.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(compatible.compatible()).isTrue();
        assertThat(fresh.compatible()).isTrue();
        assertThat(registry.requests().get(0).uri())
                .isEqualTo("/compatibility/subjects/orders-value/versions/latest?verbose=true");
    }

    @Test
    void shouldReadAndSetCompatibilityLevels() throws Exception {
        registry.answer(200, "{\"compatibilityLevel\":\"FULL\"}")
                // A registry that ignores defaultToGlobal: 40408 for the subject, then the global level
                .answer(
                        404,
                        "{\"error_code\":40408,\"message\":\"Subject 'b-value' does not have subject-level compatibility configured\"}")
                .answer(200, "{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}")
                .answer(200, "{\"compatibility\":\"FORWARD\"}");
        RestSchemaRegistryClient client = client(registry.url());

        assertThat(client.getCompatibility("a-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.getCompatibility("b-value")).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        client.setCompatibility("a-value", CompatibilityLevel.FORWARD);

        assertThat(registry.requests())
                .extracting(r -> r.method() + " " + r.uri())
                .containsExactly(
                        "GET /config/a-value?defaultToGlobal=true",
                        "GET /config/b-value?defaultToGlobal=true",
                        "GET /config",
                        "PUT /config/a-value");
        assertThat(new ObjectMapper()
                        .readTree(registry.lastRequest().body())
                        .get("compatibility")
                        .asText())
                .isEqualTo("FORWARD");
    }

    @Test
    void shouldReadTheLatestVersion() {
        registry.answer(200, "{\"subject\":\"orders-value\",\"id\":12,\"version\":3,\"schema\":" + quoted(ORDER) + "}");

        RegisteredSchema latest = client(registry.url()).getLatestVersion("orders-value");

        assertThat(latest).isEqualTo(new RegisteredSchema("orders-value", 3, 12, ORDER));
        assertThat(registry.lastRequest().uri()).isEqualTo("/subjects/orders-value/versions/latest");
    }

    private static String quoted(Schema schema) {
        return new ObjectMapper()
                .createObjectNode()
                .put("s", schema.toString())
                .get("s")
                .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
