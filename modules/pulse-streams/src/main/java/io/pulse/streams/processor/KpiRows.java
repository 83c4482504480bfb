package io.pulse.streams.processor;

import io.pulse.avro.outputs.KpiValue;
import io.pulse.core.Decimals;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.Unit;
import io.pulse.core.period.Period;
import io.pulse.streams.state.WindowKey;
import java.math.BigDecimal;

/** Turns a computed KPI into its output row (SPEC §6) and names its key; the HTTP API builds its rows here too. */
public final class KpiRows {
    private KpiRows() {}

    /** The key of a KPI row: the period's name is computed once for all KPIs of a window. */
    static String key(String kpi, WindowKey wk, String periodName) {
        return kpi + '|' + wk.scope().id() + '|' + wk.id() + '|' + wk.kind().id() + '|' + periodName;
    }

    public static KpiValue row(
            Kpi kpi, io.pulse.core.kpi.KpiValue v, WindowKey wk, Period p, String currency, boolean fin) {
        return row(kpi, v, wk, p.name(), p.next().name(), currency, fin);
    }

    /** The row, with the period's names computed once for all KPIs of a window. */
    static KpiValue row(
            Kpi kpi,
            io.pulse.core.kpi.KpiValue v,
            WindowKey wk,
            String periodStart,
            String periodEnd,
            String currency,
            boolean fin) {
        // The all-args constructor: the builder copies and validates each field, a tenth of the cost of a final.
        return new KpiValue(
                kpi.id(),
                wk.scope().id(),
                wk.id(),
                wk.kind().id(),
                periodStart,
                periodEnd,
                scaled(v.value()),
                scaled(v.numerator()),
                scaled(v.denominator()),
                kpi.unit().id(),
                kpi.unit() == Unit.MONEY ? currency : null,
                fin);
    }

    /** The Avro decimal has a fixed scale; every number is written at it, rounding half-even. */
    public static BigDecimal scaled(BigDecimal d) {
        return Decimals.scaled(d);
    }
}
