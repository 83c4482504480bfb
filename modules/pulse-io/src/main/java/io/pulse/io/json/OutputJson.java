package io.pulse.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines forms of Pulse's outputs (SPEC §6), used by {@code replay}, the HTTP API and tests. Each
 * object has the fields SPEC §6 lists, in its order, then the Avro record's other fields (a KPI value's
 * {@code periodEnd} and {@code currency}; a scorecard's {@code plannedBonus} and projection; a pace alert's {@code expected}
 * and {@code projection}), so nothing the record says is lost.
 *
 * <p>Decimals are JSON numbers without the schema's trailing zeros but with at least one decimal place
 * ({@code 99.0}, {@code 1.5}, {@code 208.333333}), never in exponent form; absent values stay {@code null};
 * times are ISO-8601 instants; rejected records' original key and value are base64.
 */
public final class OutputJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OutputJson() {}

    /** One line for any output record: KpiValue, Scorecard, Alert or RejectedRecord. */
    public static String line(SpecificRecord record) {
        return write(node(record));
    }

    /** The JSON object of any output record: KpiValue, Scorecard, Alert or RejectedRecord. */
    public static ObjectNode node(SpecificRecord record) {
        if (record instanceof KpiValue v) {
            return kpiValue(v);
        }
        if (record instanceof Scorecard s) {
            return scorecard(s);
        }
        if (record instanceof Alert a) {
            return alert(a);
        }
        if (record instanceof RejectedRecord r) {
            return rejected(r);
        }
        throw new IllegalArgumentException("not an output record: "
                + (record == null ? "null" : record.getSchema().getFullName()));
    }

    /** {@code kpi, scope, scopeId, period, periodStart, value, numerator, denominator, unit, final}, then {@code periodEnd, currency}. */
    public static ObjectNode kpiValue(KpiValue v) {
        ObjectNode o = NODES.objectNode();
        o.put("kpi", v.getKpi());
        o.put("scope", v.getScope());
        o.put("scopeId", v.getScopeId());
        o.put("period", v.getPeriod());
        o.put("periodStart", v.getPeriodStart());
        o.set("value", number(v.getValue()));
        o.set("numerator", number(v.getNumerator()));
        o.set("denominator", number(v.getDenominator()));
        o.put("unit", v.getUnit());
        o.put("final", v.getFinal$());
        o.put("periodEnd", v.getPeriodEnd());
        o.put("currency", v.getCurrency());
        return o;
    }

    /**
     * {@code scope, scopeId, period, periodStart, bonusModel, items[], totalFulfillment, bonus, baseSalary, payout,
     * final}, then {@code periodEnd, plannedBonus, currency, projectedTotalFulfillment, projectedBonus}; each item
     * {@code kpi, fact, target, threshold, challenge, weight, fulfillment, coefficient}, then
     * {@code scoring, expected, projected} (the pace's value expected by now and the projection to the period's end).
     */
    public static ObjectNode scorecard(Scorecard s) {
        ObjectNode o = NODES.objectNode();
        o.put("scope", s.getScope());
        o.put("scopeId", s.getScopeId());
        o.put("period", s.getPeriod());
        o.put("periodStart", s.getPeriodStart());
        o.put("bonusModel", s.getBonusModel());
        ArrayNode items = o.putArray("items");
        for (ScorecardItem i : s.getItems()) {
            ObjectNode item = items.addObject();
            item.put("kpi", i.getKpi());
            item.set("fact", number(i.getFact()));
            item.set("target", number(i.getTarget()));
            item.set("threshold", number(i.getThreshold()));
            item.set("challenge", number(i.getChallenge()));
            item.set("weight", number(i.getWeight()));
            item.set("fulfillment", number(i.getFulfillment()));
            item.set("coefficient", number(i.getCoefficient()));
            item.put("scoring", i.getScoring());
            item.set("expected", number(i.getExpected()));
            item.set("projected", number(i.getProjected()));
        }
        o.set("totalFulfillment", number(s.getTotalFulfillment()));
        o.set("bonus", number(s.getBonus()));
        o.set("baseSalary", number(s.getBaseSalary()));
        o.set("payout", number(s.getPayout()));
        o.put("final", s.getFinal$());
        o.put("periodEnd", s.getPeriodEnd());
        o.set("plannedBonus", number(s.getPlannedBonus()));
        o.put("currency", s.getCurrency());
        o.set("projectedTotalFulfillment", number(s.getProjectedTotalFulfillment()));
        o.set("projectedBonus", number(s.getProjectedBonus()));
        return o;
    }

    /**
     * {@code alertId, type, severity, rule, kpi, scope, scopeId, period, periodStart, value, limit, at, message},
     * then {@code expected, projection} (pace alerts).
     */
    public static ObjectNode alert(Alert a) {
        ObjectNode o = NODES.objectNode();
        o.put("alertId", a.getAlertId());
        o.put("type", a.getType());
        o.put("severity", a.getSeverity());
        o.put("rule", a.getRule());
        o.put("kpi", a.getKpi());
        o.put("scope", a.getScope());
        o.put("scopeId", a.getScopeId());
        o.put("period", a.getPeriod());
        o.put("periodStart", a.getPeriodStart());
        o.set("value", number(a.getValue()));
        o.set("limit", number(a.getLimit()));
        o.set("at", instant(a.getAt()));
        o.put("message", a.getMessage());
        o.set("expected", number(a.getExpected()));
        o.set("projection", number(a.getProjection()));
        return o;
    }

    /**
     * A dead-letter or late record: {@code topic, partition, offset, timestamp, type, eventId, reason, key, value},
     * the original key and value in base64.
     */
    public static ObjectNode rejected(RejectedRecord r) {
        ObjectNode o = NODES.objectNode();
        o.put("topic", r.getSourceTopic());
        o.put("partition", r.getPartition());
        o.put("offset", r.getOffset());
        o.set("timestamp", instant(r.getRecordTimestamp()));
        o.put("type", r.getEventType());
        o.put("eventId", r.getEventId());
        o.put("reason", r.getReason());
        o.set("key", base64(r.getKey()));
        o.set("value", base64(r.getValue()));
        return o;
    }

    /**
     * A decimal as a JSON number: trailing zeros dropped, at least one decimal place ({@code 99.000000} is
     * {@code 99.0}), {@code null} for null.
     */
    public static JsonNode number(BigDecimal d) {
        if (d == null) {
            return NullNode.getInstance();
        }
        BigDecimal n = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (n.scale() < 1) {
            n = n.setScale(1);
        }
        return DecimalNode.valueOf(n);
    }

    /** One compact line of JSON. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode instant(Instant at) {
        return at == null ? NullNode.getInstance() : NODES.textNode(at.toString());
    }

    private static JsonNode base64(ByteBuffer bytes) {
        if (bytes == null) {
            return NullNode.getInstance();
        }
        ByteBuffer b = bytes.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return NODES.textNode(Base64.getEncoder().encodeToString(out));
    }
}
