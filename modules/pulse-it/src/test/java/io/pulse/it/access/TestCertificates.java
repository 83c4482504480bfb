package io.pulse.it.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test-only key material made at test time with the JDK's {@code keytool} (no private key is committed): a broker
 * key store for 127.0.0.1/localhost, a client key store for mutual TLS, and the two trust stores, all PKCS12 under
 * one throw-away password.
 */
final class TestCertificates {
    static final String PASSWORD = "test-only-password";

    final Path brokerKeyStore;
    final Path brokerTrustStore;
    final Path clientKeyStore;
    final Path clientTrustStore;

    private TestCertificates(Path dir) {
        brokerKeyStore = dir.resolve("broker.p12");
        brokerTrustStore = dir.resolve("broker-trust.p12");
        clientKeyStore = dir.resolve("client.p12");
        clientTrustStore = dir.resolve("client-trust.p12");
    }

    /** Makes every store in {@code dir}. */
    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        Path brokerCert = dir.resolve("broker.crt");
        Path clientCert = dir.resolve("client.crt");
        keyPair(c.brokerKeyStore, "broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
        keyPair(c.clientKeyStore, "client", "CN=pulse", null);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                c.brokerKeyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                brokerCert.toString());
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "client",
                "-keystore",
                c.clientKeyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                clientCert.toString());
        trust(c.clientTrustStore, "broker", brokerCert);
        trust(c.brokerTrustStore, "client", clientCert);
        return c;
    }

    private static void keyPair(Path store, String alias, String dname, String san)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                dname,
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
        if (san != null) {
            args.addAll(List.of("-ext", san));
        }
        keytool(args.toArray(new String[0]));
    }

    private static void trust(Path store, String alias, Path cert) throws IOException, InterruptedException {
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                alias,
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
