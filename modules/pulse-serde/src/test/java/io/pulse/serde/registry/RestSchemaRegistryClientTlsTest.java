package io.pulse.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to the registry with a self-signed certificate in a custom trust store. */
class RestSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static Path serverKeyStore;
    private static Path trustStore;

    @BeforeAll
    static void makeCertificates() throws Exception {
        // Given a self-signed certificate for localhost, and a trust store holding only it
        serverKeyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("registry.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
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
                serverKeyStore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "registry",
                "-keystore",
                serverKeyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);
    }

    @Test
    void shouldTalkTlsToARegistryTrustedThroughTheConfiguredTrustStore() throws Exception {
        try (ScriptedRegistry registry = ScriptedRegistry.https(serverContext())) {
            registry.answer(200, "{\"schema\":\"\\\"string\\\"\"}");
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.builder()
                    .urls(registry.url())
                    .trustStore(trustStore.toString(), PASSWORD, "PKCS12")
                    .build());

            Schema schema = client.getSchemaById(1);

            assertThat(schema.getType()).isEqualTo(Schema.Type.STRING);
            assertThat(registry.requests()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAnUntrustedCertificateAndSayWhatToConfigure() throws Exception {
        try (ScriptedRegistry registry = ScriptedRegistry.https(serverContext())) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                    RegistryClientConfig.builder().urls(registry.url()).build());

            assertThatThrownBy(() -> client.getSchemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("schema.registry.ssl.truststore.location");
            });
            assertThat(registry.requests()).isEmpty();
        }
    }

    @Test
    void shouldNameAMissingTrustStore() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(RegistryClientConfig.builder()
                        .urls("https://localhost:1")
                        .trustStore(dir.resolve("nope.p12").toString(), PASSWORD, "PKCS12")
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.p12");
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
