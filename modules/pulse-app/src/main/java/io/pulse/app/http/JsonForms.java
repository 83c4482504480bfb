package io.pulse.app.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.period.Period;
import io.pulse.streams.state.WindowKey;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The JSON forms of SPEC §6 for the outputs the API serves: KPI values (from the output topic or computed from a
 * stored aggregate, identical for the same window), scorecards and alerts. Numbers are exact decimals at the
 * outputs' scale (6 places, half-even) without trailing zeros, never in exponent notation.
 *
 * <p>Written here because {@code io.pulse.app.json.OutputJson} did not exist yet when the API was built; the
 * field lists follow SPEC §6 in its order, so the two agree.
 */
public final class JsonForms {
    /** The scale of every decimal in Pulse's Avro outputs. */
    static final int SCALE = io.pulse.core.kpi.KpiValue.SCALE;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonForms() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-line error body: {@code {"error":"..."}}. */
    public static String error(String message) {
        return write(object().put("error", message));
    }

    /** A KPI value row from the {@code kpi.values} or {@code kpi.final} topic. */
    public static ObjectNode kpiValue(KpiValue v) {
        ObjectNode n = object();
        n.put("kpi", v.getKpi());
        n.put("scope", v.getScope());
        n.put("scopeId", v.getScopeId());
        n.put("period", v.getPeriod());
        n.put("periodStart", v.getPeriodStart());
        n.put("value", decimal(v.getValue()));
        n.put("numerator", decimal(v.getNumerator()));
        n.put("denominator", decimal(v.getDenominator()));
        n.put("unit", v.getUnit());
        n.put("final", v.getFinal$());
        return n;
    }

    /** A KPI value computed from a stored aggregate: the same row the topology publishes for that window. */
    static ObjectNode kpiValue(Kpi kpi, io.pulse.core.kpi.KpiValue v, WindowKey wk, Period p, boolean fin) {
        ObjectNode n = object();
        n.put("kpi", kpi.id());
        n.put("scope", wk.scope().id());
        n.put("scopeId", wk.id());
        n.put("period", wk.kind().id());
        n.put("periodStart", p.name());
        n.put("value", decimal(v.value()));
        n.put("numerator", decimal(v.numerator()));
        n.put("denominator", decimal(v.denominator()));
        n.put("unit", kpi.unit().id());
        n.put("final", fin);
        return n;
    }

    public static ObjectNode scorecard(Scorecard s) {
        ObjectNode n = object();
        n.put("scope", s.getScope());
        n.put("scopeId", s.getScopeId());
        n.put("period", s.getPeriod());
        n.put("periodStart", s.getPeriodStart());
        n.put("bonusModel", s.getBonusModel());
        ArrayNode items = n.putArray("items");
        for (ScorecardItem i : s.getItems()) {
            ObjectNode item = items.addObject();
            item.put("kpi", i.getKpi());
            item.put("fact", decimal(i.getFact()));
            item.put("target", decimal(i.getTarget()));
            item.put("threshold", decimal(i.getThreshold()));
            item.put("challenge", decimal(i.getChallenge()));
            item.put("weight", decimal(i.getWeight()));
            item.put("fulfillment", decimal(i.getFulfillment()));
            item.put("coefficient", decimal(i.getCoefficient()));
        }
        n.put("totalFulfillment", decimal(s.getTotalFulfillment()));
        n.put("bonus", decimal(s.getBonus()));
        n.put("baseSalary", decimal(s.getBaseSalary()));
        n.put("payout", decimal(s.getPayout()));
        n.put("final", s.getFinal$());
        return n;
    }

    public static ObjectNode alert(Alert a) {
        ObjectNode n = object();
        n.put("alertId", a.getAlertId());
        n.put("type", a.getType());
        n.put("severity", a.getSeverity());
        n.put("rule", a.getRule());
        n.put("kpi", a.getKpi());
        n.put("scope", a.getScope());
        n.put("scopeId", a.getScopeId());
        n.put("period", a.getPeriod());
        n.put("periodStart", a.getPeriodStart());
        n.put("value", decimal(a.getValue()));
        n.put("limit", decimal(a.getLimit()));
        n.put("at", a.getAt() == null ? null : a.getAt().toString());
        n.put("message", a.getMessage());
        return n;
    }

    /** At the outputs' scale, then without trailing zeros: 1.000000 is written 1, 208.333333 stays. */
    static BigDecimal decimal(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal scaled = d.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return scaled.signum() == 0 ? BigDecimal.ZERO : scaled;
    }
}
