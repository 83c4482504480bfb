package io.pulse.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.core.alert.CrossingState.Transition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossingStateTest {

    @Test
    void shouldFireOncePerCrossingAndRearmWhenTheValueReturns() {
        // Given a bounce rate that crosses 40 %, stays above, falls back and crosses again
        Condition above40 = Condition.parse("> 40");
        List<String> values = List.of("30", "41", "55", "60", "39", "38", "45", "50");

        // When
        List<Transition> transitions = new ArrayList<>();
        boolean fired = false;
        for (String v : values) {
            Transition t = CrossingState.next(fired, above40.holds(new BigDecimal(v)));
            transitions.add(t);
            fired = CrossingState.firedAfter(fired, t);
        }

        // Then
        assertThat(transitions)
                .containsExactly(
                        Transition.NONE,
                        Transition.FIRE,
                        Transition.NONE,
                        Transition.NONE,
                        Transition.REARM,
                        Transition.NONE,
                        Transition.FIRE,
                        Transition.NONE);
    }

    @Test
    void shouldNotFloodWhenAValueWobblesInsideTheHysteresisBand() {
        // Given a value wobbling around 40 with a hysteresis of 5
        Condition above40 = Condition.parse("> 40");
        List<String> values = List.of("41", "39", "41", "39.5", "42", "34", "41");

        // When
        List<Transition> transitions = new ArrayList<>();
        boolean fired = false;
        for (String v : values) {
            Transition t = CrossingState.next(fired, above40, new BigDecimal(v), new BigDecimal("5"));
            transitions.add(t);
            fired = CrossingState.firedAfter(fired, t);
        }

        // Then only the first crossing and the one after a real return fire
        assertThat(transitions)
                .containsExactly(
                        Transition.FIRE,
                        Transition.NONE,
                        Transition.NONE,
                        Transition.NONE,
                        Transition.NONE,
                        Transition.REARM,
                        Transition.FIRE);
    }

    @Test
    void shouldIgnoreAnUndefinedValue() {
        // Given / When / Then
        assertThat(CrossingState.next(true, Condition.parse("> 40"), null, BigDecimal.ZERO))
                .isEqualTo(Transition.NONE);
        assertThat(CrossingState.next(false, Condition.parse("> 40"), null, BigDecimal.ZERO))
                .isEqualTo(Transition.NONE);
    }

    @Test
    void shouldCoverEveryCombinationOfFiredAndHolds() {
        // Given / When / Then
        assertThat(CrossingState.next(false, false)).isEqualTo(Transition.NONE);
        assertThat(CrossingState.next(false, true)).isEqualTo(Transition.FIRE);
        assertThat(CrossingState.next(true, true)).isEqualTo(Transition.NONE);
        assertThat(CrossingState.next(true, false)).isEqualTo(Transition.REARM);
        assertThat(CrossingState.firedAfter(true, Transition.NONE)).isTrue();
        assertThat(CrossingState.firedAfter(false, Transition.NONE)).isFalse();
    }
}
