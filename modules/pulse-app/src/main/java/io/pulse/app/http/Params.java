package io.pulse.app.http;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses the path and query parameters of the API into Pulse's types; every failure is a 400 whose message
 * names the parameter and the accepted values.
 */
final class Params {
    private Params() {}

    static Scope scope(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("scope is required: campaign, channel, employee, team or company");
        }
        try {
            return Scope.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static String scopeId(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("scopeId is required");
        }
        return value;
    }

    /** A period kind that the topology aggregates; {@code defaultKind} when absent (null: required). */
    static PeriodKind period(String value, Set<PeriodKind> aggregated, PeriodKind defaultKind) {
        if (value == null || value.isBlank()) {
            if (defaultKind == null) {
                throw ApiException.badRequest("period is required: one of " + ids(aggregated));
            }
            return defaultKind;
        }
        PeriodKind kind;
        try {
            kind = PeriodKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (!aggregated.contains(kind)) {
            throw ApiException.badRequest(
                    "period '" + kind.id() + "' is not aggregated; configured periods: " + ids(aggregated));
        }
        return kind;
    }

    static Kpi kpi(String value, KpiCatalog catalog) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return catalog.find(value.trim())
                .orElseThrow(() -> ApiException.badRequest(
                        "unknown KPI '" + value + "': expected one of " + String.join(", ", catalog.ids())));
    }

    /**
     * An instant: {@code 2026-11-02T09:30:00Z}, {@code 2026-11-02T00:00+03:00}, a local date-time
     * ({@code 2026-11-02T09:30}) or a date ({@code 2026-11-02}, its start) in the business zone; null when
     * absent. A '+' of an offset that arrived unencoded (and so decoded as a space) is accepted too.
     */
    static Instant instant(String name, String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().replace(' ', '+');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException ignored) {
            // not an offset date-time: try the other forms
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeException ignored) {
            // not an instant
        }
        try {
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        } catch (DateTimeException ignored) {
            // not a local date-time
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.badRequest(name + " '" + value + "' is not an ISO-8601 time such as "
                    + "2026-11-02T00:00+03:00, 2026-11-02T09:30:00Z or 2026-11-02");
        }
    }

    static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit '" + value + "' is not a whole number");
        }
        if (n < 1 || n > max) {
            throw ApiException.badRequest("limit must be between 1 and " + max + ", was " + n);
        }
        return n;
    }

    private static String ids(Set<PeriodKind> kinds) {
        return kinds.stream().sorted().map(PeriodKind::id).collect(Collectors.joining(", "));
    }
}
