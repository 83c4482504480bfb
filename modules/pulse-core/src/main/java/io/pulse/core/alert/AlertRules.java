package io.pulse.core.alert;

import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the threshold rules of the configuration's {@code alerts:} list (SPEC §7) as the YAML reader delivers
 * them: one map per rule with {@code name, kpi, scope, period | window, condition, minSample {measure, count},
 * severity}. Errors are one line naming the rule (its name, or its 1-based position) and the key.
 */
public final class AlertRules {
    private static final Set<String> KEYS =
            Set.of("name", "kpi", "scope", "period", "window", "condition", "minSample", "severity");
    private static final String KEY_LIST = "name, kpi, scope, period, window, condition, minSample, severity";
    private static final Set<String> SAMPLE_KEYS = Set.of("measure", "count");

    private AlertRules() {}

    /**
     * @throws IllegalArgumentException one line naming the rule and the key
     */
    public static List<ThresholdRule> parse(List<Map<String, Object>> rules, KpiCatalog catalog) {
        if (rules == null) {
            return List.of();
        }
        List<ThresholdRule> out = new ArrayList<>(rules.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ThresholdRule rule = parseOne(i + 1, rules.get(i), catalog);
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(
                        "alert rule '" + rule.name() + "': the name is used by another rule");
            }
            out.add(rule);
        }
        return List.copyOf(out);
    }

    private static ThresholdRule parseOne(int position, Map<String, Object> map, KpiCatalog catalog) {
        String where = "alert rule #" + position;
        if (map == null) {
            throw new IllegalArgumentException(where + ": expected a map with " + KEY_LIST);
        }
        Object rawName = map.get("name");
        if (rawName instanceof String s && !s.isBlank()) {
            where = "alert rule '" + s.strip() + "'";
        }
        for (String key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known: " + KEY_LIST + ")");
            }
        }
        String name = requiredText(where, map, "name");
        String kpi = requiredText(where, map, "kpi");
        if (!catalog.contains(kpi)) {
            throw new IllegalArgumentException(where + ": 'kpi': unknown KPI '" + kpi + "'");
        }
        Scope scope = parsed(where, "scope", requiredText(where, map, "scope"), Scope::parse);
        String periodText = text(where, map, "period");
        String windowText = text(where, map, "window");
        if ((periodText == null) == (windowText == null)) {
            throw new IllegalArgumentException(
                    where + ": set exactly one of 'period' (hour, day, ...) or 'window' (e.g. PT60M)");
        }
        PeriodKind period = periodText == null ? null : parsed(where, "period", periodText, PeriodKind::parse);
        Duration window = windowText == null ? null : window(where, windowText);
        Condition condition = parsed(where, "condition", requiredText(where, map, "condition"), Condition::parse);
        MinSample minSample = minSample(where, map.get("minSample"));
        String severityText = text(where, map, "severity");
        Severity severity =
                severityText == null ? Severity.WARNING : parsed(where, "severity", severityText, Severity::parse);
        return new ThresholdRule(name, kpi, scope, period, window, condition, minSample, severity);
    }

    private static Duration window(String where, String text) {
        try {
            Duration d = Duration.parse(text.strip());
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(where + ": 'window' must be positive, got " + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    where + ": 'window' must be an ISO-8601 duration such as PT60M, got '" + text + "'");
        }
    }

    private static MinSample minSample(String where, Object raw) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(
                    where + ": 'minSample' must be a map { measure: ..., count: ... }, got " + raw);
        }
        for (Object key : m.keySet()) {
            if (!SAMPLE_KEYS.contains(String.valueOf(key))) {
                throw new IllegalArgumentException(
                        where + ": 'minSample': unknown key '" + key + "' (known: measure, count)");
            }
        }
        Object measureName = m.get("measure");
        if (!(measureName instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(where + ": 'minSample.measure' is required");
        }
        Measure measure = Measure.byId(s.strip())
                .orElseThrow(() ->
                        new IllegalArgumentException(where + ": 'minSample.measure': unknown measure '" + s + "'"));
        Object count = m.get("count");
        long n;
        try {
            n = count instanceof Number num
                    ? new BigDecimal(num.toString()).longValueExact()
                    : new BigDecimal(String.valueOf(count).strip()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": 'minSample.count' must be a whole number, got " + count);
        }
        if (n < 0) {
            throw new IllegalArgumentException(where + ": 'minSample.count' must not be negative, got " + n);
        }
        return new MinSample(measure, n);
    }

    private static String text(String where, Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s.isBlank() ? null : s.strip();
        }
        throw new IllegalArgumentException(where + ": '" + key + "' must be text, got " + v);
    }

    private static String requiredText(String where, Map<String, Object> map, String key) {
        String s = text(where, map, key);
        if (s == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return s;
    }

    private static <T> T parsed(String where, String key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + key + "': " + e.getMessage());
        }
    }
}
