package io.pulse.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.dev.registry.DevSchemaRegistryServer;
import io.pulse.dev.registry.InMemorySchemaStore;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar started exactly as the image and the StatefulSet start it, since no image can be built here: the
 * Dockerfile's ENTRYPOINT, CMD, ENV and USER, or the rendered StatefulSet's args and env over the image's, read from
 * the files. The container's file system is a directory tree: {@code /app}, {@code /etc/pulse} (the image's file or
 * the ConfigMap's) and a {@code HOME} that the user cannot write (a read-only root), and as writable only what the
 * image and the StatefulSet declare ({@code /var/lib/pulse}, {@code /tmp}). As root the process runs as the image's
 * user (setpriv), so nothing else is writable for it. Only what differs per environment is set on top: the broker,
 * the registry, the published port, and a topic prefix and application id of its own on the shared broker.
 */
@WithKafkaCluster
class ContainerCommandIT {
    private static final Duration PATIENCE = Duration.ofSeconds(150);

    /** Kept when a test fails, for the jar's log. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private DevSchemaRegistryServer registry;
    private Process process;
    private Path root;
    private Path log;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = DevSchemaRegistryServer.start(new InMemorySchemaStore());
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldReachReadyAsTheImageRunsIt(KafkaCluster kafka) throws Exception {
        // Given: the Dockerfile's command, environment and user, its config file at /etc/pulse/pulse.yaml
        DeployFiles.Dockerfile image = DeployFiles.Dockerfile.read();
        String config = DeployFiles.read(DeployFiles.root().resolve(source(image, "/etc/pulse/pulse.yaml")));
        List<String> writable = List.of("/var/lib/pulse", "/tmp");
        assertThat(image.volumes()).containsExactly("/var/lib/pulse");

        // When
        Map<String, String> env = new LinkedHashMap<>(image.env());
        int port = start(kafka, image, image.command(), env, config, writable);

        // Then
        assertReadyAndWroteOnlyWhereAllowed(port, writable);
        // Then: the image's HEALTHCHECK command says healthy (it reads the port from the environment)
        String check = DeployFiles.healthcheck();
        List<String> probe = new ArrayList<>();
        Yaml.JSON.readTree(check.substring(check.indexOf("CMD [") + 4)).forEach(a -> probe.add(a.asText()));
        ProcessBuilder pb = new ProcessBuilder(probe).redirectErrorStream(true);
        pb.environment().put("PULSE_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void shouldReachReadyAsTheStatefulSetRunsIt(KafkaCluster kafka) throws Exception {
        // Given: the image's entry point with the container's args and env (kubelet-expanded), the ConfigMap as
        // /etc/pulse/pulse.yaml, the Secret pulse-credentials holding the access configuration
        DeployFiles.Dockerfile image = DeployFiles.Dockerfile.read();
        List<ObjectNode> docs = Kustomize.build(DeployFiles.deploy("base"));
        V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
        V1Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        // Kubernetes: command replaces ENTRYPOINT and args replace CMD, each only when given.
        boolean ownCommand = c.getCommand() != null && !c.getCommand().isEmpty();
        boolean ownArgs = c.getArgs() != null && !c.getArgs().isEmpty();
        List<String> command = new ArrayList<>(ownCommand ? c.getCommand() : image.entrypoint());
        command.addAll(ownArgs ? c.getArgs() : ownCommand ? List.of() : image.cmd());
        String configPath = c.getArgs().get(c.getArgs().indexOf("--config") + 1);
        String config = Kubelet.configFile(docs, sts, c, configPath);
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.putAll(Kubelet.environment(sts, c, Map.of("PULSE_AUTH_MODE", "none")));
        List<String> writable = Kubelet.writablePaths(sts);
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(10001L);

        // When
        int port = start(kafka, image, command, env, config, writable);

        // Then: ready, and it advertises its stable name through the headless Service
        assertReadyAndWroteOnlyWhereAllowed(port, writable);
        assertThat(env.get("PULSE_HTTP_ADVERTISED_URL"))
                .isEqualTo("http://pulse-0.pulse-headless.default.svc.cluster.local:8080");
        assertThat(Files.readString(log))
                .contains("application.server pulse-0.pulse-headless.default.svc.cluster.local:8080");
    }

    /** Where the Dockerfile COPYs a container path from. */
    private static String source(DeployFiles.Dockerfile image, String target) {
        return image.copies().stream()
                .map(c -> c.split("\\s+"))
                .filter(c -> c.length == 2 && c[1].equals(target))
                .map(c -> c[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no COPY to " + target));
    }

    /** Lays out the container's file system, creates the topics, starts the command; returns the published port. */
    private int start(
            KafkaCluster kafka,
            DeployFiles.Dockerfile image,
            List<String> command,
            Map<String, String> env,
            String config,
            List<String> writable)
            throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(root.resolve("app")).resolve("pulse.jar");
        Files.copy(
                DeployFiles.root().resolve("modules/pulse-dev/target/pulse.jar"),
                jar,
                StandardCopyOption.REPLACE_EXISTING);
        Path etc = Files.createDirectories(root.resolve("etc/pulse"));
        Path home = Files.createDirectories(root.resolve(image.workdir().substring(1)));
        String[] user = image.user().split(":");
        for (String w : writable) {
            Path p = Files.createDirectories(root.resolve(w.substring(1)));
            chown(p, user);
        }
        Files.writeString(etc.resolve("pulse.yaml"), mapPaths(config, writable));
        for (Path p : List.of(root.resolve("app"), root.resolve("etc"), etc, home)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(etc.resolve("pulse.yaml"), PosixFilePermissions.fromString("rw-r--r--"));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        env.forEach((k, v) -> environment.put(k, mapPaths(v, writable)));
        environment.put("HOME", home.toString());
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // What differs per environment: the broker, the registry, the published port, a namespace on the shared broker.
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("PULSE_REGISTRY_URL", registry.url());
        environment.put("PULSE_HTTP_PORT", Integer.toString(port));
        environment.put("PULSE_STREAMS_APPLICATION_ID", kafka.uniqueName("container"));
        environment.put("PULSE_STREAMS_TOPIC_PREFIX", kafka.uniqueName("container") + ".");
        environment.putIfAbsent("PULSE_AUTH_MODE", "none");
        PulseConfig effective = PulseConfig.parse(Files.readString(etc.resolve("pulse.yaml")), environment);
        assertThat(Cluster.createTopics(effective).hasProblems()).isFalse();
        // The manifests run with registry.autoRegister false, as production should: the output schemas are registered
        // beforehand, as a deployment pipeline would.
        Map<String, String> registering = new LinkedHashMap<>(environment);
        registering.put("PULSE_REGISTRY_AUTO_REGISTER", "true");
        PulseConfig ci = PulseConfig.parse(Files.readString(etc.resolve("pulse.yaml")), registering);
        var serdes = new io.pulse.streams.RegistryAvroSerdes(ci.serdeConfig());
        try {
            io.pulse.app.service.PulseService.prepareOutputSchemas(
                    new io.pulse.streams.Topics(ci.streams().topicPrefix(), serdes));
        } finally {
            serdes.client().close();
        }

        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of(
                    Tools.require("setpriv", "util-linux").toString(),
                    "--reuid=" + user[0],
                    "--regid=" + user[1],
                    "--clear-groups",
                    "--"));
        }
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            cmd.add(
                    i == 0 && arg.equals("java")
                            ? Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString()
                            : mapPaths(arg, writable));
        }
        log = dir.resolve("pulse.log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(environment);
        started = Instant.now();
        process = pb.start();
        // A test JVM stopped from outside (Ctrl-C, a CI time limit) must not leave the jar running.
        Process child = process;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "container-command-it-cleanup"));
        return port;
    }

    private Instant started;

    private void assertReadyAndWroteOnlyWhereAllowed(int port, List<String> writable) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        await("/health/ready of the started jar")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .failFast("the jar exited; its log: " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        // Kafka Streams keeps its state under the state volume; RocksDB unpacked its library into java.io.tmpdir
        try (Stream<Path> state = Files.walk(root.resolve("var/lib/pulse"))) {
            assertThat(state.filter(Files::isDirectory).map(Path::toString)).anyMatch(p -> p.contains("/state/"));
        }
        try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains("rocksdb"));
        }
        // Nothing outside the writable mounts: not in the image's directories, HOME, nor the host's temp folders
        List<Path> written = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> writable.stream().noneMatch(w -> p.startsWith(root.resolve(w.substring(1)))))
                    .filter(p -> !Files.isDirectory(p)
                            && !p.getFileName().toString().equals("pulse.jar")
                            && !p.getFileName().toString().equals("pulse.yaml"))
                    .forEach(written::add);
        }
        if (isRoot()) {
            for (String hostTmp : List.of("/tmp", "/var/tmp", "/dev/shm")) {
                try (Stream<Path> files = Files.list(Path.of(hostTmp))) {
                    files.filter(p -> uid(p) == 10001 && modifiedSince(p, started))
                            .forEach(written::add);
                }
            }
        }
        assertThat(written).as("files written outside the writable mounts").isEmpty();
    }

    /** Container paths in a value (a command argument, a variable, the config file) as paths in this test's tree. */
    private String mapPaths(String value, List<String> writable) {
        List<String> mounts = new ArrayList<>(writable);
        mounts.addAll(List.of("/app", "/etc/pulse"));
        // One pass over all mounts: this test's tree may itself be under /tmp, and must not be mapped twice.
        String alternatives = String.join(
                "|",
                mounts.stream()
                        .sorted((a, b) -> b.length() - a.length())
                        .map(Pattern::quote)
                        .toList());
        Matcher matcher = Pattern.compile("(^|[=:\\s])(" + alternatives + ")(?=/|$|\\s)", Pattern.MULTILINE)
                .matcher(value);
        return matcher.replaceAll(r ->
                Matcher.quoteReplacement(r.group(1) + root.resolve(r.group(2).substring(1))));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chown(Path p, String[] user) throws IOException {
        if (isRoot()) {
            Files.setAttribute(p, "unix:uid", Integer.parseInt(user[0]));
            Files.setAttribute(p, "unix:gid", Integer.parseInt(user[1]));
        }
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-x---"));
    }

    private static int uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean modifiedSince(Path p, Instant since) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isAfter(since.minusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }
}
