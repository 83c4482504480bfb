package io.pulse.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's deploy files, and what the Dockerfile declares (read from the file, so tests cannot drift). */
final class DeployFiles {
    private static final Pattern INSTRUCTION = Pattern.compile("^([A-Z]+)\\s+(.*)$");

    private DeployFiles() {}

    /** The repository root: the directory above the module that holds the Dockerfile. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("Dockerfile")) && Files.isDirectory(p.resolve("deploy")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "no Dockerfile and deploy/ above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static Path deploy(String relative) {
        return root().resolve("deploy").resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the runtime stage of the Dockerfile (its last FROM) declares. */
    record Dockerfile(
            List<String> entrypoint,
            List<String> cmd,
            Map<String, String> env,
            String user,
            List<String> volumes,
            List<Integer> exposed,
            String workdir,
            List<String> copies,
            String baseImage,
            List<String> buildRuns) {

        /** The command the container runs by default: ENTRYPOINT then CMD. */
        List<String> command() {
            List<String> c = new ArrayList<>(entrypoint);
            c.addAll(cmd);
            return c;
        }

        static Dockerfile read() {
            String text = DeployFiles.read(root().resolve("Dockerfile")).replace("\\\n", " ");
            List<String> entrypoint = List.of();
            List<String> cmd = List.of();
            Map<String, String> env = new LinkedHashMap<>();
            String user = null;
            List<String> volumes = new ArrayList<>();
            List<Integer> exposed = new ArrayList<>();
            List<String> copies = new ArrayList<>();
            List<String> buildRuns = new ArrayList<>();
            String workdir = null;
            String base = null;
            int stage = 0;
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = INSTRUCTION.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("Dockerfile: not an instruction: " + line);
                }
                String arg = m.group(2).strip();
                switch (m.group(1)) {
                    case "FROM" -> {
                        stage++;
                        base = arg.split("\\s+")[0];
                        // Only the last stage is the image; reset what an earlier stage declared.
                        env.clear();
                        volumes.clear();
                        exposed.clear();
                        copies.clear();
                        entrypoint = List.of();
                        cmd = List.of();
                        user = null;
                        workdir = null;
                    }
                    case "ENTRYPOINT" -> entrypoint = jsonArray(arg);
                    case "CMD" -> cmd = jsonArray(arg);
                    case "ENV" -> {
                        int eq = arg.indexOf('=');
                        env.put(arg.substring(0, eq), arg.substring(eq + 1));
                    }
                    case "USER" -> user = arg;
                    case "VOLUME" -> volumes.addAll(jsonArray(arg));
                    case "EXPOSE" -> exposed.add(Integer.parseInt(arg));
                    case "WORKDIR" -> workdir = arg;
                    case "COPY" -> copies.add(arg);
                    case "RUN" -> {
                        if (stage == 1) {
                            buildRuns.add(arg);
                        }
                    }
                    case "HEALTHCHECK", "ARG", "LABEL" -> {
                        // checked elsewhere or not relevant to the command
                    }
                    default -> throw new IllegalArgumentException("Dockerfile: unexpected instruction " + m.group(1));
                }
            }
            return new Dockerfile(entrypoint, cmd, env, user, volumes, exposed, workdir, copies, base, buildRuns);
        }

        private static List<String> jsonArray(String arg) {
            try {
                JsonNode n = Yaml.JSON.readTree(arg);
                List<String> out = new ArrayList<>();
                n.forEach(e -> out.add(e.asText()));
                return List.copyOf(out);
            } catch (IOException e) {
                throw new IllegalArgumentException("Dockerfile: not the exec (JSON) form: " + arg, e);
            }
        }
    }

    /**
     * docker-compose.yml as docker-compose resolves it ({@code docker-compose config}: anchors, merges and
     * defaults applied), so the tests read what compose would run.
     */
    static JsonNode compose() {
        Tools.Result r = Tools.run(
                List.of(
                        Tools.require("docker-compose", "docker-compose").toString(),
                        "-f",
                        "docker-compose.yml",
                        "config"),
                root());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("docker-compose config failed: " + r.output());
        }
        try {
            return Yaml.MAPPER.readTree(r.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HEALTHCHECK line of the Dockerfile, continuation lines joined. */
    static String healthcheck() {
        String text = read(root().resolve("Dockerfile")).replace("\\\n", " ");
        return text.lines().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
    }

    /** The rendered documents of kind {@code kind}. */
    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static ObjectNode one(List<ObjectNode> docs, String kind) {
        List<ObjectNode> found = ofKind(docs, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }
}
