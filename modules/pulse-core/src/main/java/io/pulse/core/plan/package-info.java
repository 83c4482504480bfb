/**
 * Plans, scorecards and bonuses of SPEC §4 (the KPI passport) and the employee directory;
 * {@link io.pulse.core.plan.PlanLoader} and {@link io.pulse.core.plan.Scorer#score} are the entry points.
 */
package io.pulse.core.plan;
