package io.pulse.dev.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.avro.control.Plan;
import io.pulse.avro.control.PlanKpi;
import io.pulse.avro.control.PlanStep;
import io.pulse.avro.events.NpsEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.RefundEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.serde.AvroDeserializer;
import io.pulse.serde.AvroSerdeConfig;
import io.pulse.serde.AvroSerializer;
import io.pulse.serde.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-exact compatibility with an independent implementation of the Confluent wire format:
 * {@code @kafkajs/confluent-schema-registry} over {@code avsc}, run by node from
 * {@code modules/pulse-it/src/test/node}, against the development registry over HTTP. Skipped,
 * with the reason, when node or the npm packages are not installed ({@code .ci/run} installs them).
 */
class NodeWireCompatibilityTest {

    private static final Path NODE_DIR =
            Path.of("../pulse-it/src/test/node").toAbsolutePath().normalize();
    private static final Path SCHEMAS =
            Path.of("../../schemas").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Instant AT = Instant.parse("2026-11-02T09:15:30.123Z");

    @TempDir
    Path work;

    @Test
    void shouldAgreeByteForByteWithTheNpmConfluentClient() throws Exception {
        requireNode();
        Map<String, SpecificRecord> samples = samples();

        try (DevSchemaRegistryServer server = DevSchemaRegistryServer.start(new InMemorySchemaStore())) {
            // Given Pulse's bytes for every sample, and the same records for node to encode itself
            AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, server.url()));
            AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(config, false);
            Map<String, byte[]> pulseBytes = new LinkedHashMap<>();
            ObjectNode input = JSON.createObjectNode();
            ArrayNode decode = input.putArray("decode");
            ArrayNode encode = input.putArray("encode");
            for (Map.Entry<String, SpecificRecord> sample : samples.entrySet()) {
                byte[] bytes = serializer.serialize("xcheck." + sample.getKey(), sample.getValue());
                pulseBytes.put(sample.getKey(), bytes);
                decode.addObject().put("name", sample.getKey()).put("hex", HEX.formatHex(bytes));
                encode.addObject()
                        .put("name", sample.getKey())
                        .put("subject", "xcheck.node." + sample.getKey() + "-value")
                        .put("schema", Files.readString(schemaFile(sample.getValue())))
                        .set("value", canonical(sample.getValue()));
            }

            // When node decodes Pulse's bytes, re-encodes them, and encodes the records on its own
            JsonNode output = runNode(server.url(), input);

            // Then it read every value exactly as Pulse wrote it, and wrote the very same bytes
            assertThat(output.get("decoded")).hasSize(samples.size());
            for (JsonNode decoded : output.get("decoded")) {
                String name = decoded.get("name").asText();
                assertThat(decoded.get("value"))
                        .as("node's reading of %s", name)
                        .isEqualTo(normalized(canonical(samples.get(name))));
                assertThat(decoded.get("reencodedHex").asText())
                        .as("node's re-encoding of %s", name)
                        .isEqualTo(HEX.formatHex(pulseBytes.get(name)));
            }
            // And what node encoded from the .avsc file got Pulse's schema id and bytes, and decodes in Pulse
            AvroDeserializer<Object> deserializer = new AvroDeserializer<>(
                    AvroSerdeConfig.fromMap(Map.of(
                            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                            server.url(),
                            AvroSerdeConfig.SPECIFIC_AVRO_READER,
                            "true")),
                    false);
            assertThat(output.get("encoded")).hasSize(samples.size());
            for (JsonNode encoded : output.get("encoded")) {
                String name = encoded.get("name").asText();
                byte[] nodeBytes = HEX.parseHex(encoded.get("hex").asText());
                assertThat(encoded.get("id").asInt())
                        .as("schema id node got for %s", name)
                        .isEqualTo(WireFormat.readSchemaId("xcheck", pulseBytes.get(name)));
                assertThat(nodeBytes).as("node's own encoding of %s", name).isEqualTo(pulseBytes.get(name));
                assertThat(deserializer.deserialize("xcheck.node", nodeBytes))
                        .as("Pulse's reading of node's %s", name)
                        .usingRecursiveComparison()
                        .isEqualTo(samples.get(name));
            }
        }
    }

    private static Map<String, SpecificRecord> samples() {
        Map<String, SpecificRecord> samples = new LinkedHashMap<>();
        samples.put(
                "order-full",
                OrderEvent.newBuilder()
                        .setEventId("o-1")
                        .setOccurredAt(AT)
                        .setCustomerId("клиент-7")
                        .setRevenue(new BigDecimal("1999.9900"))
                        .setCost(new BigDecimal("1234.5678"))
                        .setEmployeeId("e-017")
                        .setCampaignId("c-9")
                        .setChannel("search")
                        .setNewCustomer(true)
                        .setCurrency("RUB")
                        .build());
        samples.put(
                "order-minimal",
                OrderEvent.newBuilder()
                        .setEventId("o-2")
                        .setOccurredAt(Instant.EPOCH)
                        .setCustomerId("c")
                        .setRevenue(new BigDecimal("0.0000"))
                        .build());
        samples.put(
                "refund-large",
                RefundEvent.newBuilder()
                        .setEventId("r-1")
                        .setOccurredAt(AT)
                        .setAmount(new BigDecimal("9999999999999999.9999"))
                        .setOrderId("o-1")
                        .build());
        samples.put(
                "ticket-resolved",
                TicketEvent.newBuilder()
                        .setEventId("t-1")
                        .setOccurredAt(AT)
                        .setTicketId("T-1")
                        .setStatus(TicketStatus.resolved)
                        .setOpenedAt(AT.minusSeconds(3600))
                        .setFirstContact(true)
                        .setCsat(5)
                        .build());
        samples.put(
                "nps",
                NpsEvent.newBuilder()
                        .setEventId("n-1")
                        .setOccurredAt(AT)
                        .setScore(10)
                        .setCustomerId("c-1")
                        .build());
        samples.put(
                "kpi-value",
                KpiValue.newBuilder()
                        .setKpi("romi")
                        .setScope("campaign")
                        .setScopeId("c-9")
                        .setPeriod("day")
                        .setPeriodStart("2026-11-02T00:00+03:00")
                        .setPeriodEnd("2026-11-03T00:00+03:00")
                        .setValue(new BigDecimal("-12.345678"))
                        .setNumerator(new BigDecimal("-1234.567800"))
                        .setDenominator(new BigDecimal("10000.000000"))
                        .setUnit("percent")
                        .setFinal$(true)
                        .build());
        samples.put(
                "scorecard",
                Scorecard.newBuilder()
                        .setScope("employee")
                        .setScopeId("e-017")
                        .setPeriod("month")
                        .setPeriodStart("2026-11-01T00:00+03:00")
                        .setPeriodEnd("2026-12-01T00:00+03:00")
                        .setBonusModel("weighted")
                        .setItems(List.of(
                                ScorecardItem.newBuilder()
                                        .setKpi("gross_profit")
                                        .setFact(new BigDecimal("900000.000000"))
                                        .setTarget(new BigDecimal("1000000.000000"))
                                        .setWeight(new BigDecimal("0.500000"))
                                        .setScoring("ratio")
                                        .setFulfillment(new BigDecimal("90.000000"))
                                        .setCoefficient(new BigDecimal("0.900000"))
                                        .build(),
                                ScorecardItem.newBuilder()
                                        .setKpi("cpl")
                                        .setTarget(new BigDecimal("1000.000000"))
                                        .setScoring("inverse_linear")
                                        .build()))
                        .setTotalFulfillment(new BigDecimal("99.000000"))
                        .setBonus(new BigDecimal("49500.000000"))
                        .setBaseSalary(new BigDecimal("60000.000000"))
                        .setPayout(new BigDecimal("109500.000000"))
                        .build());
        samples.put(
                "rejected",
                RejectedRecord.newBuilder()
                        .setSourceTopic("pulse.events.order")
                        .setPartition(2)
                        .setOffset(42L)
                        .setRecordTimestamp(AT)
                        .setKey(ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}))
                        .setValue(ByteBuffer.wrap("{\"type\":\"order\"}".getBytes(StandardCharsets.UTF_8)))
                        .setReason("revenue is negative")
                        .build());
        samples.put(
                "plan",
                Plan.newBuilder()
                        .setScope("employee")
                        .setId("e-017")
                        .setPeriod("month")
                        .setPlannedBonus(new BigDecimal("50000.000000"))
                        .setKpis(List.of(PlanKpi.newBuilder()
                                .setKpi("revenue")
                                .setTarget(new BigDecimal("300000.000000"))
                                .setScoring("steps")
                                .setSteps(List.of(
                                        PlanStep.newBuilder()
                                                .setFrom(new BigDecimal("0.000000"))
                                                .setCoef(new BigDecimal("0.000000"))
                                                .build(),
                                        PlanStep.newBuilder()
                                                .setFrom(new BigDecimal("100000.000000"))
                                                .setCoef(new BigDecimal("0.500000"))
                                                .build()))
                                .build()))
                        .build());
        return samples;
    }

    /** The JSON form both sides agree on (see crosscheck.js). */
    private static JsonNode canonical(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            ObjectNode object = JSON.createObjectNode();
            record.getSchema().getFields().forEach(f -> object.set(f.name(), canonical(record.get(f.pos()))));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.createArrayNode();
            list.forEach(v -> array.add(canonical(v)));
            return array;
        }
        if (value instanceof BigDecimal decimal) {
            return JSON.getNodeFactory().textNode(decimal.toPlainString());
        }
        if (value instanceof Instant instant) {
            return JSON.getNodeFactory().numberNode(instant.toEpochMilli());
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return JSON.getNodeFactory().textNode(HEX.formatHex(bytes));
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
            return JSON.getNodeFactory().textNode(value.toString());
        }
        return JSON.valueToTree(value);
    }

    private static JsonNode normalized(JsonNode node) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    private static Path schemaFile(SpecificRecord record) {
        String namespace = record.getSchema().getNamespace();
        return SCHEMAS.resolve(namespace.substring(namespace.lastIndexOf('.') + 1))
                .resolve(record.getSchema().getName() + ".avsc");
    }

    private JsonNode runNode(String registryUrl, JsonNode input) throws Exception {
        Path in = work.resolve("input.json");
        Path out = work.resolve("output.json");
        Files.writeString(in, JSON.writeValueAsString(input));
        Process process = new ProcessBuilder("node", "crosscheck.js", registryUrl, in.toString(), out.toString())
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished && process.exitValue() == 0)
                .as("node crosscheck.js: %s", log)
                .isTrue();
        return JSON.readTree(out.toFile());
    }

    private static void requireNode() {
        Assumptions.assumeTrue(
                Files.isDirectory(NODE_DIR.resolve("node_modules/@kafkajs/confluent-schema-registry")),
                "skipped: npm packages missing; run `npm ci` in " + NODE_DIR + " (.ci/run does)");
        boolean nodeRuns;
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            nodeRuns = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            nodeRuns = false;
        }
        Assumptions.assumeTrue(nodeRuns, "skipped: `node` is not on the PATH");
    }
}
