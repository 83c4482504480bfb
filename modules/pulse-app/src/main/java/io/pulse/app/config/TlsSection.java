package io.pulse.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code http.tls:} the HTTP API over HTTPS, and the trust its forwarding client places in the other instances.
 * The server's key comes from a key store ({@code keyStore}) or from PEM files ({@code certificate} and an
 * unencrypted PKCS#8 {@code privateKey}).
 *
 * @param keyStore           PKCS12 or JKS file with the server's key and certificate chain
 * @param keyStorePassword   its password
 * @param keyStoreType       {@code PKCS12} (default) or {@code JKS}
 * @param certificate        PEM certificate chain, instead of a key store
 * @param privateKey         PEM PKCS#8 private key of the certificate
 * @param trustStore         certificates trusted when forwarding to other instances (default: the JDK's)
 * @param trustStorePassword its password
 * @param trustStoreType     {@code PKCS12} (default) or {@code JKS}
 */
public record TlsSection(
        Path keyStore,
        String keyStorePassword,
        String keyStoreType,
        Path certificate,
        Path privateKey,
        Path trustStore,
        String trustStorePassword,
        String trustStoreType) {
    public static final List<String> KEYS = List.of(
            "keyStore",
            "keyStorePassword",
            "keyStoreType",
            "certificate",
            "privateKey",
            "trustStore",
            "trustStorePassword",
            "trustStoreType");

    /** The section, or null when none of its keys is set (plain HTTP). */
    static TlsSection read(ConfigReader r) {
        boolean any = false;
        for (String k : KEYS) {
            any |= r.value(k) != null;
        }
        if (!any) {
            r.finish();
            return null;
        }
        Path keyStore = file(r, "keyStore");
        Path certificate = file(r, "certificate");
        Path privateKey = file(r, "privateKey");
        if (keyStore == null && (certificate == null || privateKey == null)) {
            throw r.error(
                    keyStore == null && certificate == null
                            ? "keyStore"
                            : certificate == null ? "certificate" : "privateKey",
                    "HTTPS needs http.tls.keyStore, or http.tls.certificate and http.tls.privateKey");
        }
        if (keyStore != null && (certificate != null || privateKey != null)) {
            throw r.error(
                    "keyStore",
                    "give either a key store or PEM files (http.tls.certificate, " + "http.tls.privateKey), not both");
        }
        TlsSection s = new TlsSection(
                keyStore,
                r.text("keyStorePassword", null),
                type(r, "keyStoreType"),
                certificate,
                privateKey,
                file(r, "trustStore"),
                r.text("trustStorePassword", null),
                type(r, "trustStoreType"));
        r.finish();
        return s;
    }

    private static Path file(ConfigReader r, String key) {
        String text = r.text(key, null);
        if (text == null) {
            return null;
        }
        Path p = Path.of(text);
        if (!Files.isReadable(p)) {
            throw r.error(key, "cannot read " + p);
        }
        return p;
    }

    private static String type(ConfigReader r, String key) {
        String t = r.text(key, "PKCS12");
        if (!t.equalsIgnoreCase("PKCS12") && !t.equalsIgnoreCase("JKS")) {
            throw r.error(key, "'" + t + "' is not PKCS12 or JKS");
        }
        return t.toUpperCase(java.util.Locale.ROOT);
    }

    /** Without passwords, for logs. */
    @Override
    public String toString() {
        return "TlsSection[keyStore=" + keyStore + ", certificate=" + certificate + ", trustStore=" + trustStore + "]";
    }
}
