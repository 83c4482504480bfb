package io.pulse.core.alert;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A comparison of a KPI value with a limit, written {@code > 40}, {@code >= 40}, {@code < 0}, {@code <= 0},
 * {@code == 5} or {@code != 5} (SPEC §5, §7). A {@code null} value (an undefined KPI) never satisfies it.
 */
public record Condition(Op op, BigDecimal limit) {
    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(>=|<=|==|!=|>|<)\\s*([-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+))\\s*");

    /** Comparison operators. */
    public enum Op {
        GT(">"),
        GE(">="),
        LT("<"),
        LE("<="),
        EQ("=="),
        NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Op ofSymbol(String s) {
            for (Op op : values()) {
                if (op.symbol.equals(s)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown operator " + s);
        }
    }

    public Condition {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(limit, "limit");
    }

    /**
     * Parses {@code <op> <number>}.
     *
     * @throws IllegalArgumentException one line quoting the text and showing the expected form
     */
    public static Condition parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("condition '" + text
                    + "' is not understood: expected an operator (>, >=, <, <=, ==, !=) and a number, e.g. \"> 40\"");
        }
        return new Condition(Op.ofSymbol(m.group(1)), new BigDecimal(m.group(2)));
    }

    /** Whether the value satisfies the condition; numbers compare by value (40 == 40.00). */
    public boolean holds(BigDecimal value) {
        if (value == null) {
            return false;
        }
        int c = value.compareTo(limit);
        return switch (op) {
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case EQ -> c == 0;
            case NE -> c != 0;
        };
    }

    /**
     * Whether the value is back on the safe side of the limit by at least {@code hysteresis}, so an alert that fired
     * may re-arm. For {@code == / !=} and a zero hysteresis this is simply "does not hold". A {@code null} value
     * clears nothing.
     */
    public boolean clearedBy(BigDecimal value, BigDecimal hysteresis) {
        if (value == null) {
            return false;
        }
        BigDecimal h = hysteresis == null ? BigDecimal.ZERO : hysteresis.abs();
        return switch (op) {
            case GT, GE -> !new Condition(op, limit.subtract(h)).holds(value);
            case LT, LE -> !new Condition(op, limit.add(h)).holds(value);
            case EQ, NE -> !holds(value);
        };
    }

    @Override
    public String toString() {
        return op.symbol + " " + limit.toPlainString();
    }
}
