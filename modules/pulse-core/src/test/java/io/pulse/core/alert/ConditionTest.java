package io.pulse.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTest {

    @ParameterizedTest(name = "{1} {0}: {2}")
    @CsvSource({
        "'> 40', 40.01, true", "'> 40', 40, false", "'>= 40', 40.00, true", "'>= 40', 39.999, false",
        "'< 0', -0.5, true", "'< 0', 0, false", "'<= 0', 0, true", "'<= 0', 1, false",
        "'== 5', 5.000, true", "'== 5', 5.1, false", "'!= 5', 4, true", "'!= 5', 5, false",
        "'>-1.5', -1, true", "'  <=.5  ', 0.5, true",
    })
    void shouldCompareByValue(String text, String value, boolean holds) {
        // Given
        Condition c = Condition.parse(text);

        // When / Then
        assertThat(c.holds(new BigDecimal(value))).isEqualTo(holds);
    }

    @Test
    void shouldNeverHoldForAnUndefinedValue() {
        // Given / When / Then
        assertThat(Condition.parse("!= 5").holds(null)).isFalse();
        assertThat(Condition.parse("< 0").holds(null)).isFalse();
    }

    @Test
    void shouldPrintInTheConfiguredForm() {
        // Given / When / Then
        assertThat(Condition.parse(">=40"))
                .hasToString(">= 40")
                .isEqualTo(new Condition(Condition.Op.GE, new BigDecimal("40")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"40", "> forty", "=> 40", "> 40 %", "", "<> 3", "= 5"})
    void shouldRejectAnythingElseWithTheExpectedForm(String text) {
        // Given / When / Then
        assertThatThrownBy(() -> Condition.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "condition '" + text
                                + "' is not understood: expected an operator (>, >=, <, <=, ==, !=) and a number, e.g. \"> 40\"");
    }

    @Test
    void shouldClearOnlyBeyondTheHysteresis() {
        // Given
        Condition above40 = Condition.parse("> 40");

        // When / Then
        assertThat(above40.clearedBy(new BigDecimal("39"), new BigDecimal("2"))).isFalse();
        assertThat(above40.clearedBy(new BigDecimal("38"), new BigDecimal("2"))).isTrue();
        assertThat(above40.clearedBy(new BigDecimal("40"), BigDecimal.ZERO)).isTrue();
        assertThat(Condition.parse("< 0").clearedBy(new BigDecimal("0.5"), BigDecimal.ONE))
                .isFalse();
        assertThat(Condition.parse("< 0").clearedBy(new BigDecimal("1"), BigDecimal.ONE))
                .isTrue();
        assertThat(above40.clearedBy(null, BigDecimal.ZERO)).isFalse();
    }
}
