package io.pulse.dev.replay;

import io.pulse.app.config.PulseConfig;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.DirectoryLoader;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
import io.pulse.dev.Folders;
import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.dev.kafka.CatchUp;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.OutputJson;
import io.pulse.io.kafka.AvroPublisher;
import io.pulse.io.kafka.KafkaClientSettings;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicSettings;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.StreamsSettings;
import io.pulse.streams.Topics;
import io.pulse.streams.time.Watermarks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the production topology over a JSON-lines file of events on an embedded broker and writes its final
 * outputs as JSON lines (SPEC §6). The end of the input is the close of every window: after the last event is
 * processed a watermark carrying the last event time closes every window and every plan period up to it.
 * No wall-clock time enters the results: windows close on event time only, one partition keeps one order,
 * and only final scorecards are written (live ones depend on when the emit timer fires).
 */
public final class Replay {
    private static final Logger LOGGER = LoggerFactory.getLogger(Replay.class);
    private static final String APP_ID = "pulse-replay";
    private static final Duration WAIT = Duration.ofMinutes(10);
    /**
     * Records a reading task folds before it forwards: counted, not timed, so two runs see the same sequence of
     * values (and raise the same alerts).
     */
    private static final int FLUSH_RECORDS = 500;
    /**
     * Threads that parse and encode the input file, one per core (at most eight, which bounds the chunks of lines in
     * memory); the sending thread and the broker take the rest. On two cores the file is then written as fast as the
     * machine goes: both cores are busy while it is written. Against parsing on the sending thread, the 60k-event
     * replay went from 15,650 to 16,430 events/s (means of four alternating runs).
     */
    private static final int PARSERS =
            Math.min(8, Math.max(1, Runtime.getRuntime().availableProcessors()));
    /** Records left to process below which the replay looks for its end every 10 ms, not every 100. */
    private static final long NEAR_END = 2_000;
    /** How long the application may take to give every stream thread its tasks. */
    private static final Duration SETTLE = Duration.ofMinutes(2);
    /** Retention of the replay's topics (Kafka's longest). */
    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    /** What one run produced. */
    public record Result(
            int events,
            int badLines,
            int finals,
            int scorecards,
            int alerts,
            int dlq,
            int late,
            Duration elapsed,
            Duration startUp,
            Duration processing) {
        /** Events per second of processing: from the first event read to the last output written. */
        public double eventsPerSecond() {
            return events / Math.max(1e-9, processing.toNanos() / 1e9);
        }
    }

    private final PulseConfig config;
    private final Consumer<String> warnings;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final Callback sent = (metadata, error) -> {
        if (error != null) {
            sendFailure.compareAndSet(null, error);
        }
    };
    private int parsedCount;

    /**
     * @param config   domain settings (zone, currency, custom KPIs, alert rules, working time, pace, grace)
     * @param warnings receives one line per bad input line ({@code line 7: not valid JSON ...})
     */
    public Replay(PulseConfig config, Consumer<String> warnings) {
        this.config = config;
        this.warnings = warnings;
    }

    public Result run(Path events, Path plansFile, Path directoryFile, Path out)
            throws IOException, InterruptedException {
        List<Plan> plans = plansFile == null ? List.of() : new PlanLoader(config.catalog()).load(plansFile);
        List<DirectoryEntry> directory = directoryFile == null ? List.of() : DirectoryLoader.load(directoryFile);
        List<RejectedRecord> rejected = new ArrayList<>();
        Files.createDirectories(out);

        PulseStreamsConfig base = config.streamsConfig();
        // One partition keeps one order; no wall clock: partitions never go idle, the end-of-input marks end them;
        // every event is forwarded as it is read, so alerts see the same sequence of values in every run.
        PulseStreamsConfig topology = base.toBuilder()
                .partitions(1)
                .closeOnWallClock(false)
                .idleTimeout(Duration.ZERO)
                .flushInterval(Duration.ZERO)
                .flushRecords(FLUSH_RECORDS)
                .liveOutputs(false)
                // The state lives for this run only, on a broker of its own: nothing would ever be restored from a
                // changelog (the second run below starts from an empty state folder and reads the plans again).
                .changelogs(false)
                .build();
        RegistryAvroSerdes avro = RegistryAvroSerdes.inMemory("replay-" + UUID.randomUUID());
        Topics topics = new Topics(topology.topicPrefix(), avro);
        Path state = Files.createTempDirectory("pulse-replay-state");
        long started = System.nanoTime();
        long brokerStarted = started;
        long firstEventRead = 0;
        long lastOutputWritten = 0;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder()
                        // Both stream threads join within milliseconds of each other: waiting 20 ms lets them join
                        // one generation. Without it the first could take every task alone, and the second's join
                        // started a rebalance the first learnt of only at its next heartbeat.
                        .brokerProperty("group.initial.rebalance.delay.ms", 20)
                        .build()
                        .start();
                CatchUp catchUp = new CatchUp(kafka.clientProperties())) {
            brokerStarted = System.nanoTime();
            try (var admin = kafka.admin()) {
                // Records carry their event time, possibly years old: no time-based retention may remove them
                // (a DLQ record stamped with an old event time would vanish before it is read).
                TopicSettings keep =
                        new TopicSettings(1, config.topicSettings().replicationFactor(), FOREVER, FOREVER, FOREVER);
                new TopicAdmin(admin).ensure(TopicPlanner.plan(topics, keep)).requireNoProblems();
            }
            Properties props = StreamsSettings.defaults(APP_ID, kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve("first").toString());
            // lz4, unlike the service (StreamsSettings): a replay's batches are large, and nine alternating runs of the
            // 60k file gave a mean of 22,655 events/s with it against 21,058 without.
            props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
            // Two threads: Kafka Streams gives the reading task to one and the aggregator to the other, a pipeline. The
            // order stays what one thread gives: each aggregator input has one writer (the one reading task, in its
            // order; the plans' per-scope records were all written by the first run), so the aggregator reads the same
            // sequence whenever it reads it. Each run starts paused until both threads hold their tasks (startSettled).
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
            // A replay runs once on a broker and state of its own and fails whole if anything fails: transactions
            // would guard against nothing. At-least-once lets the aggregator read the deltas as soon as they are
            // written.
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            // Every event is on the broker before the application reads any (below), so a task that waits for the
            // records a partition is known to hold (0, KIP-695) always picks the next record by timestamp from all of
            // them, and two runs fold the same batches without waiting for anything else.
            props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
            // Nothing more is written while the application reads, so a fetch the broker parks for want of new data
            // (up to fetch.max.wait.ms, 500 ms by default) only delays the next one, which may ask for the partition a
            // task waits for. Measured on a 60k-event file: 5,336-5,937 events/s with 5 ms, 4,482-5,139 without.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 5);
            // A thread that missed a rebalance learns of it at its next heartbeat: 100 ms, not 3 s.
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 100);
            // The second run reads the plans' per-scope records again (below): none may be deleted once read.
            props.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, Long.MAX_VALUE);
            // A stream thread whose tasks are still being set up waits in its consumer's poll before it looks again:
            // 10 ms, not 100 (a thread that has records to process does not wait there).
            props.put(StreamsConfig.POLL_MS_CONFIG, 10L);
            try (AvroPublisher publisher =
                    AvroPublisher.create(KafkaClientSettings.of(bulkLoad(kafka.clientProperties())), avro)) {
                // The directory and plans first, so every event meets them: a first run of the application validates
                // them into the topics its readers take them from (the directory's global table, the plans'
                // per-scope records) and stops.
                for (DirectoryEntry e : directory) {
                    publisher.send(topics.directory().name(), e.employee(), ControlRecords.entry(e), 0L, sent);
                }
                for (Plan p : plans) {
                    publisher.send(topics.plans().name(), p.key(), ControlRecords.plan(p), 0L, sent);
                }
                flush(publisher);
                try (KafkaStreams first = new KafkaStreams(PulseTopology.build(topology, avro), props)) {
                    startSettled(first);
                    awaitCaughtUp(
                            catchUp,
                            List.of(topics.directory().name(), topics.plans().name()),
                            "plans");
                    // Leaving the group lets the second run start at once, not after the first one's session timeout.
                    first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(60)));
                }
                // The second run starts from an empty state folder and reads the plans' per-scope records from the
                // start, before any delta (they carry time 0, and its aggregator waits for records it knows exist).
                // Taking over the first run's task folders instead cost up to 1.5 s now and then: a stream thread
                // locks every task folder it finds while it joins, and the other thread, assigned one of them,
                // backs off for a second when it finds it locked.
                rewind(kafka, catchUp, internal(PulseTopology.PLANS_BY_SCOPE));
                Properties second = new Properties();
                second.putAll(props);
                second.put(
                        StreamsConfig.STATE_DIR_CONFIG, state.resolve("second").toString());

                // Then every event is on the broker before the application reads any: a task reading a topic as fast
                // as it is written would find it caught up now and then and take the next record from whatever else
                // it holds, so two runs would fold different batches (and raise alerts at different moments). The
                // file is streamed to the broker, never held in memory whole; worker threads parse and encode it, and
                // this thread sends the records in the file's order.
                firstEventRead = System.nanoTime();
                long[] lastEventTime = {Long.MIN_VALUE};
                int count = readEvents(
                        events,
                        rejected,
                        e -> publisher.record(
                                topics.event(e.type()).name(),
                                e.eventId(),
                                e.value(),
                                Math.max(0L, e.occurredAt().toEpochMilli())),
                        r -> {
                            lastEventTime[0] = Math.max(lastEventTime[0], r.timestamp());
                            publisher.send(r, sent);
                        });
                parsedCount = count;
                // End of input: a marker on every event partition ends it; when all have ended the watermark is the
                // end of time, which closes every window, and plan periods up to the last event.
                // The by-eventId topic gets one too, ignored by the reading task: its partition, empty in a replay
                // (one task reads every event), would otherwise cost that task a formatted log line (written nowhere)
                // each time it picks a record: 8 % of its time on a 60k-event file. Stamped last, it is read last.
                List<String> ended = new ArrayList<>(topics.eventTopicNames());
                ended.add(topics.eventsById().name());
                for (String topic : ended) {
                    ProducerRecord<String, byte[]> end = new ProducerRecord<>(
                            topic, 0, (Long) Math.max(0L, lastEventTime[0]), (String) null, (byte[]) null);
                    end.headers().add(Watermarks.END_OF_INPUT_HEADER, new byte[0]);
                    publisher.send(end, sent);
                }
                flush(publisher);
                LOGGER.info("replay: events written in {} ms", (System.nanoTime() - firstEventRead) / 1_000_000);
                try (KafkaStreams streams = new KafkaStreams(PulseTopology.build(topology, avro), second)) {
                    startSettled(streams);
                    List<String> all = new ArrayList<>(topics.eventTopicNames());
                    all.add(topics.eventsById().name());
                    all.add(internal(PulseTopology.CONTRIBUTIONS));
                    all.add(internal(PulseTopology.PLANS_BY_SCOPE));
                    awaitCaughtUp(catchUp, all, "events and windows closing");
                    lastOutputWritten = System.nanoTime();
                    streams.close(Duration.ofSeconds(60));
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            List<KpiValue> finals = readAll(
                    kafka,
                    topics.kpiFinal().name(),
                    topics.kpiFinal().valueSerde().deserializer());
            List<Scorecard> cards =
                    readAll(
                                    kafka,
                                    topics.scorecards().name(),
                                    topics.scorecards().valueSerde().deserializer())
                            .stream()
                            .filter(Scorecard::getFinal$)
                            .toList();
            List<Alert> alerts = readAll(
                    kafka, topics.alerts().name(), topics.alerts().valueSerde().deserializer());
            List<RejectedRecord> dlq = new ArrayList<>(rejected);
            dlq.addAll(readAll(
                    kafka, topics.dlq().name(), topics.dlq().valueSerde().deserializer()));
            List<RejectedRecord> late = readAll(
                    kafka, topics.late().name(), topics.late().valueSerde().deserializer());

            write(
                    out.resolve("kpi-final.jsonl"),
                    finals.stream()
                            .sorted(Comparator.comparing(KpiValue::getScope)
                                    .thenComparing(KpiValue::getScopeId)
                                    .thenComparing(KpiValue::getPeriod)
                                    .thenComparing(KpiValue::getPeriodStart)
                                    .thenComparing(KpiValue::getKpi))
                            .toList());
            write(
                    out.resolve("scorecards.jsonl"),
                    cards.stream()
                            .sorted(Comparator.comparing(Scorecard::getScope)
                                    .thenComparing(Scorecard::getScopeId)
                                    .thenComparing(Scorecard::getPeriod)
                                    .thenComparing(Scorecard::getPeriodStart))
                            .toList());
            write(out.resolve("alerts.jsonl"), alerts);
            write(out.resolve("dlq.jsonl"), dlq);
            write(out.resolve("late.jsonl"), late);
            LOGGER.info(
                    "replay wrote {} finals, {} scorecards, {} alerts, {} rejected and {} late records to {}",
                    finals.size(),
                    cards.size(),
                    alerts.size(),
                    dlq.size(),
                    late.size(),
                    out);
            return new Result(
                    parsedCount,
                    rejected.size(),
                    finals.size(),
                    cards.size(),
                    alerts.size(),
                    dlq.size(),
                    late.size(),
                    elapsed,
                    Duration.ofNanos(brokerStarted - started),
                    Duration.ofNanos(lastOutputWritten - firstEventRead));
        } finally {
            deleteQuietly(state);
        }
    }

    /**
     * Parses the file and encodes its events as {@code prepare} does, on {@link #PARSERS} threads, into {@code sink}
     * in the file's order; returns how many events it held.
     */
    private <R> int readEvents(
            Path file, List<RejectedRecord> rejected, Function<InputEvent, R> prepare, Consumer<R> sink)
            throws IOException, InterruptedException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (int) ParallelLines.read(r, PARSERS, prepare, sink, line -> {
                String reason = "line " + line.number() + ": " + line.reason();
                warnings.accept(reason);
                rejected.add(RejectedRecord.newBuilder()
                        .setSourceTopic(file.getFileName().toString())
                        .setPartition(-1)
                        .setOffset(line.number())
                        .setReason(reason)
                        .setValue(ByteBuffer.wrap(line.text().getBytes(StandardCharsets.UTF_8)))
                        .build());
            });
        }
    }

    /**
     * The client settings for writing the whole file at once: larger batches, lingering longer to fill them (fewer
     * produce requests for the broker to handle). 60k-event file: events written in 0.82 s against 0.92 s with the
     * producer defaults (means of five alternating runs).
     */
    private static Map<String, Object> bulkLoad(Map<String, Object> clientProperties) {
        Map<String, Object> p = new HashMap<>(clientProperties);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return p;
    }

    /**
     * Starts the application paused and lets it process only once each of its threads holds its tasks. With two
     * threads the first assignment can go to the one that joined first, and the next rebalance then moves tasks to
     * the other: a reading task moved in mid-file would start a new batch of {@link #FLUSH_RECORDS} (and lose its
     * in-memory fold buffer, which has no changelog here), so two runs would differ. Nothing is written while it
     * waits: every record is on the broker already, so the lags the tasks then wait for are final.
     */
    private static void startSettled(KafkaStreams streams) throws InterruptedException {
        streams.pause();
        streams.start();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING
                || streams.metadataForLocalThreads().stream()
                        .anyMatch(t -> t.activeTasks().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replay's stream threads did not all get their tasks within " + SETTLE
                        + " (state " + streams.state() + ")");
            }
            Thread.sleep(5); // the assignment is not announced to anyone but the threads themselves
        }
        streams.resume();
    }

    /** Sets the replay's committed offsets of {@code topic} back to its first records. */
    private static void rewind(EmbeddedKafka kafka, CatchUp catchUp, String topic) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> first = new HashMap<>();
        catchUp.partitionsOf(List.of(topic)).forEach(tp -> first.put(tp, OffsetSpec.earliest()));
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(first)
                    .all()
                    .get()
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(APP_ID, offsets).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot rewind the replay's " + topic + ": " + e.getCause().getMessage(), e);
        }
    }

    private static String internal(String name) {
        return APP_ID + "-" + name + "-repartition";
    }

    private static void awaitCaughtUp(CatchUp catchUp, List<String> topics, String what) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + WAIT.toNanos();
        List<TopicPartition> partitions = List.of();
        while (true) {
            if (partitions.size() < topics.size()) {
                partitions = catchUp.partitionsOf(topics);
            }
            long lag = partitions.size() < topics.size() ? Long.MAX_VALUE : catchUp.lag(APP_ID, partitions);
            if (lag == 0) {
                LOGGER.info("replay: {} done in {} ms", what, (System.nanoTime() - started) / 1_000_000);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replay did not finish " + what + " within " + WAIT);
            }
            // Polling a broker for progress; nothing to be notified by. Often near the end (the last commit follows
            // the end of the input at once), seldom before it, where each look costs the broker some work.
            Thread.sleep(lag > NEAR_END ? 100 : 10);
        }
    }

    private void flush(AvroPublisher publisher) {
        publisher.flush();
        Exception e = sendFailure.get();
        if (e != null) {
            throw new IllegalStateException(
                    "cannot write the replay's input to the embedded broker: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> readAll(EmbeddedKafka kafka, String topic, Deserializer<T> deserializer) {
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(deserializer.deserialize(topic, r.value()));
                }
            }
        }
        return out;
    }

    private static void write(Path file, List<? extends SpecificRecord> records) {
        List<String> lines = records.stream().map(OutputJson::line).toList();
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Folders.deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            LOGGER.warn("could not delete the replay's state folder {}", dir, e);
        }
    }
}
