/**
 * Pulse's KPI mathematics, free of Kafka and Avro: measures, KPIs, periods, plans, alert rules and pace.
 * Start at {@link io.pulse.core.measure.MeasureVector}, {@link io.pulse.core.kpi.KpiCatalog} and
 * {@link io.pulse.core.period.Period}.
 */
package io.pulse.core;
