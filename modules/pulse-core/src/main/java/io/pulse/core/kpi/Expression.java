package io.pulse.core.kpi;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An arithmetic expression over measures for a custom KPI (SPEC §3): measure ids ({@code qualified_leads}, or the
 * camelCase {@code qualifiedLeads}), decimal numbers, {@code + - * /} (and the {@code − × ÷} the SPEC prints), unary
 * minus and parentheses, with the usual precedence. It is parsed by a small recursive-descent parser into a tree
 * and evaluated over a {@link MeasureVector}; nothing is ever executed.
 *
 * <p>Evaluation is exact for {@code + - *}; division uses {@link KpiValue#MATH}. Division by zero anywhere makes the
 * whole result {@code null}.
 */
public final class Expression {
    /** Longest accepted expression, so configuration mistakes cannot build huge trees. */
    public static final int MAX_LENGTH = 2_000;
    /** Deepest accepted nesting of parentheses and unary minus, so parsing cannot overflow the stack. */
    public static final int MAX_DEPTH = 100;

    private static final String KNOWN =
            Arrays.stream(Measure.values()).map(Measure::id).collect(Collectors.joining(", "));

    private final String text;
    private final Node root;
    private final Set<Measure> measures;

    private Expression(String text, Node root, Set<Measure> measures) {
        this.text = text;
        this.root = root;
        this.measures = Collections.unmodifiableSet(measures);
    }

    /**
     * Parses an expression.
     *
     * @param kpiId the custom KPI being defined, named in error messages
     * @throws KpiDefinitionException one line naming the KPI, the 1-based column and what was expected
     */
    public static Expression parse(String kpiId, String text) {
        if (text == null || text.isBlank()) {
            throw new KpiDefinitionException(kpiId, 0, "custom KPI '" + kpiId + "': the expression is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new KpiDefinitionException(
                    kpiId,
                    MAX_LENGTH + 1,
                    "custom KPI '" + kpiId + "': the expression is longer than " + MAX_LENGTH + " characters");
        }
        Parser p = new Parser(kpiId, text);
        Node root = p.parse();
        return new Expression(text, root, p.measures);
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** The measures the expression reads. */
    public Set<Measure> measures() {
        return measures;
    }

    /** The value over a vector; {@code null} when it divides by zero. */
    public BigDecimal evaluate(MeasureVector v) {
        return root.eval(v);
    }

    /**
     * Whether the expression is linear in its measures with no constant term ({@code 3*orders + 0.5*leads},
     * {@code (revenue - cogs) / 2}), so its value over a sum of windows is the sum of its values.
     */
    public boolean isAdditive() {
        return linearity(root) == Linearity.LINEAR;
    }

    private enum Linearity {
        CONSTANT,
        LINEAR,
        OTHER
    }

    private static Linearity linearity(Node n) {
        if (n instanceof Num) {
            return Linearity.CONSTANT;
        }
        if (n instanceof Ref) {
            return Linearity.LINEAR;
        }
        if (n instanceof Neg neg) {
            return linearity(neg.operand());
        }
        Bin b = (Bin) n;
        Linearity l = linearity(b.left());
        Linearity r = linearity(b.right());
        if (l == Linearity.OTHER || r == Linearity.OTHER) {
            return Linearity.OTHER;
        }
        return switch (b.op()) {
            case '+', '-' -> l == r ? l : Linearity.OTHER; // linear + constant is affine, not additive
            case '*' -> l == Linearity.CONSTANT ? r : r == Linearity.CONSTANT ? l : Linearity.OTHER;
            default -> r == Linearity.CONSTANT ? l : Linearity.OTHER;
        };
    }

    /** The expression fully parenthesised, showing how it was parsed. */
    @Override
    public String toString() {
        return root.toString();
    }

    private sealed interface Node permits Num, Ref, Neg, Bin {
        BigDecimal eval(MeasureVector v);
    }

    private record Num(BigDecimal value) implements Node {
        @Override
        public BigDecimal eval(MeasureVector v) {
            return value;
        }

        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    private record Ref(Measure measure) implements Node {
        @Override
        public BigDecimal eval(MeasureVector v) {
            return v.get(measure);
        }

        @Override
        public String toString() {
            return measure.id();
        }
    }

    private record Neg(Node operand) implements Node {
        @Override
        public BigDecimal eval(MeasureVector v) {
            BigDecimal x = operand.eval(v);
            return x == null ? null : x.negate();
        }

        @Override
        public String toString() {
            return "(-" + operand + ")";
        }
    }

    private record Bin(char op, Node left, Node right) implements Node {
        @Override
        public BigDecimal eval(MeasureVector v) {
            BigDecimal a = left.eval(v);
            if (a == null) {
                return null;
            }
            BigDecimal b = right.eval(v);
            if (b == null) {
                return null;
            }
            return switch (op) {
                case '+' -> a.add(b);
                case '-' -> a.subtract(b);
                case '*' -> a.multiply(b);
                case '/' -> b.signum() == 0 ? null : a.divide(b, KpiValue.MATH);
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        @Override
        public String toString() {
            return "(" + left + " " + op + " " + right + ")";
        }
    }

    /** Token kinds of the expression language. */
    private enum Kind {
        NUMBER,
        NAME,
        PLUS,
        MINUS,
        TIMES,
        DIVIDE,
        LPAREN,
        RPAREN,
        END
    }

    private record Token(Kind kind, String text, int column) {
        String describe() {
            return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
        }
    }

    /**
     * expression := term (('+' | '-') term)* ;
     * term       := unary (('*' | '/') unary)* ;
     * unary      := '-' unary | primary ;
     * primary    := number | measure | '(' expression ')' .
     */
    private static final class Parser {
        private final String kpiId;
        private final String src;
        private final Set<Measure> measures = EnumSet.noneOf(Measure.class);
        private int pos;
        private int depth;
        private Token current;

        Parser(String kpiId, String src) {
            this.kpiId = kpiId;
            this.src = src;
        }

        Node parse() {
            current = lex();
            Node n = expression();
            if (current.kind != Kind.END) {
                throw error(
                        current,
                        "expected an operator (+ - * /) or the end of the expression at column " + current.column
                                + " but found " + current.describe());
            }
            return n;
        }

        private Node expression() {
            Node left = term();
            while (current.kind == Kind.PLUS || current.kind == Kind.MINUS) {
                char op = current.kind == Kind.PLUS ? '+' : '-';
                current = lex();
                left = new Bin(op, left, term());
            }
            return left;
        }

        private Node term() {
            Node left = unary();
            while (current.kind == Kind.TIMES || current.kind == Kind.DIVIDE) {
                char op = current.kind == Kind.TIMES ? '*' : '/';
                current = lex();
                left = new Bin(op, left, unary());
            }
            return left;
        }

        private Node unary() {
            if (current.kind == Kind.MINUS) {
                Token minus = current;
                enter(minus);
                current = lex();
                Node operand = unary();
                depth--;
                return new Neg(operand);
            }
            return primary();
        }

        private Node primary() {
            Token t = current;
            switch (t.kind) {
                case NUMBER -> {
                    current = lex();
                    return new Num(new BigDecimal(t.text));
                }
                case NAME -> {
                    Measure m = Measure.byId(t.text)
                            .orElseThrow(() -> error(
                                    t,
                                    "unknown measure '" + t.text + "' at column " + t.column + " (known: " + KNOWN
                                            + ")"));
                    measures.add(m);
                    current = lex();
                    return new Ref(m);
                }
                case LPAREN -> {
                    enter(t);
                    current = lex();
                    Node inner = expression();
                    if (current.kind != Kind.RPAREN) {
                        throw error(
                                current,
                                "expected ')' at column " + current.column + " to close the '(' at column " + t.column
                                        + " but found " + current.describe());
                    }
                    depth--;
                    current = lex();
                    return inner;
                }
                default ->
                    throw error(
                            t,
                            "expected a measure, a number or '(' at column " + t.column + " but found " + t.describe());
            }
        }

        private void enter(Token t) {
            if (++depth > MAX_DEPTH) {
                throw error(t, "nested deeper than " + MAX_DEPTH + " levels at column " + t.column);
            }
        }

        private Token lex() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            int start = pos;
            int column = start + 1;
            if (pos >= src.length()) {
                return new Token(Kind.END, "", column);
            }
            char c = src.charAt(pos);
            Kind single = switch (c) {
                case '+' -> Kind.PLUS;
                case '-', '\u2212' -> Kind.MINUS;
                case '*', '\u00d7' -> Kind.TIMES;
                case '/', '\u00f7' -> Kind.DIVIDE;
                case '(' -> Kind.LPAREN;
                case ')' -> Kind.RPAREN;
                default -> null;
            };
            if (single != null) {
                pos++;
                return new Token(single, String.valueOf(c), column);
            }
            if (isDigit(c) || c == '.') {
                while (pos < src.length() && isDigit(src.charAt(pos))) {
                    pos++;
                }
                if (pos < src.length() && src.charAt(pos) == '.') {
                    pos++;
                    int fractionStart = pos;
                    while (pos < src.length() && isDigit(src.charAt(pos))) {
                        pos++;
                    }
                    if (pos == fractionStart) {
                        throw error(
                                column,
                                "expected digits after the decimal point of '" + src.substring(start, pos)
                                        + "' at column " + column);
                    }
                }
                if (pos < src.length() && isNameChar(src.charAt(pos))) {
                    throw error(
                            pos + 1,
                            "expected an operator after the number '" + src.substring(start, pos) + "' at column "
                                    + (pos + 1) + " but found '" + src.charAt(pos) + "'");
                }
                return new Token(Kind.NUMBER, src.substring(start, pos), column);
            }
            if (isNameStart(c)) {
                while (pos < src.length() && isNameChar(src.charAt(pos))) {
                    pos++;
                }
                return new Token(Kind.NAME, src.substring(start, pos), column);
            }
            throw error(
                    column,
                    "unexpected character '" + c + "' at column " + column
                            + " (expected a measure, a number, + - * / or parentheses)");
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isNameStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private static boolean isNameChar(char c) {
            return isNameStart(c) || isDigit(c);
        }

        private KpiDefinitionException error(Token t, String message) {
            return error(t.column, message);
        }

        private KpiDefinitionException error(int column, String message) {
            return new KpiDefinitionException(kpiId, column, "custom KPI '" + kpiId + "': " + message);
        }
    }
}
