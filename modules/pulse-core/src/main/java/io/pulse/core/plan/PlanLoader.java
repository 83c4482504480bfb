package io.pulse.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads plans from YAML or JSON (SPEC §4): a list of plans, or a single plan. Fields are {@code scope, id, period,
 * baseSalary, plannedBonus, bonusModel, kpis}; each KPI has {@code kpi, target, threshold, challenge, weight,
 * scoring, direction, steps}; each step {@code from, coef}. Unknown fields, bad values and duplicate plans are
 * errors naming the field and the plan (its key, or its 1-based position when the key cannot be read). Every plan
 * is checked by {@link PlanValidator} and returned {@linkplain Plan#resolve resolved}.
 */
public final class PlanLoader {
    private static final Set<String> PLAN_FIELDS =
            Set.of("scope", "id", "period", "baseSalary", "plannedBonus", "bonusModel", "kpis", "validFrom");
    private static final String PLAN_FIELD_LIST =
            "scope, id, period, baseSalary, plannedBonus, bonusModel, kpis, validFrom";
    private static final Set<String> ITEM_FIELDS =
            Set.of("kpi", "target", "threshold", "challenge", "weight", "scoring", "direction", "steps");
    private static final String ITEM_FIELD_LIST =
            "kpi, target, threshold, challenge, weight, scoring, direction, steps";
    private static final Set<String> STEP_FIELDS = Set.of("from", "coef");

    private final KpiCatalog catalog;

    public PlanLoader(KpiCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** Loads and validates the plans of a file. */
    public List<Plan> load(Path path) {
        return load(Documents.read("plans", path));
    }

    /**
     * Loads and validates plans from YAML or JSON text.
     *
     * @throws PlanException one line naming the plan, the item and the field
     */
    public List<Plan> load(String text) {
        List<JsonNode> nodes = Documents.listOrSingle("plans", Documents.parse("plans", text));
        List<Plan> plans = new ArrayList<>(nodes.size());
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Plan plan = read(i + 1, nodes.get(i));
            PlanValidator.validate(plan, catalog);
            Integer earlier = positions.putIfAbsent(plan.key(), i + 1);
            if (earlier != null) {
                throw new PlanException(
                        "plan " + plan.key() + ": defined twice (plans #" + earlier + " and #" + (i + 1) + ")");
            }
            plans.add(plan.resolve(catalog));
        }
        return List.copyOf(plans);
    }

    /** {@code validFrom}: an ISO instant or offset date-time, such as 2026-11-01T00:00+03:00. */
    static java.time.Instant validFrom(String where, JsonNode node) {
        String text = Documents.text(where, node, "validFrom");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new PlanException(where + ": 'validFrom' must be an ISO date-time with an offset such as "
                    + "2026-11-01T00:00+03:00, got '" + text + "'");
        }
    }

    private Plan read(int position, JsonNode node) {
        String where = "plan #" + position;
        if (!node.isObject()) {
            throw new PlanException(
                    where + ": expected an object with " + PLAN_FIELD_LIST + ", got " + Documents.describe(node));
        }
        Scope scope = Documents.parsed(where, node, "scope", Scope::parse);
        String id = Documents.text(where, node, "id");
        PeriodKind period = Documents.parsed(where, node, "period", PeriodKind::parse);
        if (scope != null && id != null && !id.isBlank() && period != null) {
            where = "plan " + Plan.key(scope, id.strip(), period);
        }
        Documents.rejectUnknownFields(where, node, PLAN_FIELDS, PLAN_FIELD_LIST);
        if (scope == null) {
            throw new PlanException(where + ": 'scope' is required");
        }
        id = Documents.requiredText(where, node, "id");
        if (period == null) {
            throw new PlanException(where + ": 'period' is required");
        }
        BigDecimal baseSalary = Documents.decimal(where, node, "baseSalary");
        BigDecimal plannedBonus = Documents.decimal(where, node, "plannedBonus");
        BonusModel model = Documents.parsed(where, node, "bonusModel", BonusModel::parse);
        JsonNode kpis = node.get("kpis");
        if (kpis == null || kpis.isNull()) {
            throw new PlanException(where + ": 'kpis' is required");
        }
        if (!kpis.isArray()) {
            throw new PlanException(where + ": 'kpis' must be a list, got " + Documents.describe(kpis));
        }
        List<PlanItem> items = new ArrayList<>();
        for (int k = 0; k < kpis.size(); k++) {
            items.add(readItem(where + ", kpi #" + (k + 1), kpis.get(k)));
        }
        return new Plan(scope, id, period, baseSalary, plannedBonus, model, items, validFrom(where, node));
    }

    private PlanItem readItem(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new PlanException(
                    where + ": expected an object with " + ITEM_FIELD_LIST + ", got " + Documents.describe(node));
        }
        String kpi = Documents.text(where, node, "kpi");
        if (kpi != null && !kpi.isBlank()) {
            where = where + " (" + kpi.strip() + ")";
        }
        Documents.rejectUnknownFields(where, node, ITEM_FIELDS, ITEM_FIELD_LIST);
        kpi = Documents.requiredText(where, node, "kpi");
        BigDecimal target = Documents.decimal(where, node, "target");
        BigDecimal threshold = Documents.decimal(where, node, "threshold");
        BigDecimal challenge = Documents.decimal(where, node, "challenge");
        BigDecimal weight = Documents.decimal(where, node, "weight");
        Scoring scoring = Documents.parsed(where, node, "scoring", Scoring::parse);
        Direction direction = Documents.parsed(where, node, "direction", Direction::parse);
        List<Step> steps = new ArrayList<>();
        JsonNode stepsNode = node.get("steps");
        if (stepsNode != null && !stepsNode.isNull()) {
            if (!stepsNode.isArray()) {
                throw new PlanException(where + ": 'steps' must be a list, got " + Documents.describe(stepsNode));
            }
            for (int s = 0; s < stepsNode.size(); s++) {
                String at = where + ", step #" + (s + 1);
                JsonNode step = stepsNode.get(s);
                if (!step.isObject()) {
                    throw new PlanException(
                            at + ": expected an object with from, coef, got " + Documents.describe(step));
                }
                Documents.rejectUnknownFields(at, step, STEP_FIELDS, "from, coef");
                BigDecimal from = Documents.decimal(at, step, "from");
                BigDecimal coef = Documents.decimal(at, step, "coef");
                if (from == null || coef == null) {
                    throw new PlanException(at + ": '" + (from == null ? "from" : "coef") + "' is required");
                }
                steps.add(new Step(from, coef));
            }
        }
        return new PlanItem(kpi, target, threshold, challenge, weight, scoring, direction, steps);
    }
}
