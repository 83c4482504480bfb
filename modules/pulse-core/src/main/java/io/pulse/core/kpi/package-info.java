/**
 * The KPIs of SPEC §3, built-in and custom, computed from a window's measure vector; {@link io.pulse.core.kpi.KpiCatalog#builtIn()}
 * is the entry point.
 */
package io.pulse.core.kpi;
