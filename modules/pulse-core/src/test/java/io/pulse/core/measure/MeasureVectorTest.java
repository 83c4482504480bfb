package io.pulse.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MeasureVectorTest {

    @Test
    void shouldSumCountsAndMoneyExactly() {
        // Given
        MeasureVector a = MeasureVector.builder()
                .add(Measure.ORDERS, 2)
                .add(Measure.REVENUE, new BigDecimal("0.10"))
                .build();
        MeasureVector b = MeasureVector.builder()
                .add(Measure.ORDERS, 3)
                .add(Measure.REVENUE, new BigDecimal("0.20"))
                .build();

        // When
        MeasureVector sum = a.plus(b);

        // Then
        assertThat(sum.count(Measure.ORDERS)).isEqualTo(5);
        assertThat(sum.get(Measure.REVENUE)).isEqualByComparingTo("0.30");
        assertThat(sum.get(Measure.SPEND)).isZero();
        assertThat(a.count(Measure.ORDERS)).as("immutable").isEqualTo(2);
    }

    @Test
    void shouldTreatEqualAmountsOfDifferentScaleAsEqual() {
        // Given / When
        MeasureVector one = MeasureVector.builder()
                .add(Measure.SPEND, new BigDecimal("1.0"))
                .build();
        MeasureVector oneHundredths = MeasureVector.builder()
                .add(Measure.SPEND, new BigDecimal("1.00"))
                .build();

        // Then
        assertThat(one).isEqualTo(oneHundredths).hasSameHashCodeAs(oneHundredths);
        assertThat(MeasureVector.EMPTY.isEmpty()).isTrue();
        assertThat(one.isEmpty()).isFalse();
    }

    @Test
    void shouldFindMeasuresBySnakeOrCamelCaseAndRefuseCountsOfMoney() {
        // Given / When / Then
        assertThat(Measure.byId("qualifiedLeads")).contains(Measure.QUALIFIED_LEADS);
        assertThat(Measure.byId("first_contact_resolved")).contains(Measure.FIRST_CONTACT_RESOLVED);
        assertThat(Measure.byId("nope")).isEmpty();
        assertThatThrownBy(() -> MeasureVector.EMPTY.count(Measure.SPEND)).hasMessage("spend is money; use get()");
    }
}
