package io.pulse.app.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.period.Period;
import io.pulse.io.json.OutputJson;
import io.pulse.streams.query.StateQueries;
import java.io.UncheckedIOException;

/**
 * The API's JSON: the output forms of SPEC §6 come from {@link OutputJson} (the same as {@code replay} writes), and
 * a KPI value computed on read from a stored aggregate is first made the Avro row the topology would publish for
 * that window, so both are rendered identically. Bodies are written without exponent notation.
 */
final class JsonForms {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonForms() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-line error body: {@code {"error":"..."}}. */
    static String error(String message) {
        return write(object().put("error", message));
    }

    /** The KPI value row of one window, exactly as the topology publishes it. */
    static ObjectNode kpiValue(
            Kpi kpi, io.pulse.core.kpi.KpiValue v, Scope scope, String id, Period p, boolean fin, String currency) {
        return OutputJson.kpiValue(StateQueries.row(kpi, v, scope, id, p, currency, fin));
    }
}
