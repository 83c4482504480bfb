package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.app.config.TlsSection;
import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.state.WindowKey;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a key store or PEM files, forwarding over HTTPS, and the per-client rate limit. */
class HttpsAndLimitsTest {
    private static final String PASSWORD = "test-only-password";
    private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-11-02T21:00:00Z");

    @TempDir
    static Path dir;

    private static Path keyStore;
    private static Path trustStore;
    private static Path certificatePem;
    private static Path keyPem;

    private final PulseStreamsConfig config =
            PulseStreamsConfig.builder().zone(ZoneId.of("Europe/Moscow")).build();
    private final Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("https-test"));

    /** A self-signed key for localhost made by keytool, its trust store, and the same key as PEM files. */
    @BeforeAll
    static void makeKeys() throws Exception {
        keyStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "pulse",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "pulse",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "pulse",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("pulse", PASSWORD.toCharArray());
        Certificate c = ks.getCertificate("pulse");
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        certificatePem = Files.writeString(
                dir.resolve("cert.pem"),
                "-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(c.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        keyPem = Files.writeString(
                dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void shouldServeHttpsAndForwardOverHttps() throws Exception {
        // Given: one instance with a key store, the owner with PEM files, both trusting the certificate
        TlsSection fromKeyStore =
                new TlsSection(keyStore, PASSWORD, "PKCS12", null, null, trustStore, PASSWORD, "PKCS12");
        TlsSection fromPem =
                new TlsSection(null, null, "PKCS12", certificatePem, keyPem, trustStore, PASSWORD, "PKCS12");
        HttpApi front = api(HttpApiSettings.localhost(0).withTls(fromKeyStore)).start();
        HttpApi owner = api(HttpApiSettings.localhost(0).withTls(fromPem)).start();
        try {
            FakeStreams fs = new FakeStreams();
            FakeStreams os = new FakeStreams();
            HostInfo ownerHost = new HostInfo("localhost", owner.port());
            fs.owners = key -> new FakeStreams.Owner(ownerHost, 1);
            os.owners = fs.owners;
            os.store(
                    PulseTopology.AGGREGATES_STORE,
                    1,
                    new InMemoryStore<Bytes, MeasureVector>()
                            .put(
                                    new WindowKey(Scope.CAMPAIGN, "c-1", PeriodKind.DAY, TODAY.toEpochMilli())
                                            .toBytes(),
                                    MeasureVector.builder()
                                            .add(Measure.CLICKS, 7)
                                            .build()));
            front.attach(fs);
            owner.attach(os);

            // When
            HttpResponse<String> r = client().send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + front.port()
                                            + "/api/v1/kpis/campaign/c-1?period=day&kpi=clicks"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            // Then: answered over HTTPS by the owner, reached over HTTPS too
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"value\":7");
            assertThat(r.headers().firstValue(QueryRouter.SERVED_BY)).contains("localhost:" + owner.port());
            assertThat(r.sslSession()).isPresent();
        } finally {
            front.close();
            owner.close();
        }
    }

    @Test
    void shouldLimitEachClientsRateWithA429AndLeaveHealthAlone() throws Exception {
        HttpApi api = api(HttpApiSettings.localhost(0).withRateLimit(5)).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> limited = null;
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/v1/alerts"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                statuses.add(r.statusCode());
                if (r.statusCode() == 429) {
                    limited = r;
                }
            }
            // A burst of twice the rate passes, then the client is held to its rate
            assertThat(statuses.subList(0, 10)).containsOnly(200);
            assertThat(statuses).contains(429);
            assertThat(limited.body())
                    .isEqualTo("{\"error\":\"too many requests: at most 5 per second from one client\"}");
            assertThat(limited.headers().firstValue("Retry-After")).contains("1");
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://localhost:" + api.port() + "/health/live"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            api.close();
        }
    }

    private HttpApi api(HttpApiSettings settings) {
        return new HttpApi(settings, config, topics, null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
