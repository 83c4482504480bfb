package io.pulse.core.pace;

import java.math.BigDecimal;

/**
 * Where a fact stands against a plan's pace at one instant (SPEC §5 "Pace alerts").
 *
 * @param elapsedShare share of the period's working time elapsed, 0..1, 6 places; {@code null} when the period has
 *                     no working time
 * @param expected     target x elapsedShare, 6 places; {@code null} with elapsedShare
 * @param projection   fact / elapsedShare: the fact at period end at the current rate, 6 places; {@code null}
 *                     before any working time has elapsed
 * @param behind       evaluable and fact &lt; expected x (1 - tolerance)
 * @param evaluable    at is inside working time, at least the minimum share has elapsed, and the period has
 *                     working time; when false, {@code behind} is false
 */
public record PaceStatus(
        BigDecimal elapsedShare, BigDecimal expected, BigDecimal projection, boolean behind, boolean evaluable) {}
