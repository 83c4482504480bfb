package io.pulse.app.http;

import io.pulse.app.config.TlsSection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Key material of {@code http.tls}, loaded with the JDK's own key stores and certificate factory: the server's key
 * for Jetty, and the trust the forwarding client places in the other instances. A PEM private key must be
 * unencrypted PKCS#8 ({@code openssl pkcs8 -topk8 -nocrypt -in key.pem}).
 */
final class TlsSupport {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsSupport() {}

    /** Jetty's server-side TLS, from the key store or the PEM files. */
    static SslContextFactory.Server server(TlsSection tls) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setKeyStore(keyStore(tls));
        f.setKeyStorePassword(tls.keyStorePassword() == null ? "" : tls.keyStorePassword());
        // Instances are reached by whatever name the advertised URL uses; the certificate's names are checked by
        // the client, so the server does not refuse requests whose SNI differs from the Host header.
        f.setSniRequired(false);
        return f;
    }

    /** The forwarding client's TLS: the configured trust store, or the JDK's default trust. */
    static SSLContext client(TlsSection tls) {
        try {
            if (tls.trustStore() == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust =
                    load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword(), "http.tls.trustStore");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("http.tls.trustStore: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(TlsSection tls) {
        if (tls.keyStore() != null) {
            return load(tls.keyStore(), tls.keyStoreType(), tls.keyStorePassword(), "http.tls.keyStore");
        }
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(tls.certificate())) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException("http.tls.certificate: no certificate in " + tls.certificate());
            }
            PrivateKey key = privateKey(tls.privateKey());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(
                    "pulse",
                    key,
                    tls.keyStorePassword() == null
                            ? NO_PASSWORD
                            : tls.keyStorePassword().toCharArray(),
                    chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "http.tls.certificate/http.tls.privateKey: cannot load (" + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("http.tls.privateKey: " + file + " is not an unencrypted PKCS#8 PEM key "
                    + "(BEGIN PRIVATE KEY); convert it with 'openssl pkcs8 -topk8 -nocrypt'");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next
            }
        }
        throw new IllegalStateException("http.tls.privateKey: " + file + " is not an RSA, EC or Ed25519 key");
    }

    private static KeyStore load(Path file, String type, String password, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password == null ? NO_PASSWORD : password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            // The message of a wrong password names no secret ("keystore password was incorrect").
            throw new IllegalStateException(key + ": cannot load " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
