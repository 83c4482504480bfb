package io.pulse.app.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's third-party files from the jar: uPlot, from its webjar, under a path without its version
 * ({@code /vendor/uplot.js}, {@code /vendor/uplot.css}), so the page does not repeat the version the pom pins and
 * an upgrade is one line there. Nothing is fetched from the network: the page works offline.
 */
final class DashboardAssets {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String[]> FILES = Map.of(
            "uplot.js", new String[] {"dist/uPlot.esm.js", "text/javascript; charset=utf-8"},
            "uplot.css", new String[] {"dist/uPlot.min.css", "text/css; charset=utf-8"});

    private final String version;

    DashboardAssets() {
        this.version = webjarVersion();
    }

    /** {@code GET /vendor/{file}}. */
    void serve(Context ctx) {
        String[] file = FILES.get(ctx.pathParam("file"));
        if (file == null) {
            throw ApiException.notFound("no such file: " + ctx.path());
        }
        InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file[0]);
        if (in == null) {
            throw ApiException.notFound("uPlot " + version + " has no " + file[0]);
        }
        ctx.contentType(file[1]).header("Cache-Control", "max-age=86400").result(in);
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = DashboardAssets.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar (org.webjars.npm:uplot) is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
