package io.pulse.it.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code java -jar pulse.jar ...} process of the suite, its output in a log file under {@code target/}. It is
 * stopped the way the scenario says: {@link #kill()} is {@code kill -9}, {@link #terminate()} is SIGTERM.
 */
final class PulseProcess implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PulseProcess.class);

    private final String name;
    private final Path log;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private PulseProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code java [jvmOptions] -jar pulse.jar args...}, output appended to {@code log}. */
    static PulseProcess start(String name, Path log, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(PulseJar.path().toString());
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(
                    log,
                    "\n===== " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LOGGER.info("Started {} (pid {}), log {}", name, p.pid(), log);
            return new PulseProcess(name, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The log's text written by this process (a log file may hold earlier runs of the same role). */
    String output() {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            int mine = all.lastIndexOf("\n===== ");
            return mine < 0 ? all : all.substring(mine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line matching {@code regex} in this process's output and returns its first group (or the line). */
    String awaitLine(String regex, Duration atMost) {
        Pattern pattern = Pattern.compile(regex);
        String[] found = new String[1];
        Awaitility.await(name + " to print /" + regex + "/")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + " before printing /"
                                + regex + "/; its output:\n" + tail(output(), 4000));
                    }
                    Matcher m = pattern.matcher(output());
                    if (m.find()) {
                        found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                        return true;
                    }
                    return false;
                });
        return found[0];
    }

    /** Whether the output has a match for {@code regex}. */
    boolean printed(String regex) {
        return Pattern.compile(regex).matcher(output()).find();
    }

    /** {@code kill -9}: no shutdown hook, no commit, no leaving the group. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        LOGGER.info("Killed {} (pid {}) with SIGKILL", name, process.pid());
    }

    /** SIGTERM, then the exit status once it ended (or empty if it did not within {@code atMost}). */
    Optional<Integer> terminate(Duration atMost) {
        process.destroy();
        return waitFor(atMost);
    }

    Optional<Integer> waitFor(Duration atMost) {
        try {
            if (process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Kills it if it still runs: a test that failed half-way leaves no process behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    static String tail(String text, int chars) {
        return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
    }
}
