package io.pulse.it.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.app.access.TokenHash;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.service.PulseService;
import io.pulse.dev.Main;
import io.pulse.dev.broker.EmbeddedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Kafka's own security for real: a broker of its own (the shared one is plain) with a SASL_SSL listener that wants
 * SCRAM-SHA-512 and a client certificate (mTLS), key material made by keytool in the test. {@code topics create},
 * {@code produce} and the service work against it from the configuration file alone; a wrong password or a missing
 * client certificate fails with one clear line instead of hanging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSecurityIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String USER = "pulse";
    private static final String PASSWORD = "scram-secret-of-pulse";
    private static final String ADMIN_TOKEN = TokenHash.newToken();

    @TempDir
    static Path dir;

    private EmbeddedKafka kafka;
    private TestCertificates certs;

    @BeforeAll
    void startTheSecureBroker() throws Exception {
        certs = TestCertificates.create(dir);
        kafka = EmbeddedKafka.builder()
                .secureListener(new EmbeddedKafka.SecureListener(
                        certs.brokerKeyStore,
                        TestCertificates.PASSWORD,
                        certs.brokerTrustStore,
                        TestCertificates.PASSWORD))
                .build()
                .start();
        kafka.createScramUser(USER, PASSWORD);
    }

    @AfterAll
    void stopTheBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCreateTopicsProduceAndRunOverSaslSslWithAClientCertificate() throws Exception {
        // Given: one configuration file with the secure listener, SCRAM credentials and the client's key store
        Path config = config("good", PASSWORD, true);

        // When: the commands and the service use it
        Result topics = pulse("topics", "create", "--config", config.toString());
        String at = Instant.now().toString();
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"type":"click","eventId":"k-1","occurredAt":"%s","campaignId":"c-1","cost":1}
                {"type":"click","eventId":"k-2","occurredAt":"%s","campaignId":"c-1","cost":1}
                """.formatted(at, at));
        Result produced = pulse("produce", "--config", config.toString(), events.toString());
        PulseConfig cfg = PulseConfig.load(config, Map.of());
        HttpApiComponent http = new HttpApiComponent();
        try (PulseService service = new PulseService(cfg, List.of(http))) {
            service.start();

            // Then: everything went over SASL_SSL, and the service computed the clicks
            assertThat(topics.exitCode()).as(topics.err()).isZero();
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            await("the service RUNNING over SASL_SSL").atMost(PATIENCE).until(() -> {
                assertThat(service.failure()).isEmpty();
                return service.state() == KafkaStreams.State.RUNNING;
            });
            HttpClient client = HttpClient.newHttpClient();
            await("two clicks of c-1 from the API").atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create("http://" + http.api().applicationServer()
                                        + "/api/v1/kpis/campaign/c-1?period=day&kpi=clicks"))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode body = new ObjectMapper().readTree(r.body());
                assertThat(body.at("/values/0/value").asInt()).isEqualTo(2);
            });
            await("the API's own reader of the outputs is connected too")
                    .atMost(PATIENCE)
                    .until(() -> http.api().outputsAssigned());
        }
    }

    @Test
    void shouldFailWithOneClearLineOnAWrongPassword() throws Exception {
        Path config = config("wrong-password", "not-the-password", true);

        long begin = System.nanoTime();
        Result produced = pulse("produce", "--config", config.toString(), "-");
        Result run = pulse("run", "--config", config.toString());
        long millis = (System.nanoTime() - begin) / 1_000_000;

        for (Result r : List.of(produced, run)) {
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().strip())
                    .doesNotContain("\n")
                    .startsWith("pulse: Kafka at " + kafka.secureBootstrapServers() + " refused the credentials "
                            + "(SASL SCRAM-SHA-512): check kafka.sasl.jaas.config")
                    .doesNotContain("not-the-password");
        }
        System.out.println("wrong SCRAM password: produce and run both failed in " + millis + " ms");
    }

    @Test
    void shouldFailWithOneClearLineWithoutTheClientCertificate() throws Exception {
        Path config = config("no-client-certificate", PASSWORD, false);

        Result r = pulse("topics", "create", "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .startsWith("pulse: TLS handshake with Kafka at " + kafka.secureBootstrapServers() + " failed");
    }

    private Path config(String name, String password, boolean clientCertificate) throws Exception {
        String keyStore = clientCertificate
                ? """
                  ssl.keystore.type: PKCS12
                  ssl.keystore.location: %s
                  ssl.keystore.password: %s
                  ssl.key.password: %s
                """.formatted(certs.clientKeyStore, TestCertificates.PASSWORD, TestCertificates.PASSWORD)
                : "";
        return Files.writeString(dir.resolve(name + ".yaml"), """
                kafka:
                  bootstrap.servers: %s
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                  sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";
                  ssl.truststore.type: PKCS12
                  ssl.truststore.location: %s
                  ssl.truststore.password: %s
                %sregistry:
                  url: mem://kafka-security
                streams:
                  applicationId: pulse-secure
                  topicPrefix: secure.
                  partitions: 2
                  replicationFactor: 1
                  emitInterval: PT0.2S
                  stateDir: %s
                http:
                  host: localhost
                  port: 0
                auth:
                  mode: tokens
                  tokens:
                    - { name: ops, role: admin, hash: %s }
                """.formatted(
                        kafka.secureBootstrapServers(),
                        USER,
                        password,
                        certs.clientTrustStore,
                        TestCertificates.PASSWORD,
                        keyStore,
                        dir.resolve("state-" + name),
                        TokenHash.sha256Hex(ADMIN_TOKEN)));
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result pulse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
