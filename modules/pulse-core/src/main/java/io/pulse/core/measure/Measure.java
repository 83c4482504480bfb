package io.pulse.core.measure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The additive counters of SPEC §2. Every KPI is a formula over these, so any window rolls up exactly by
 * summing them. Money measures are exact decimals; all others are whole numbers.
 */
public enum Measure {
    IMPRESSIONS("impressions", Kind.COUNT),
    CLICKS("clicks", Kind.COUNT),
    SPEND("spend", Kind.MONEY),
    SESSIONS("sessions", Kind.COUNT),
    BOUNCES("bounces", Kind.COUNT),
    CONVERSIONS("conversions", Kind.COUNT),
    LEADS("leads", Kind.COUNT),
    QUALIFIED_LEADS("qualified_leads", Kind.COUNT),
    ORDERS("orders", Kind.COUNT),
    REVENUE("revenue", Kind.MONEY),
    COGS("cogs", Kind.MONEY),
    NEW_CUSTOMERS("new_customers", Kind.COUNT),
    /** Distinct customers with an order in the window; not additive across windows, counted exactly per window. */
    CUSTOMERS("customers", Kind.COUNT),
    REFUNDS("refunds", Kind.COUNT),
    TICKETS_OPENED("tickets_opened", Kind.COUNT),
    TICKETS_RESOLVED("tickets_resolved", Kind.COUNT),
    FIRST_CONTACT_RESOLVED("first_contact_resolved", Kind.COUNT),
    RESOLUTION_SECONDS("resolution_seconds", Kind.COUNT),
    CSAT_SUM("csat_sum", Kind.COUNT),
    CSAT_COUNT("csat_count", Kind.COUNT),
    NPS_RESPONSES("nps_responses", Kind.COUNT),
    PROMOTERS("promoters", Kind.COUNT),
    DETRACTORS("detractors", Kind.COUNT);

    /** Whether a measure is a whole count or exact money. */
    public enum Kind {
        COUNT,
        MONEY
    }

    private static final Measure[] VALUES = values();
    private static final Map<String, Measure> BY_ID =
            Arrays.stream(VALUES).collect(Collectors.toUnmodifiableMap(Measure::id, Function.identity()));

    private final String id;
    private final Kind kind;

    Measure(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }

    /** The snake_case name used in expressions, configuration and JSON (e.g. {@code qualified_leads}). */
    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isMoney() {
        return kind == Kind.MONEY;
    }

    /**
     * Finds a measure by its id; the camelCase spelling of SPEC §2 ({@code qualifiedLeads}) is accepted too.
     */
    public static Optional<Measure> byId(String name) {
        Measure exact = BY_ID.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_ID.get(snake));
    }

    /** Number of measures; the length of a {@link MeasureVector}. */
    public static int count() {
        return VALUES.length;
    }

    static Measure at(int ordinal) {
        return VALUES[ordinal];
    }
}
