package io.pulse.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();

    /** The {@code alerts:} list of SPEC §7 plus a windowed rule. */
    private static final String SPEC_ALERTS = """
            - name: high-bounce
              kpi: bounce_rate
              scope: campaign
              period: day                   # or window: PT60M for a sliding window
              condition: "> 40"
              minSample: { measure: sessions, count: 100 }
              severity: warning
            - name: negative-romi
              kpi: romi
              scope: campaign
              window: PT60M
              condition: "< 0"
            """;

    private static List<Map<String, Object>> yaml(String text) throws Exception {
        return new YAMLMapper().readValue(text, new TypeReference<>() {});
    }

    private static Map<String, Object> rule(Object... keyValues) {
        Map<String, Object> m = new HashMap<>(
                Map.of("name", "r", "kpi", "ctr", "scope", "campaign", "period", "day", "condition", "> 1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                m.remove((String) keyValues[i]);
            } else {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    @Test
    void shouldParseTheSpecAlertRules() throws Exception {
        // Given / When
        List<ThresholdRule> rules = AlertRules.parse(yaml(SPEC_ALERTS), CATALOG);

        // Then
        assertThat(rules)
                .containsExactly(
                        new ThresholdRule(
                                "high-bounce",
                                "bounce_rate",
                                Scope.CAMPAIGN,
                                PeriodKind.DAY,
                                null,
                                Condition.parse("> 40"),
                                new MinSample(Measure.SESSIONS, 100),
                                Severity.WARNING),
                        new ThresholdRule(
                                "negative-romi",
                                "romi",
                                Scope.CAMPAIGN,
                                null,
                                Duration.ofMinutes(60),
                                Condition.parse("< 0"),
                                null,
                                Severity.WARNING));
        assertThat(rules.get(1).isWindowed()).isTrue();
    }

    @Test
    void shouldHoldOnlyOnASufficientSample() throws Exception {
        // Given
        ThresholdRule highBounce = AlertRules.parse(yaml(SPEC_ALERTS), CATALOG).get(0);
        MeasureVector small = MeasureVector.builder()
                .add(Measure.SESSIONS, 99)
                .add(Measure.BOUNCES, 60)
                .build();
        MeasureVector enough = MeasureVector.builder()
                .add(Measure.SESSIONS, 100)
                .add(Measure.BOUNCES, 60)
                .build();

        // When / Then
        BigDecimal sixty = new BigDecimal("60");
        assertThat(highBounce.holds(sixty, small)).isFalse();
        assertThat(highBounce.holds(sixty, enough)).isTrue();
        assertThat(new MinSample(Measure.SPEND, 10)
                        .satisfiedBy(MeasureVector.builder()
                                .add(Measure.SPEND, new BigDecimal("10.00"))
                                .build()))
                .isTrue();
    }

    @Test
    void shouldRejectBadRulesWithOneLineNamingTheRuleAndKey() {
        // Given / When / Then
        assertRejected(
                rule("treshold", "> 4"),
                "alert rule 'r': unknown key 'treshold' (known: name, kpi, scope, period, window, condition, minSample, severity)");
        assertRejected(rule("name", null), "alert rule #1: 'name' is required");
        assertRejected(rule("kpi", "bounce"), "alert rule 'r': 'kpi': unknown KPI 'bounce'");
        assertRejected(
                rule("window", "PT5M"),
                "alert rule 'r': set exactly one of 'period' (hour, day, ...) or 'window' (e.g. PT60M)");
        assertRejected(
                rule("period", null),
                "alert rule 'r': set exactly one of 'period' (hour, day, ...) or 'window' (e.g. PT60M)");
        assertRejected(
                rule("period", null, "window", "60 minutes"),
                "alert rule 'r': 'window' must be an ISO-8601 duration such as PT60M, got '60 minutes'");
        assertRejected(
                rule("period", "fortnight"),
                "alert rule 'r': 'period': unknown period 'fortnight': expected one of hour, day, week, month, quarter, year");
        assertRejected(
                rule("condition", "=> 40"),
                "alert rule 'r': 'condition': condition '=> 40' is not understood: expected an operator (>, >=, <, <=, ==, !=) and a number, e.g. \"> 40\"");
        assertRejected(rule("condition", 40), "alert rule 'r': 'condition' must be text, got 40");
        assertRejected(
                rule("severity", "urgent"),
                "alert rule 'r': 'severity': unknown severity 'urgent': expected one of info, warning, critical");
        assertRejected(
                rule("scope", "region"),
                "alert rule 'r': 'scope': unknown scope 'region': expected one of campaign, channel, employee, team, company");
        assertRejected(
                rule("minSample", Map.of("measure", "sesions", "count", 1)),
                "alert rule 'r': 'minSample.measure': unknown measure 'sesions'");
        assertRejected(
                rule("minSample", Map.of("measure", "sessions", "count", "many")),
                "alert rule 'r': 'minSample.count' must be a whole number, got many");
        assertRejected(
                rule("minSample", Map.of("measure", "sessions", "min", 3)),
                "alert rule 'r': 'minSample': unknown key 'min' (known: measure, count)");
    }

    @Test
    void shouldRejectDuplicateRuleNames() {
        // Given / When / Then
        assertThatThrownBy(() -> AlertRules.parse(List.of(rule(), rule()), CATALOG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alert rule 'r': the name is used by another rule");
    }

    @Test
    void shouldAcceptRulesOnCustomKpis() {
        // Given
        KpiCatalog custom = CATALOG.withCustom(Map.of("points", "3*orders"));

        // When
        List<ThresholdRule> rules = AlertRules.parse(List.of(rule("kpi", "points", "severity", "critical")), custom);

        // Then
        assertThat(rules.get(0).severity()).isEqualTo(Severity.CRITICAL);
    }

    private static void assertRejected(Map<String, Object> rule, String message) {
        assertThatThrownBy(() -> AlertRules.parse(List.of(rule), CATALOG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
