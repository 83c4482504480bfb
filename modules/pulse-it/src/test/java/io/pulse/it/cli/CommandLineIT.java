package io.pulse.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulse.avro.control.DirectoryEntry;
import io.pulse.avro.control.Plan;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.plan.PlanLoader;
import io.pulse.dev.Main;
import io.pulse.dev.sim.Simulator;
import io.pulse.io.control.ControlRecords;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands of the executable jar against a real broker, read back from the topics they write. */
@WithKafkaCluster
class CommandLineIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String PLANS = """
            - scope: employee
              id: e-017
              period: month
              baseSalary: 60000
              plannedBonus: 50000
              kpis:
                - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                - { kpi: new_customers, target: 5, weight: 0.3 }
                - { kpi: aov, target: 200000.125, weight: 0.2 }
            - scope: team
              id: north
              period: day
              bonusModel: cumulative
              baseSalary: 1000
              kpis:
                - { kpi: orders, target: 40 }
            """;

    private static final String EVENTS = """
            {"type":"impression","eventId":"i-1","occurredAt":"2026-11-02T09:00:00Z","campaignId":"c-9","cost":0.0035}
            {"type":"click","eventId":"c-1","occurredAt":"2026-11-02T09:00:01Z","campaignId":"c-9","channel":"search","cost":"1.20"}
            {"type":"foo","eventId":"x-1"}

            {"type":"order","eventId":"o-1","occurredAt":"2026-11-02T09:15:00+03:00","customerId":"cu-1","revenue":1200.5,"employeeId":"e-017","newCustomer":true}
            {"type":"order","eventId":"o-2"
            {"type":"nps","eventId":"n-1","occurredAt":"2026-11-02T10:00:00Z","score":9,"employeeId":"e-017"}
            {"type":"ticket","eventId":"t-1","occurredAt":"2026-11-02T10:00:00Z","ticketId":"T-1","status":"opened"}
            """;

    @TempDir
    Path dir;

    /** A configuration for this test alone: its own topic prefix and in-JVM schema registry. */
    private record Setup(Path config, String prefix, String registry) {
        RegistryAvroSerdes serdes() {
            return new RegistryAvroSerdes(Map.of("schema.registry.url", registry));
        }
    }

    private Setup setup(KafkaCluster kafka, String name) throws Exception {
        String prefix = kafka.uniqueName(name) + ".";
        String registry = "mem://" + kafka.uniqueName(name + "-registry");
        Path config = Files.writeString(
                dir.resolve(name + ".yaml"), """
                currency: RUB
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: %s
                streams:
                  topicPrefix: %s
                  partitions: 2
                  replicationFactor: 1
                """.formatted(kafka.bootstrapServers(), registry, prefix));
        return new Setup(config, prefix, registry);
    }

    /** What one run of the command line printed and returned. */
    private record Result(int exitCode, String out, String err) {}

    private static Result pulse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldCreateTopicsAndPublishPlansDirectoryAndEvents(KafkaCluster kafka) throws Exception {
        // Given
        Setup setup = setup(kafka, "cli");
        String config = setup.config().toString();

        // When: topics, twice
        Result created = pulse("topics", "create", "--config", config);
        Result again = pulse("topics", "create", "--config", config);

        // Then
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out())
                .contains("created " + setup.prefix() + "plans")
                .contains("created " + setup.prefix() + "events.by-id")
                .contains("19 topics created");
        assertThat(again.out()).contains("0 topics created, 19 already existed");

        // When: plans and the directory
        Path plans = Files.writeString(dir.resolve("plans.yaml"), PLANS);
        Path directory = Files.writeString(
                dir.resolve("dir.yaml"), "- { employee: e-017, team: north }\n- { employee: e-018, team: south }\n");
        Result plansLoaded = pulse("plans", "load", "--config", config, plans.toString());
        Result directoryLoaded = pulse("directory", "load", "--config", config, directory.toString());

        // Then: Avro on the compacted topics, keyed as the topology reads them
        assertThat(plansLoaded.exitCode()).as(plansLoaded.err()).isZero();
        assertThat(plansLoaded.out()).isEqualTo("published 2 plans to " + setup.prefix() + "plans\n");
        assertThat(directoryLoaded.out())
                .isEqualTo("published 2 directory entries to " + setup.prefix() + "directory\n");
        Map<String, SpecificRecord> planRecords = read(kafka, setup, setup.prefix() + "plans", Plan.class, 2);
        List<io.pulse.core.plan.Plan> expected = new PlanLoader(KpiCatalog.builtIn()).load(PLANS);
        assertThat(planRecords)
                .containsExactly(
                        Map.entry("employee|e-017|month", ControlRecords.plan(expected.get(0))),
                        Map.entry("team|north|day", ControlRecords.plan(expected.get(1))));
        assertThat(((Plan) planRecords.get("employee|e-017|month"))
                        .getKpis()
                        .get(2)
                        .getTarget())
                .isEqualByComparingTo("200000.125");
        Map<String, SpecificRecord> entries = read(kafka, setup, setup.prefix() + "directory", DirectoryEntry.class, 2);
        assertThat(entries)
                .containsEntry("e-017", new DirectoryEntry("e-017", "north", null))
                .containsEntry("e-018", new DirectoryEntry("e-018", "south", null));

        // When: events, two lines of them bad
        Path events = Files.writeString(dir.resolve("events.jsonl"), EVENTS);
        Result produced = pulse("produce", "--config", config, events.toString());

        // Then: the bad lines are named and counted, the good ones are on their topics keyed by eventId
        assertThat(produced.exitCode()).isEqualTo(1);
        List<String> problems = produced.err().lines().toList();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .isEqualTo("line 3: unknown type 'foo': expected one of impression, click, spend, "
                        + "session, lead, order, refund, ticket, nps");
        assertThat(problems.get(1)).startsWith("line 6: not valid JSON: ");
        assertThat(produced.out())
                .startsWith("produced 5 events to " + setup.prefix() + "events.* (impression 1, "
                        + "click 1, order 1, ticket 1, nps 1) in ")
                .endsWith("; 2 bad lines skipped\n");
        for (String line : EVENTS.lines()
                .filter(l -> l.endsWith("}") && !l.contains("\"foo\""))
                .toList()) {
            InputEvent event = EventJson.parse(line);
            Map<String, SpecificRecord> onTopic = read(
                    kafka,
                    setup,
                    Topics.eventTopic(setup.prefix(), event.type()),
                    event.type().avroClass(),
                    1);
            assertThat(onTopic).containsExactly(Map.entry(event.eventId(), event.value()));
        }

        // When: the plans are deleted
        Result deleted = pulse("plans", "load", "--delete", "--config", config, plans.toString());

        // Then: tombstones for their keys
        assertThat(deleted.out()).isEqualTo("deleted 2 plans from " + setup.prefix() + "plans\n");
        Map<String, SpecificRecord> latest = read(kafka, setup, setup.prefix() + "plans", Plan.class, 4);
        assertThat(latest).containsOnlyKeys("employee|e-017|month", "team|north|day");
        assertThat(latest.values()).containsOnlyNulls();
    }

    @Test
    void shouldRefuseToProduceBeforeTheTopicsExist(KafkaCluster kafka) throws Exception {
        Setup setup = setup(kafka, "cli-missing");
        Path events = Files.writeString(dir.resolve("events.jsonl"), EVENTS);

        Result result = pulse("produce", "--config", setup.config().toString(), events.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines())
                .singleElement()
                .asString()
                .startsWith("pulse: topics " + setup.prefix() + "events.click, ")
                .endsWith(" do not exist; create Pulse's topics with 'pulse topics create'");
    }

    @Test
    void shouldSimulateRealisticLoadAgainstTheCluster(KafkaCluster kafka) throws Exception {
        // Given
        Setup setup = setup(kafka, "cli-sim");
        assertThat(pulse("topics", "create", "--config", setup.config().toString())
                        .exitCode())
                .isZero();

        // When
        Result result = pulse(
                "simulate",
                "--config",
                setup.config().toString(),
                "--rate",
                "5000/s",
                "--count",
                "400",
                "--seed",
                "7",
                "--flat",
                "--with-directory");

        // Then
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("seed 7")
                .contains("published 11 directory entries")
                .contains("simulated 400 events");
        int total = 0;
        for (EventType type : EventType.values()) {
            total += count(kafka, Topics.eventTopic(setup.prefix(), type));
        }
        assertThat(total).isEqualTo(400);
        assertThat(read(
                        kafka,
                        setup,
                        setup.prefix() + "directory",
                        DirectoryEntry.class,
                        Simulator.directory().size()))
                .hasSize(Simulator.directory().size());
    }

    /** The latest value per key of a topic, decoded; waits until {@code records} records were read. */
    private static Map<String, SpecificRecord> read(
            KafkaCluster kafka, Setup setup, String topic, Class<? extends SpecificRecord> type, int records) {
        List<ConsumerRecord<String, byte[]>> all = poll(kafka, topic, records);
        Map<String, SpecificRecord> latest = new LinkedHashMap<>();
        var deserializer = setup.serdes().valueSerde(type).deserializer();
        for (ConsumerRecord<String, byte[]> r : all) {
            latest.put(r.key(), r.value() == null ? null : deserializer.deserialize(topic, r.value()));
        }
        return latest;
    }

    private static int count(KafkaCluster kafka, String topic) {
        return poll(kafka, topic, 0).size();
    }

    private static List<ConsumerRecord<String, byte[]>> poll(KafkaCluster kafka, String topic, int atLeast) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("cli-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("records on " + topic).atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast
                        && consumer.assignment().size() > 0
                        && consumer.assignment().stream()
                                .allMatch(tp -> consumer.position(tp)
                                        >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return records;
    }
}
