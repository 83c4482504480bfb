package io.pulse.core.kpi;

/**
 * A custom KPI that cannot be defined: bad syntax, an unknown measure, a clashing id. The message is one line
 * naming the KPI, the 1-based column where it applies, and what was expected.
 */
public class KpiDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String kpiId;
    private final int column;

    public KpiDefinitionException(String kpiId, int column, String message) {
        super(message);
        this.kpiId = kpiId;
        this.column = column;
    }

    /** The id of the KPI being defined. */
    public String kpiId() {
        return kpiId;
    }

    /** The 1-based column in the expression, or 0 when the error is not about a position. */
    public int column() {
        return column;
    }
}
