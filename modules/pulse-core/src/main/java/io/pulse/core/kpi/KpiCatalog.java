package io.pulse.core.kpi;

import static io.pulse.core.kpi.Direction.HIGHER;
import static io.pulse.core.kpi.Direction.LOWER;
import static io.pulse.core.measure.Measure.BOUNCES;
import static io.pulse.core.measure.Measure.CLICKS;
import static io.pulse.core.measure.Measure.COGS;
import static io.pulse.core.measure.Measure.CONVERSIONS;
import static io.pulse.core.measure.Measure.CSAT_COUNT;
import static io.pulse.core.measure.Measure.CSAT_SUM;
import static io.pulse.core.measure.Measure.CUSTOMERS;
import static io.pulse.core.measure.Measure.DETRACTORS;
import static io.pulse.core.measure.Measure.FIRST_CONTACT_RESOLVED;
import static io.pulse.core.measure.Measure.IMPRESSIONS;
import static io.pulse.core.measure.Measure.LEADS;
import static io.pulse.core.measure.Measure.NEW_CUSTOMERS;
import static io.pulse.core.measure.Measure.NPS_RESPONSES;
import static io.pulse.core.measure.Measure.ORDERS;
import static io.pulse.core.measure.Measure.PROMOTERS;
import static io.pulse.core.measure.Measure.QUALIFIED_LEADS;
import static io.pulse.core.measure.Measure.RESOLUTION_SECONDS;
import static io.pulse.core.measure.Measure.REVENUE;
import static io.pulse.core.measure.Measure.SESSIONS;
import static io.pulse.core.measure.Measure.SPEND;
import static io.pulse.core.measure.Measure.TICKETS_OPENED;
import static io.pulse.core.measure.Measure.TICKETS_RESOLVED;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every KPI Pulse computes: the built-ins of SPEC §3, in the order of its table, then the custom KPIs of the
 * configuration in their configured order. Immutable; {@link #builtIn()} is the entry point and
 * {@link #withCustom(Map)} adds the configured expressions.
 */
public final class KpiCatalog {
    /** Ids of custom KPIs: lower-case letters, digits, '_' and '-', starting with a letter. */
    public static final Pattern CUSTOM_ID = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private static final KpiCatalog BUILT_IN = new KpiCatalog(builtIns());

    private final Map<String, Kpi> byId;
    private final List<Kpi> all;

    private KpiCatalog(List<Kpi> kpis) {
        Map<String, Kpi> m = new LinkedHashMap<>();
        for (Kpi k : kpis) {
            if (m.put(k.id(), k) != null) {
                throw new IllegalStateException("duplicate KPI id " + k.id());
            }
        }
        this.byId = Collections.unmodifiableMap(m);
        this.all = List.copyOf(kpis);
    }

    /** The built-in KPIs of SPEC §3. */
    public static KpiCatalog builtIn() {
        return BUILT_IN;
    }

    /**
     * A catalog with these custom KPIs added after the current ones, in the map's iteration order.
     *
     * @param idToExpression custom KPI id to expression text (SPEC §7 {@code kpis:})
     * @throws KpiDefinitionException one line naming the KPI and what is wrong: bad id, clash with an existing KPI,
     *                                bad syntax or unknown measure (with the 1-based column)
     */
    public KpiCatalog withCustom(Map<String, String> idToExpression) {
        if (idToExpression.isEmpty()) {
            return this;
        }
        List<Kpi> kpis = new ArrayList<>(all);
        Map<String, Kpi> seen = new LinkedHashMap<>(byId);
        for (Map.Entry<String, String> e : idToExpression.entrySet()) {
            String id = e.getKey();
            if (id == null || !CUSTOM_ID.matcher(id).matches()) {
                throw new KpiDefinitionException(
                        String.valueOf(id),
                        0,
                        "custom KPI '" + id
                                + "': the id must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter");
            }
            Kpi existing = seen.get(id);
            if (existing != null) {
                String what = existing instanceof CustomKpi ? "custom" : "built-in";
                throw new KpiDefinitionException(
                        id,
                        0,
                        "custom KPI '" + id + "': clashes with the " + what + " KPI of the same id; choose another id");
            }
            CustomKpi k = CustomKpi.parse(id, e.getValue());
            seen.put(id, k);
            kpis.add(k);
        }
        return new KpiCatalog(kpis);
    }

    public Optional<Kpi> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The KPI of this id; {@link IllegalArgumentException} "unknown KPI 'x'" when there is none. */
    public Kpi get(String id) {
        Kpi k = id == null ? null : byId.get(id);
        if (k == null) {
            throw new IllegalArgumentException("unknown KPI '" + id + "'");
        }
        return k;
    }

    public boolean contains(String id) {
        return id != null && byId.containsKey(id);
    }

    /** Every KPI: built-ins in SPEC §3 table order, then custom ones in configured order. */
    public List<Kpi> all() {
        return all;
    }

    /** The ids of {@link #all()}, in the same order. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Only the custom KPIs, in configured order. */
    public List<Kpi> custom() {
        return all.stream().filter(k -> k instanceof CustomKpi).toList();
    }

    /** Computes every KPI of the catalog for one window, in catalog order. */
    public Map<String, KpiValue> computeAll(MeasureVector current, MeasureVector previousOrNull) {
        Map<String, KpiValue> out = new LinkedHashMap<>();
        for (Kpi k : all) {
            out.put(k.id(), k.compute(current, previousOrNull));
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "KpiCatalog" + byId.keySet();
    }

    private static List<Kpi> builtIns() {
        List<Kpi> k = new ArrayList<>();
        for (Measure m : List.of(
                IMPRESSIONS,
                CLICKS,
                SESSIONS,
                LEADS,
                QUALIFIED_LEADS,
                ORDERS,
                NEW_CUSTOMERS,
                CUSTOMERS,
                TICKETS_OPENED,
                TICKETS_RESOLVED,
                NPS_RESPONSES)) {
            k.add(BuiltInKpi.measure(m, Unit.COUNT, HIGHER));
        }
        k.add(BuiltInKpi.measure(SPEND, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.measure(REVENUE, Unit.MONEY, HIGHER));
        k.add(BuiltInKpi.measure(COGS, Unit.MONEY, HIGHER));
        k.add(BuiltInKpi.difference("gross_profit", REVENUE, COGS, Unit.MONEY, HIGHER));
        k.add(BuiltInKpi.ratio("ctr", CLICKS, IMPRESSIONS, 100, Unit.PERCENT, HIGHER));
        k.add(BuiltInKpi.ratio("cpc", SPEND, CLICKS, 1, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("cpm", SPEND, IMPRESSIONS, 1000, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("cr", CONVERSIONS, SESSIONS, 100, Unit.PERCENT, HIGHER));
        k.add(BuiltInKpi.ratio("bounce_rate", BOUNCES, SESSIONS, 100, Unit.PERCENT, LOWER));
        k.add(BuiltInKpi.ratio("cpl", SPEND, LEADS, 1, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("cpql", SPEND, QUALIFIED_LEADS, 1, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("lead_to_order", ORDERS, LEADS, 100, Unit.PERCENT, HIGHER));
        k.add(BuiltInKpi.ratio("aov", REVENUE, ORDERS, 1, Unit.MONEY, HIGHER));
        k.add(BuiltInKpi.ratio("cpo", SPEND, ORDERS, 1, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("cac", SPEND, NEW_CUSTOMERS, 1, Unit.MONEY, LOWER));
        k.add(BuiltInKpi.ratio("ltv", REVENUE, CUSTOMERS, 1, Unit.MONEY, HIGHER));
        k.add(BuiltInKpi.ratio("roas", REVENUE, SPEND, 100, Unit.PERCENT, HIGHER));
        k.add(BuiltInKpi.ratio(
                "romi",
                Unit.PERCENT,
                HIGHER,
                EnumSet.of(REVENUE, SPEND),
                v -> v.get(REVENUE).subtract(v.get(SPEND)),
                v -> v.get(SPEND),
                100,
                "(revenue - spend) / spend * 100"));
        k.add(BuiltInKpi.ratio(
                "roi",
                Unit.PERCENT,
                HIGHER,
                EnumSet.of(REVENUE, COGS, SPEND),
                v -> v.get(REVENUE).subtract(v.get(COGS)).subtract(v.get(SPEND)),
                v -> v.get(COGS).add(v.get(SPEND)),
                100,
                "(revenue - cogs - spend) / (cogs + spend) * 100"));
        k.add(BuiltInKpi.ratio("fcr", FIRST_CONTACT_RESOLVED, TICKETS_RESOLVED, 100, Unit.PERCENT, HIGHER));
        Function<MeasureVector, BigDecimal> resolvedMinutesDenominator =
                v -> v.get(TICKETS_RESOLVED).multiply(BigDecimal.valueOf(60));
        k.add(BuiltInKpi.ratio(
                "avg_resolution_minutes",
                Unit.MINUTES,
                LOWER,
                EnumSet.of(RESOLUTION_SECONDS, TICKETS_RESOLVED),
                v -> v.get(RESOLUTION_SECONDS),
                resolvedMinutesDenominator,
                1,
                "resolution_seconds / (tickets_resolved * 60)"));
        k.add(BuiltInKpi.ratio("csat", CSAT_SUM, CSAT_COUNT, 1, Unit.SCORE, HIGHER));
        k.add(BuiltInKpi.ratio(
                "nps",
                Unit.POINTS,
                HIGHER,
                EnumSet.of(PROMOTERS, DETRACTORS, NPS_RESPONSES),
                v -> v.get(PROMOTERS).subtract(v.get(DETRACTORS)),
                v -> v.get(NPS_RESPONSES),
                100,
                "(promoters - detractors) / nps_responses * 100"));
        k.add(new RevenueGrowth());
        return k;
    }
}
