package io.pulse.dev.demo;

import io.pulse.app.config.AuthSection;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.config.StreamsSection;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.kafka.Cluster;
import io.pulse.app.service.PulseService;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.Plan;
import io.pulse.dev.Folders;
import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.dev.registry.DevSchemaRegistryServer;
import io.pulse.dev.registry.KafkaSchemaStore;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.kafka.AvroPublisher;
import io.pulse.io.topics.TopicReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code pulse demo} runs, in one process: a real single-node Kafka broker in KRaft mode, the
 * development schema registry keeping its schemas in {@code _pulse_schemas}, Pulse's topics, the sample plans,
 * directory and alert rules, the service (Kafka Streams and the HTTP API) and the simulator.
 *
 * <p>{@link #start()} starts them in that order, one INFO line per step, and fails fast: a step that fails stops
 * what started and throws one line naming the step. {@link #close()} stops them in reverse (simulator, service,
 * registry, broker), each within a time limit so a stuck part cannot hold the exit forever, deletes a temporary
 * data folder and prints a final line. It may run on a shutdown hook while {@link #start()} is still running:
 * the start then gives up at its next step and the parts started so far are stopped.
 *
 * <pre>{@code
 * try (Demo demo = new Demo(options, System.getenv(), out)) {
 *     demo.start();
 *     out.println(demo.banner());
 *     demo.awaitTermination();
 * }
 * }</pre>
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Demo.class);
    private static final int STEPS = 6;
    /** How long the start waits for Kafka Streams to be RUNNING before the URLs are printed anyway. */
    static final Duration RUNNING_PATIENCE = Duration.ofSeconds(90);
    /** Time limits of the stop, part by part; together they bound how long a stop can take. */
    static final Duration SIMULATOR_STOP = Duration.ofSeconds(10);

    static final Duration SERVICE_STOP = StreamsSection.DEFAULT_SHUTDOWN_TIMEOUT.plusSeconds(10);
    static final Duration REGISTRY_STOP = Duration.ofSeconds(10);
    static final Duration BROKER_STOP = Duration.ofSeconds(30);
    static final Duration DELETE_STOP = Duration.ofSeconds(15);
    /** How long a stop waits for a start in progress to notice it and give up (a step is not interruptible). */
    static final Duration START_GIVE_UP = Duration.ofSeconds(60);

    private final DemoOptions options;
    private final Map<String, String> env;
    private final ZoneId machineZone;
    private final PrintWriter out;
    private final CountDownLatch startDone = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object lock = new Object();

    private volatile boolean stopping;
    private boolean startCalled;
    private boolean closeCalled;

    // The parts, set as they start (under lock), stopped by close() in reverse order.
    private final List<Part> parts = new ArrayList<>();
    private Path root;
    private boolean temporaryRoot;
    private EmbeddedKafka kafka;
    private DevSchemaRegistryServer registry;
    private PulseService service;
    private HttpApiComponent http;
    private PulseConfig config;
    private Duration startup;
    private int planCount;

    /**
     * @param env the environment whose {@code PULSE_*} variables override the configuration
     * @param out where the final line of the stop goes
     */
    public Demo(DemoOptions options, Map<String, String> env, PrintWriter out) {
        this(options, env, ZoneId.systemDefault(), out);
    }

    Demo(DemoOptions options, Map<String, String> env, ZoneId machineZone, PrintWriter out) {
        this.options = Objects.requireNonNull(options, "options");
        this.env = Map.copyOf(env);
        this.machineZone = Objects.requireNonNull(machineZone, "machineZone");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Starts every part and returns once Kafka Streams is RUNNING (or after {@link #RUNNING_PATIENCE}, with a
     * warning); on failure stops what started.
     *
     * @throws IllegalStateException one line: the step that failed and why
     */
    public Demo start() {
        synchronized (lock) {
            if (startCalled) {
                throw new IllegalStateException("a demo starts once");
            }
            startCalled = true;
        }
        long begin = System.nanoTime();
        RuntimeException failure = null;
        try {
            startParts();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            startDone.countDown();
        }
        if (failure != null) {
            close();
            throw failure;
        }
        startup = Duration.ofNanos(System.nanoTime() - begin);
        LOGGER.info("Pulse demo ready in {}", seconds(startup));
        return this;
    }

    private void startParts() {
        // Fail before anything starts when the configuration or the sample data is wrong.
        PulseConfig loaded =
                step("read the configuration", () -> DemoConfig.load(options.configFile(), env, machineZone));
        List<Plan> plans = step("read the sample plans", () -> DemoData.plans(loaded.catalog()));
        List<DirectoryEntry> directory = step("read the sample directory", DemoData::directory);

        long begin = System.nanoTime();
        Path data = step("create the data folder", this::createRoot);
        EmbeddedKafka broker = step(
                "start the Kafka broker",
                () -> keep(
                                "Kafka broker",
                                BROKER_STOP,
                                EmbeddedKafka.builder()
                                        .dataDirectory(data.resolve("kafka"))
                                        .port(Ports.requestedOrAny("Kafka broker", "--kafka-port", options.kafkaPort()))
                                        .build(),
                                b -> kafka = b)
                        .start());
        LOGGER.info(
                "[1/{}] Kafka broker (KRaft, one node) at {} in {}, data in {}{}",
                STEPS,
                broker.bootstrapServers(),
                since(begin),
                data,
                temporaryRoot ? " (deleted on exit)" : "");

        begin = System.nanoTime();
        DevSchemaRegistryServer schemas = step("start the schema registry", () -> {
            KafkaSchemaStore store = new KafkaSchemaStore(broker.clientProperties());
            int port = Ports.requestedOrAny("schema registry", "--registry-port", options.registryPort());
            try {
                return keep(
                        "schema registry",
                        REGISTRY_STOP,
                        DevSchemaRegistryServer.start(store, "127.0.0.1", port),
                        r -> registry = r);
            } catch (IOException e) {
                store.close();
                throw new UncheckedIOException("port " + port + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        });
        LOGGER.info(
                "[2/{}] Schema registry at {} in {}, schemas kept in topic {}",
                STEPS,
                schemas.url(),
                since(begin),
                KafkaSchemaStore.DEFAULT_TOPIC);

        int httpPort = Ports.requestedOrAny("HTTP API", "--port", options.httpPort());
        PulseConfig cfg =
                DemoConfig.place(loaded, broker.bootstrapServers(), schemas.url(), httpPort, data.resolve("state"));
        synchronized (lock) {
            config = cfg;
            planCount = plans.size();
        }

        begin = System.nanoTime();
        TopicReport topics = step("create the topics", () -> Cluster.createTopics(cfg));
        topics.problems().forEach(p -> LOGGER.warn("Topic differs from the plan: {}", p));
        LOGGER.info(
                "[3/{}] Topics under '{}' in {}: {}",
                STEPS,
                cfg.streams().topicPrefix(),
                since(begin),
                topics.summary());

        begin = System.nanoTime();
        step("publish the sample plans and directory", () -> publish(cfg, plans, directory));
        LOGGER.info(
                "[4/{}] Published {} plans and {} directory entries in {}; alert rules: {}",
                STEPS,
                plans.size(),
                directory.size(),
                since(begin),
                cfg.alerts().isEmpty()
                        ? "none"
                        : cfg.alerts().stream().map(ThresholdRule::name).collect(Collectors.joining(", ")));

        begin = System.nanoTime();
        HttpApiComponent api = new HttpApiComponent();
        PulseService pulse = step("start the service", () -> {
            PulseService s = keep("service", SERVICE_STOP, new PulseService(cfg, List.of(api)), x -> {
                service = x;
                http = api;
            });
            return s.start();
        });
        LOGGER.info(
                "[5/{}] Service started in {}: Kafka Streams application {}, HTTP API on port {}, time zone {}, "
                        + "currency {}",
                STEPS,
                since(begin),
                cfg.streams().applicationId(),
                api.api().port(),
                cfg.timezone(),
                cfg.currency());

        if (options.rate() > 0) {
            step(
                    "start the simulator",
                    () -> started(
                            "simulator", SIMULATOR_STOP, SimulatorRunner.start(cfg, options.rate(), options.seed())));
        } else {
            LOGGER.info("Simulator off (--rate 0): send your own events with `pulse produce`");
        }
        LOGGER.info(
                "[6/{}] Simulator: {} events/s stamped with the current time (seed {})",
                STEPS,
                String.format(Locale.ROOT, "%,.0f", options.rate()),
                Long.toHexString(options.seed()));

        step("wait for Kafka Streams", () -> awaitRunning(pulse));
    }

    /** Runs one step; a failure becomes one line naming it. */
    private <T> T step(String name, Supplier<T> action) {
        if (stopping) {
            throw new IllegalStateException("the demo was stopped while it started (before: " + name + ")");
        }
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (stopping) {
                throw new IllegalStateException("the demo was stopped while it started (during: " + name + ")", e);
            }
            throw new IllegalStateException("cannot " + name + ": " + message(e), e);
        }
    }

    private void step(String name, Runnable action) {
        step(name, () -> {
            action.run();
            return null;
        });
    }

    /** Records a part in its field and for {@link #close()}, then gives it back to be started. */
    private <T extends AutoCloseable> T keep(String name, Duration limit, T part, Consumer<T> field) {
        synchronized (lock) {
            field.accept(part);
        }
        return started(name, limit, part);
    }

    /**
     * Records a part, named for the log and the final line, so that {@link #close()} stops it within
     * {@code limit}, before every part recorded earlier; gives it back.
     */
    <T extends AutoCloseable> T started(String name, Duration limit, T part) {
        synchronized (lock) {
            parts.add(new Part(name, limit, part));
        }
        return part;
    }

    private Path createRoot() {
        try {
            Path dir;
            boolean temporary = options.dataDirectory() == null;
            if (temporary) {
                dir = Files.createTempDirectory("pulse-demo-");
            } else {
                dir = Files.createDirectories(options.dataDirectory()).toAbsolutePath();
            }
            synchronized (lock) {
                root = dir;
                temporaryRoot = temporary;
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create "
                            + (options.dataDirectory() == null ? "a temporary folder" : options.dataDirectory()) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void publish(PulseConfig cfg, List<Plan> plans, List<DirectoryEntry> directory) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> first = new AtomicReference<>();
        Callback callback = (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, error);
            }
        };
        try (AvroPublisher publisher = AvroPublisher.create(cfg.kafkaClients(), cfg.serdeConfig())) {
            String plansTopic = cfg.topicNames().plans().name();
            for (Plan plan : plans) {
                publisher.send(plansTopic, plan.key(), ControlRecords.plan(plan), callback);
            }
            String directoryTopic = cfg.topicNames().directory().name();
            for (DirectoryEntry entry : directory) {
                publisher.send(directoryTopic, entry.employee(), ControlRecords.entry(entry), callback);
            }
            publisher.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " records could not be sent: " + message(first.get()), first.get());
        }
    }

    private void awaitRunning(PulseService pulse) {
        long deadline = System.nanoTime() + RUNNING_PATIENCE.toNanos();
        while (pulse.state() != KafkaStreams.State.RUNNING) {
            Optional<Throwable> failure = pulse.failure();
            if (failure.isPresent()) {
                throw new IllegalStateException("Kafka Streams stopped: " + message(failure.get()), failure.get());
            }
            if (stopping) {
                throw new IllegalStateException("stopped");
            }
            if (System.nanoTime() > deadline) {
                LOGGER.warn(
                        "Kafka Streams is not RUNNING after {} (state {}); the API answers 503 until it is",
                        seconds(RUNNING_PATIENCE),
                        pulse.state());
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Blocks until the service stops: after {@link #close()}, or on its own after an error, which it returns.
     */
    public Optional<Throwable> awaitTermination() throws InterruptedException {
        PulseService s;
        synchronized (lock) {
            s = service;
        }
        if (s == null) {
            throw new IllegalStateException("the demo is not started");
        }
        return s.awaitTermination();
    }

    /** What a newcomer needs: the URLs with curl examples, Kafka, the registry, the data folder. */
    public String banner() {
        synchronized (lock) {
            if (service == null || startup == null) {
                throw new IllegalStateException("the demo is not started");
            }
            return DemoBanner.render(new DemoBanner.Facts(
                    startup,
                    httpUrl(),
                    config.auth().mode() != AuthSection.Mode.NONE
                            || config.http().token() != null,
                    kafka.bootstrapServers(),
                    config.streams().topicPrefix(),
                    registry.url(),
                    root,
                    temporaryRoot,
                    options.rate(),
                    config.timezone(),
                    config.currency(),
                    planCount,
                    config.alerts().size()));
        }
    }

    /** The HTTP API's base URL, such as {@code http://localhost:8080}. */
    public String httpUrl() {
        synchronized (lock) {
            if (http == null || config == null) {
                throw new IllegalStateException("the demo is not started");
            }
            return "http://" + DemoBanner.clientHost(config.http().host()) + ":"
                    + http.api().port();
        }
    }

    /**
     * Stops the simulator, the service, the registry and the broker, in that order, each within its time limit,
     * then deletes a temporary data folder and prints the final line. Idempotent; a second caller waits for the
     * first one's stop (within the same limits).
     */
    @Override
    public void close() {
        boolean waitForStart;
        boolean another;
        synchronized (lock) {
            stopping = true;
            another = closeCalled;
            closeCalled = true;
            waitForStart = startCalled;
        }
        if (another) {
            // Outside the lock: the first caller needs it to collect the parts.
            waitForStop();
            return;
        }
        long begin = System.nanoTime();
        try {
            if (waitForStart && !await(startDone, START_GIVE_UP)) {
                LOGGER.warn(
                        "The start did not give up within {}; stopping what started so far", seconds(START_GIVE_UP));
            }
            List<Part> toStop;
            Path folder;
            boolean temporary;
            synchronized (lock) {
                toStop = new ArrayList<>(parts);
                folder = root;
                temporary = temporaryRoot;
            }
            if (toStop.isEmpty() && folder == null) {
                return;
            }
            // The last started first: the simulator, the service, the schema registry, the Kafka broker.
            Collections.reverse(toStop);
            LOGGER.info("Stopping the demo: {}", toStop.stream().map(Part::name).collect(Collectors.joining(", ")));
            List<String> late = new ArrayList<>();
            for (Part part : toStop) {
                stop(part.name(), part.limit(), part.part(), late);
            }
            if (temporary && folder != null) {
                stop("temporary data folder", DELETE_STOP, () -> Folders.deleteRecursively(folder), late);
            }
            String took = seconds(Duration.ofNanos(System.nanoTime() - begin));
            if (late.isEmpty()) {
                out.println("Pulse demo stopped in " + took
                        + (temporary || folder == null ? "" : "; data kept in " + folder) + ".");
            } else {
                out.println("Pulse demo stopped in " + took + ", but " + String.join(", ", late)
                        + " did not stop in time" + (folder == null ? "" : " (data in " + folder + ")") + ".");
            }
            out.flush();
        } finally {
            stopped.countDown();
        }
    }

    private void waitForStop() {
        Duration limit = START_GIVE_UP.plus(DELETE_STOP);
        synchronized (lock) {
            for (Part part : parts) {
                limit = limit.plus(part.limit());
            }
        }
        await(stopped, limit);
    }

    /** A started part: its name in the log and the final line, and how long its stop may take. */
    private record Part(String name, Duration limit, AutoCloseable part) {}

    /** Closes {@code part} on its own thread, waiting at most {@code limit}; a part that overruns is left behind. */
    static void stop(String name, Duration limit, AutoCloseable part, List<String> late) {
        if (part == null) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        part.close();
                    } catch (Exception e) {
                        LOGGER.warn("Stopping the {} failed: {}", name, message(e));
                    }
                },
                "pulse-demo-stop-" + name.replace(' ', '-'));
        t.setDaemon(true);
        t.start();
        try {
            t.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOGGER.warn("The {} did not stop within {}; going on without it", name, seconds(limit));
            late.add(name);
        }
    }

    private static boolean await(CountDownLatch latch, Duration limit) {
        try {
            return latch.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String since(long beginNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - beginNanos));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String message(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null
                    ? null
                    : t.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
            if (m != null && !m.isEmpty() && parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }
}
