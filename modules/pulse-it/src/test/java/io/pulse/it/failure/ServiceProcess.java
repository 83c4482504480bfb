package io.pulse.it.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * One instance of the service: {@code java -jar pulse.jar run --config <its yaml>} with its own state directory and
 * HTTP port, restartable on the same state (like a pod of a StatefulSet).
 */
final class ServiceProcess implements AutoCloseable {
    static final Duration READY_PATIENCE = Duration.ofSeconds(150);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path config;
    private final Path log;
    private final Path stateDir;
    private final int httpPort = FreePorts.next();
    private PulseProcess process;
    private int starts;

    /**
     * @param settings the scenario's settings (topic prefix, application id, registry, standbys, ...)
     * @param workDir  where this instance keeps its config, state and log
     */
    ServiceProcess(String name, ServiceSettings settings, Path workDir) {
        this.name = name;
        Path home = workDir.resolve(name);
        this.config = home.resolve("pulse.yaml");
        this.log = workDir.resolve(name + ".log");
        this.stateDir = home.resolve("state");
        try {
            Files.createDirectories(home);
            Files.writeString(config, settings.yaml(stateDir, httpPort), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM (again, on the same state); does not wait. */
    synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " runs already");
        }
        starts++;
        process = PulseProcess.start(
                name + "#" + starts,
                log,
                List.of("-Xmx320m", "-XX:+UseSerialGC"),
                List.of("run", "--config", config.toString()));
        return this;
    }

    /** Waits until {@code /health/ready} answers 200. */
    ServiceProcess awaitReady() {
        Awaitility.await(name + " ready")
                .atMost(READY_PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with "
                                + process.waitFor(Duration.ZERO).orElse(-1) + "; its output:\n"
                                + PulseProcess.tail(process.output(), 6000));
                    }
                    return get("/health/ready").map(r -> r.statusCode() == 200).orElse(false);
                });
        return this;
    }

    /** Deletes the local state (a pod rescheduled onto a new disk): the next start restores all from the changelogs. */
    void wipeState() {
        if (isAlive()) {
            throw new IllegalStateException(name + " runs");
        }
        try {
            io.pulse.dev.Folders.deleteRecursively(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PulseProcess process() {
        return process;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A GET on this instance; empty when it does not answer at all. */
    Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + path))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    void kill() {
        process.kill();
    }

    Optional<Integer> terminate(Duration atMost) {
        return process.terminate(atMost);
    }

    String output() {
        return process.output();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
        }
    }
}
