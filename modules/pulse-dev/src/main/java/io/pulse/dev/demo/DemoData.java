package io.pulse.dev.demo;

import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.DirectoryLoader;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
import java.util.List;

/**
 * The sample plans and directory bundled with the demo ({@value #PLANS}, {@value #DIRECTORY}), written for the
 * simulator's employees, teams and campaigns, in the files {@code plans load} and {@code directory load} read.
 */
final class DemoData {
    static final String PLANS = "demo/plans.yaml";
    static final String DIRECTORY = "demo/directory.yaml";

    private DemoData() {}

    /** The sample plans, validated against {@code catalog} (the built-in KPIs and the configured custom ones). */
    static List<Plan> plans(KpiCatalog catalog) {
        return new PlanLoader(catalog).load(DemoConfig.resource(PLANS));
    }

    static List<DirectoryEntry> directory() {
        return DirectoryLoader.load(DemoConfig.resource(DIRECTORY));
    }
}
