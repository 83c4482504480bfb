package io.pulse.core.kpi;

import static io.pulse.core.kpi.KpiCatalogTest.vector;
import static io.pulse.core.measure.Measure.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.measure.MeasureVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {
    private static final MeasureVector V =
            vector(ORDERS, 4, QUALIFIED_LEADS, 6, LEADS, 10, REVENUE, 1000, COGS, 300, SPEND, 200);

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "3*orders + 1*qualified_leads + 0.5*leads; 23",
                "(revenue - cogs - spend) / spend * 100; 250",
                "(revenue − cogs − spend) ÷ spend × 100; 250",
                "2 + 3 * 4; 14",
                "(2 + 3) * 4; 20",
                "10 - 4 - 3; 3",
                "64 / 4 / 2; 8",
                "-orders + 10; 6",
                "--orders; 4",
                "-(orders - 10) * 2; 12",
                "qualifiedLeads / leads; 0.6",
                ".5 * leads; 5",
                "  orders  ; 4",
            })
    void shouldEvaluateWithUsualPrecedenceAndAssociativity(String text, String expected) {
        // Given
        Expression e = Expression.parse("x", text);

        // When
        var value = e.evaluate(V);

        // Then
        assertThat(value).isEqualByComparingTo(expected);
    }

    @Test
    void shouldKnowTheMeasuresItReads() {
        // Given / When
        Expression e = Expression.parse("x", "(revenue - cogs) / orders + 2 * revenue");

        // Then
        assertThat(e.measures()).containsExactlyInAnyOrder(REVENUE, COGS, ORDERS);
        assertThat(e).hasToString("(((revenue - cogs) / orders) + (2 * revenue))");
        assertThat(e.text()).isEqualTo("(revenue - cogs) / orders + 2 * revenue");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "3*orders + 1*qualified_leads + 0.5*leads; true",
                "(revenue - cogs) / 2; true",
                "-orders; true",
                "orders * (2 + 1); true",
                "orders; true",
                "orders + 1; false",
                "42; false",
                "revenue / orders; false",
                "orders * leads; false",
                "2 / orders; false",
            })
    void shouldKnowWhetherItIsAdditive(String text, boolean additive) {
        // Given / When / Then
        assertThat(Expression.parse("x", text).isAdditive()).isEqualTo(additive);
    }

    @Test
    void shouldReturnNullOnDivisionByZeroAnywhere() {
        // Given
        Expression e = Expression.parse("x", "1 + revenue / clicks * 0");

        // When / Then
        assertThat(e.evaluate(V)).isNull();
        assertThat(Expression.parse("x", "-(1 / 0)").evaluate(V)).isNull();
        assertThat(Expression.parse("x", "1 / (orders - 4)").evaluate(V)).isNull();
    }

    @Test
    void shouldDivideWithDecimal128Precision() {
        // Given / When
        var third = Expression.parse("x", "1 / 3").evaluate(V);

        // Then
        assertThat(third.precision()).isEqualTo(34);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "3*ordrs + leads; custom KPI 'k': unknown measure 'ordrs' at column 3 (known: impressions, clicks, spend, sessions, bounces, conversions, leads, qualified_leads, orders, revenue, cogs, new_customers, customers, refunds, tickets_opened, tickets_resolved, first_contact_resolved, resolution_seconds, csat_sum, csat_count, nps_responses, promoters, detractors)",
                "orders +; custom KPI 'k': expected a measure, a number or '(' at column 9 but found the end of the expression",
                "orders * * 2; custom KPI 'k': expected a measure, a number or '(' at column 10 but found '*'",
                "(orders + 2; custom KPI 'k': expected ')' at column 12 to close the '(' at column 1 but found the end of the expression",
                "orders + 2); custom KPI 'k': expected an operator (+ - * /) or the end of the expression at column 11 but found ')'",
                "orders leads; custom KPI 'k': expected an operator (+ - * /) or the end of the expression at column 8 but found 'leads'",
                "orders ^ 2; custom KPI 'k': unexpected character '^' at column 8 (expected a measure, a number, + - * / or parentheses)",
                "3orders; custom KPI 'k': expected an operator after the number '3' at column 2 but found 'o'",
                "1.2.3; custom KPI 'k': expected an operator (+ - * /) or the end of the expression at column 4 but found '.3'",
                "7.; custom KPI 'k': expected digits after the decimal point of '7.' at column 1",
                "(); custom KPI 'k': expected a measure, a number or '(' at column 2 but found ')'",
                "+orders; custom KPI 'k': expected a measure, a number or '(' at column 1 but found '+'",
                "System.exit(1); custom KPI 'k': unknown measure 'System' at column 1 (known: impressions, clicks, spend, sessions, bounces, conversions, leads, qualified_leads, orders, revenue, cogs, new_customers, customers, refunds, tickets_opened, tickets_resolved, first_contact_resolved, resolution_seconds, csat_sum, csat_count, nps_responses, promoters, detractors)",
            })
    void shouldRejectBadExpressionsWithOneLineNamingKpiAndColumn(String text, String message) {
        // Given / When / Then
        assertThatThrownBy(() -> Expression.parse("k", text))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRejectAnEmptyExpression() {
        // Given / When / Then
        assertThatThrownBy(() -> Expression.parse("k", "   "))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage("custom KPI 'k': the expression is empty");
    }

    @Test
    void shouldRejectNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        // Given
        String deep = "(".repeat(Expression.MAX_DEPTH + 1) + "1" + ")".repeat(Expression.MAX_DEPTH + 1);

        // When / Then
        assertThatThrownBy(() -> Expression.parse("k", deep))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage("custom KPI 'k': nested deeper than 100 levels at column 101");
        assertThat(Expression.parse("k", "(".repeat(Expression.MAX_DEPTH) + "1" + ")".repeat(Expression.MAX_DEPTH))
                        .evaluate(V))
                .isEqualByComparingTo("1");
    }

    @Test
    void shouldRejectAnOverlongExpression() {
        // Given
        String longText = "1" + "+1".repeat(Expression.MAX_LENGTH);

        // When / Then
        assertThatThrownBy(() -> Expression.parse("k", longText))
                .isInstanceOf(KpiDefinitionException.class)
                .hasMessage("custom KPI 'k': the expression is longer than 2000 characters");
    }
}
