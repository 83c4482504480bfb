package io.pulse.dev.broker;

import io.pulse.dev.Folders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), running
 * inside this JVM. Used by {@code demo}, {@code replay} and the integration tests.
 *
 * <p>It is Apache Kafka's own {@link KafkaRaftServer}, configured for one node: internal topics
 * with replication factor 1, no automatic topic creation (Pulse creates its topics), and settings
 * under which transactional producers and {@code exactly_once_v2} Kafka Streams applications work.
 * The storage is formatted on the first start (cluster id and {@code meta.properties}) and reused
 * when a kept data directory is started again.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *     kafka.createTopic("pulse.events.click", 3);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>With {@link Builder#secureListener(SecureListener)} the broker also listens on a SASL_SSL listener (SCRAM-SHA-512
 * over TLS, optionally requiring a client certificate: mTLS), for tests of Pulse's Kafka security settings; the
 * plain listener stays for the broker itself and for {@link #admin()} (which creates the SCRAM users).
 *
 * <p>An instance starts once; to restart on the same data, build a new one with the same
 * {@linkplain Builder#dataDirectory(Path) data directory}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** The node id of the single node; stored in {@code meta.properties}, so it never changes. */
    static final int NODE_ID = 1;

    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SECURE_LISTENER = "SECURE";
    /** The SASL mechanism of the secure listener. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    static final String LOG_DIR_NAME = "kraft-combined-logs";
    static final String META_PROPERTIES = "meta.properties";

    /** Broker properties that {@link #bootstrapServers()} and the formatted storage depend on. */
    static final Set<String> MANAGED_PROPERTIES = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "inter.broker.listener.name",
            "log.dirs",
            "log.dir",
            "metadata.log.dir");

    /** How often a free port is picked again when another process took it between probe and bind. */
    private static final int BIND_ATTEMPTS = 3;

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path requestedDirectory;
    private final int requestedPort;
    private final Map<String, String> extraProperties;
    private final SecureListener secure;

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private State state = State.NEW;
    private Path dataDirectory;
    private boolean deleteOnClose;
    private KafkaRaftServer server;
    private int brokerPort;
    private int securePort;
    private String clusterId;

    private EmbeddedKafka(Builder builder) {
        this.requestedDirectory = builder.dataDirectory;
        this.requestedPort = builder.port;
        this.extraProperties = Map.copyOf(builder.properties);
        this.secure = builder.secure;
    }

    /**
     * A SASL_SSL listener: SCRAM-SHA-512 over TLS with the broker's key from {@code keyStore} (PKCS12), and, when
     * {@code trustStore} is given, a client certificate it trusts required as well (mutual TLS).
     *
     * @param keyStore           PKCS12 key store with the broker's key and certificate (for 127.0.0.1)
     * @param keyStorePassword   its password (also the key's)
     * @param trustStore         PKCS12 store of the client certificates to require, or null for no client certificate
     * @param trustStorePassword its password
     */
    public record SecureListener(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        public SecureListener {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        }

        /** Without the passwords. */
        @Override
        public String toString() {
            return "SecureListener[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage if needed and starts the broker; returns when it accepts clients.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException if this instance was started before
     * @throws EmbeddedKafkaException if the broker cannot start
     */
    public synchronized EmbeddedKafka start() {
        if (state != State.NEW) {
            throw new IllegalStateException("An embedded Kafka broker starts once; it is " + state);
        }
        long begin = System.nanoTime();
        prepareDataDirectory();
        Path logDir = dataDirectory.resolve(LOG_DIR_NAME);
        try {
            startWithRetries(logDir);
        } catch (RuntimeException e) {
            state = State.CLOSED;
            deleteDataDirectoryIfTemporary();
            throw e;
        }
        state = State.RUNNING;
        LOGGER.info(
                "Embedded Kafka broker started at {} in {} ms (cluster {}, data in {}{})",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                clusterId,
                dataDirectory,
                deleteOnClose ? ", deleted on close" : "");
        return this;
    }

    /** The {@code host:port} clients connect to. */
    public synchronized String bootstrapServers() {
        requireRunning();
        return HOST + ":" + brokerPort;
    }

    /** The {@code host:port} of the SASL_SSL listener. */
    public synchronized String secureBootstrapServers() {
        requireRunning();
        if (secure == null) {
            throw new IllegalStateException("this broker has no secure listener");
        }
        return HOST + ":" + securePort;
    }

    /**
     * Creates (or replaces) a SCRAM-SHA-512 user, through the plain listener, and waits until the broker knows it,
     * so a client may log in with it at once.
     */
    public void createScramUser(String user, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                            user,
                            new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                    org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 4096),
                            password)))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
            while (true) {
                try {
                    if (!admin.describeUserScramCredentials(List.of(user))
                            .all()
                            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    LOGGER.debug(
                            "SCRAM user {} not visible yet: {}",
                            user,
                            e.getCause().toString());
                }
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedKafkaException("SCRAM user " + user + " did not appear", null);
                }
                // The broker applies the controller's metadata within milliseconds.
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("Cannot create SCRAM user " + user, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating SCRAM user " + user, e);
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Timed out creating SCRAM user " + user, e);
        }
    }

    /** The minimal client configuration for this broker: {@code bootstrap.servers}. */
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** The port the broker listens on for clients. */
    public synchronized int port() {
        requireRunning();
        return brokerPort;
    }

    /** The folder holding the broker's storage. */
    public synchronized Path dataDirectory() {
        requireRunning();
        return dataDirectory;
    }

    /** The cluster id written to {@code meta.properties} when the storage was formatted. */
    public synchronized String clusterId() {
        requireRunning();
        return clusterId;
    }

    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /** Creates a topic with replication factor 1, unless it exists; see {@link #createTopics(Collection)}. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    /** See {@link #createTopics(Collection)}. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /**
     * Creates the topics that do not exist yet (existing ones are left as they are) and waits
     * until every partition of every named topic has a leader, so clients can use them at once.
     */
    public void createTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new EmbeddedKafkaException("Cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Timed out creating topics after " + ADMIN_TIMEOUT, e);
        }
    }

    /** Shuts the broker down cleanly, then deletes the data directory if it was a temporary one. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        if (!wasRunning) {
            return;
        }
        long begin = System.nanoTime();
        LOGGER.info("Stopping embedded Kafka broker at {}", HOST + ":" + brokerPort);
        stopServer(server);
        server = null;
        deleteDataDirectoryIfTemporary();
        LOGGER.info("Embedded Kafka broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("The embedded Kafka broker is not running (" + state + ")");
        }
    }

    private void prepareDataDirectory() {
        try {
            if (requestedDirectory == null) {
                dataDirectory = Files.createTempDirectory("pulse-kafka-");
                deleteOnClose = true;
            } else {
                dataDirectory = Files.createDirectories(requestedDirectory).toAbsolutePath();
                deleteOnClose = false;
            }
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot create the data directory " + requestedDirectory, e);
        }
    }

    private void startWithRetries(Path logDir) {
        for (int attempt = 1; ; attempt++) {
            int port = requestedPort == 0 ? freePort() : requestedPort;
            int controllerPort = freePort();
            int tlsPort = secure == null ? 0 : freePort();
            Map<String, String> props = brokerProperties(logDir, port, controllerPort, tlsPort);
            KafkaConfig config = new KafkaConfig(props, false);
            clusterId = formatIfNeeded(logDir);
            KafkaRaftServer candidate = null;
            try {
                candidate = new KafkaRaftServer(config, Time.SYSTEM);
                candidate.startup();
                server = candidate;
                brokerPort = port;
                securePort = tlsPort;
                return;
            } catch (RuntimeException e) {
                if (candidate != null) {
                    stopServer(candidate);
                }
                boolean portTaken = causedBy(e, BindException.class);
                if (portTaken && attempt < BIND_ATTEMPTS) {
                    LOGGER.info("A port was taken while the broker started; trying other ports");
                    continue;
                }
                throw new EmbeddedKafkaException(
                        "Cannot start the embedded Kafka broker in " + dataDirectory
                                + (portTaken ? " (port in use)" : ""),
                        e);
            }
        }
    }

    /** Broker settings for one combined node; the caller's properties win, except the ones we own. */
    private Map<String, String> brokerProperties(Path logDir, int port, int controllerPort, int tlsPort) {
        Map<String, String> props = new LinkedHashMap<>();
        // Settings that suit one node. Replication factor 1 for the internal topics is what makes
        // transactions (and so exactly_once_v2) possible at all on a single broker.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // Lean on a shared 2-core machine: the cleaner's 128 MB default buffer is allocated eagerly.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "2");
        // Faster registration with the controller, and so a faster start and controlled shutdown.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "6000");
        props.putAll(extraProperties);

        // MANAGED_PROPERTIES: identity, listeners and storage.
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String secureListener = secure == null ? "" : "," + SECURE_LISTENER + "://" + HOST + ":" + tlsPort;
        props.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort + secureListener);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port + secureListener);
        props.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
                        + (secure == null ? "" : "," + SECURE_LISTENER + ":SASL_SSL"));
        if (secure != null) {
            String l = "listener.name." + SECURE_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
            props.put(l + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
            props.put(
                    l + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put(l + "ssl.keystore.type", "PKCS12");
            props.put(l + "ssl.keystore.location", secure.keyStore().toString());
            props.put(l + "ssl.keystore.password", secure.keyStorePassword());
            props.put(l + "ssl.key.password", secure.keyStorePassword());
            if (secure.trustStore() != null) {
                props.put(l + "ssl.truststore.type", "PKCS12");
                props.put(l + "ssl.truststore.location", secure.trustStore().toString());
                props.put(l + "ssl.truststore.password", secure.trustStorePassword());
                props.put(l + "ssl.client.auth", "required");
            }
        }
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        return props;
    }

    /**
     * Formats the storage on first start, like {@code kafka-storage format}: a static quorum of
     * this one node, so the controller's port may change between restarts.
     *
     * @return the cluster id, new or read back from {@code meta.properties}
     */
    private static String formatIfNeeded(Path logDir) {
        Path metaProperties = logDir.resolve(META_PROPERTIES);
        if (Files.exists(metaProperties)) {
            String existing = readClusterId(metaProperties);
            LOGGER.info("Reusing formatted storage of cluster {} in {}", existing, logDir);
            return existing;
        }
        String newClusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(newClusterId)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException("Cannot format the Kafka storage in " + logDir, e);
        }
        LOGGER.debug("Formatter: {}", output.toString(StandardCharsets.UTF_8).trim());
        LOGGER.info("Formatted new storage for cluster {} in {}", newClusterId, logDir);
        return newClusterId;
    }

    private static String readClusterId(Path metaProperties) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot read " + metaProperties, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"))
                .orElseThrow(() -> new EmbeddedKafkaException("No cluster.id in " + metaProperties, null));
    }

    private static void awaitLeaders(Admin admin, Set<String> names) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        List<String> missing = new ArrayList<>(names);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names)
                        .allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                missing = descriptions.values().stream()
                        .filter(d -> d.partitions().stream()
                                .map(TopicPartitionInfo::leader)
                                .anyMatch(Objects::isNull))
                        .map(TopicDescription::name)
                        .toList();
                if (missing.isEmpty()) {
                    return;
                }
            } catch (ExecutionException e) {
                // The broker's metadata may lag the controller's for a moment: ask again.
                LOGGER.debug(
                        "Topics {} not described yet: {}", names, e.getCause().toString());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("No leader for partitions of " + missing);
            }
            // A short pause between metadata requests; one node settles in milliseconds.
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void stopServer(KafkaRaftServer target) {
        try {
            target.shutdown();
            target.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.warn("Embedded Kafka broker did not shut down cleanly", e);
        }
    }

    private void deleteDataDirectoryIfTemporary() {
        if (deleteOnClose && dataDirectory != null) {
            try {
                Folders.deleteRecursively(dataDirectory);
            } catch (IOException | UncheckedIOException e) {
                LOGGER.warn("Cannot delete the temporary Kafka data directory {}", dataDirectory, e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Cannot find a free port on " + HOST, e);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Configures an {@link EmbeddedKafka}; every setting is optional. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private SecureListener secure;

        private Builder() {}

        /**
         * Keeps the broker's storage in this folder across restarts (created if missing). Without
         * it, a temporary folder is used and deleted on {@link #close()}.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets or overrides a broker property. Identity, listeners and storage paths
         * ({@code node.id}, {@code process.roles}, {@code listeners}, {@code log.dirs} and the
         * like) are managed by {@link EmbeddedKafka} and cannot be overridden.
         */
        public Builder brokerProperty(String key, Object value) {
            if (MANAGED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Broker property " + key + " is managed by EmbeddedKafka");
            }
            properties.put(Objects.requireNonNull(key, "key"), String.valueOf(Objects.requireNonNull(value, key)));
            return this;
        }

        /** Sets or overrides several broker properties; see {@link #brokerProperty(String, Object)}. */
        public Builder brokerProperties(Map<String, ?> values) {
            values.forEach(this::brokerProperty);
            return this;
        }

        /** Adds a SASL_SSL listener (SCRAM-SHA-512, TLS, optionally mTLS); see {@link SecureListener}. */
        public Builder secureListener(SecureListener listener) {
            this.secure = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
