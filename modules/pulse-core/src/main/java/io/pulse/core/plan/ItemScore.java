package io.pulse.core.plan;

import java.math.BigDecimal;

/**
 * The score of one plan KPI.
 *
 * @param fact           the KPI's value so far; {@code null} while undefined (it then scores 0)
 * @param fulfillment    the raw fulfillment in percent (99.000000 means 99%), 6 places, neither zeroed by the
 *                       threshold nor capped by the challenge; {@code null} when the fact is {@code null} or the
 *                       fulfillment is undefined ({@code inverse_ratio} of a fact of 0 or less)
 * @param coefficient    the fraction that counts for the bonus (1 = 100%), 6 places: 0 below the threshold, the
 *                       fulfillment capped at the challenge's fulfillment and floored at 0, divided by 100
 * @param belowThreshold a threshold is set and the fact is worse than it (or there is no fact)
 * @param targetMet      the fact is at least as good as the target
 * @param challengeMet   a challenge is set and the fact is at least as good as it
 */
public record ItemScore(
        String kpi,
        BigDecimal fact,
        BigDecimal fulfillment,
        BigDecimal coefficient,
        boolean belowThreshold,
        boolean targetMet,
        boolean challengeMet) {}
