package io.pulse.it.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** External tools the deploy tests run (promtool, prometheus, docker-compose, kubectl), found on the PATH. */
final class Tools {
    private Tools() {}

    record Result(int exitCode, String output) {}

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The tool, or a failure saying how to install it: these tests never skip for a missing tool. */
    static Path require(String name, String debianPackage) {
        return find(name)
                .orElseThrow(() -> new IllegalStateException(name + " is not on the PATH; install it with "
                        + "'apt-get install -y " + debianPackage + "' (.ci/run does)"));
    }

    /** Runs a command to its end (at most two minutes), standard error merged into the output. */
    static Result run(List<String> command, Path directory) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within two minutes");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
