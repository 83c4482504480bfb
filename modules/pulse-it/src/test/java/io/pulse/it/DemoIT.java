package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulse demo} as a user runs it: its own JVM, the real command line, every port left to the demo (so the
 * test runs beside anything on 8080, 8081 and 9092), stopped by a signal as Ctrl-C stops it.
 */
class DemoIT {
    /** Starting a broker, the service and the simulator on a busy 2-core machine. */
    private static final Duration START_PATIENCE = Duration.ofSeconds(90);

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API = Pattern.compile("HTTP API\\s+(http://\\S+)");
    private static final Pattern DASHBOARD = Pattern.compile("\\n\\n {2}open (http://\\S+) ");
    private static final Pattern DATA = Pattern.compile("\\n\\s+Data\\s+(\\S+)");

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process demo;

    /** A failed test still stops the demo, cleanly if it can (its temporary data is deleted then). */
    @AfterEach
    void stopLeftovers() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            demo.destroy();
            if (!demo.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void shouldServeChangingKpisAndStopCleanlyOnASignal() throws Exception {
        // Given: `pulse demo` on free ports, in a JVM of its own
        Path log = dir.resolve("demo.log");
        demo = new ProcessBuilder(
                        java(),
                        "-Xmx512m",
                        "-cp",
                        classPath(),
                        "io.pulse.dev.Main",
                        "demo",
                        "--port",
                        "0",
                        "--registry-port",
                        "0",
                        "--kafka-port",
                        "0",
                        "--rate",
                        "200/s")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        // When: it prints its URLs
        await("the demo prints its URLs and 'Ctrl-C to stop.'")
                .atMost(START_PATIENCE)
                .until(() -> {
                    assertThat(demo.isAlive())
                            .as("the demo is running; its output:%n%s", read(log))
                            .isTrue();
                    return read(log).contains("Ctrl-C to stop.");
                });
        String api = find(API, read(log));
        assertThat(find(DASHBOARD, read(log)))
                .as("the banner's first line opens the dashboard")
                .isEqualTo(api);
        Path data = Path.of(find(DATA, read(log)));
        assertThat(data).as("the temporary data folder").isDirectory();

        // Then: it is ready and serves the company's KPIs of today, and they change
        await("GET /health/ready is 200")
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(get(api + "/health/ready").statusCode()).isEqualTo(200));
        String kpis = api + "/api/v1/kpis/company/all?period=day";
        AtomicReference<Map<String, String>> first = new AtomicReference<>();
        await("the company's KPIs of today have values").atMost(PATIENCE).until(() -> {
            first.set(values(get(kpis)));
            return first.get().containsKey("impressions");
        });
        await("the company's KPIs of today change")
                .atMost(PATIENCE)
                .until(() -> !values(get(kpis)).equals(first.get()));
        assertThat(get(api + "/").body())
                .as("the dashboard at /")
                .contains("<script type=\"module\" src=\"js/app.js\">");
        await("a campaign's CTR of today")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(values(get(api + "/api/v1/kpis/campaign/c-search-brand?period=day")))
                        .containsKey("ctr"));

        // When: it is told to stop, as Ctrl-C does (SIGTERM runs the same shutdown hook)
        demo.destroy();

        // Then: it stops every part in time, says so, and deletes its temporary data
        assertThat(demo.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("stopped within %s", STOP_PATIENCE)
                .isTrue();
        String output = read(log);
        assertThat(output).contains("Pulse demo stopped in").doesNotContain("did not stop in time");
        assertThat(demo.exitValue())
                .as("exit code after SIGTERM; output:%n%s", output)
                .isIn(0, 143);
        assertThat(data).as("the temporary data folder after the stop").doesNotExist();
    }

    // ---- fixtures

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path (surefire's property: the JVM's own may be a manifest-only jar). */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the demo's output:%n%s", pattern, text).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code values} of a KPI answer as KPI id to value text; empty unless the answer is 200. */
    private static Map<String, String> values(HttpResponse<String> response) throws IOException {
        Map<String, String> byKpi = new TreeMap<>();
        if (response.statusCode() != 200) {
            return byKpi;
        }
        JsonNode values = JSON.readTree(response.body()).path("values");
        for (JsonNode v : values) {
            byKpi.put(v.path("kpi").asText(), v.path("value").asText());
        }
        return byKpi;
    }
}
