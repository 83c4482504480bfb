package io.pulse.streams.plan;

import io.pulse.avro.control.PlanKpi;
import io.pulse.avro.control.PlanStep;
import io.pulse.core.Decimals;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.BonusModel;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.Scoring;
import io.pulse.core.plan.Step;
import io.pulse.streams.AvroSerdeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one mapper of plans between pulse-core's model and the Avro record of the plans topic, so the topology
 * sees only core plans. It also reads Avro's single-object encoding, the form in which earlier versions kept
 * plans in their state ({@link io.pulse.streams.state.InternalSerdes#plans()} reads that layout with it).
 */
public final class PlanAvro {
    private PlanAvro() {}

    /** Reads the plans topic as core plans: the registry's serde decodes, {@link #toCore} converts (and may refuse). */
    public static Deserializer<Plan> deserializer(AvroSerdeFactory avro) {
        Deserializer<io.pulse.avro.control.Plan> records =
                avro.valueSerde(io.pulse.avro.control.Plan.class).deserializer();
        return (topic, bytes) -> {
            io.pulse.avro.control.Plan p = records.deserialize(topic, bytes);
            return p == null ? null : toCore(p);
        };
    }

    /** The core plan of an Avro record; enum-like strings that do not parse raise IllegalArgumentException. */
    public static Plan toCore(io.pulse.avro.control.Plan p) {
        List<PlanItem> items = new ArrayList<>();
        for (PlanKpi k : p.getKpis()) {
            List<Step> steps = new ArrayList<>();
            for (PlanStep s : k.getSteps()) {
                steps.add(new Step(s.getFrom(), s.getCoef()));
            }
            items.add(new PlanItem(
                    k.getKpi(),
                    k.getTarget(),
                    k.getThreshold(),
                    k.getChallenge(),
                    k.getWeight(),
                    k.getScoring() == null ? null : Scoring.parse(k.getScoring()),
                    k.getDirection() == null ? null : Direction.parse(k.getDirection()),
                    steps));
        }
        return new Plan(
                Scope.parse(p.getScope()),
                p.getId(),
                PeriodKind.parse(p.getPeriod()),
                p.getBaseSalary(),
                p.getPlannedBonus(),
                p.getBonusModel() == null ? null : BonusModel.parse(p.getBonusModel()),
                items,
                p.getValidFrom());
    }

    /** The Avro record of a core plan, numbers at the schema's scale. */
    public static io.pulse.avro.control.Plan toAvro(Plan p) {
        List<PlanKpi> kpis = new ArrayList<>();
        for (PlanItem i : p.items()) {
            List<PlanStep> steps = new ArrayList<>();
            for (Step s : i.steps()) {
                steps.add(PlanStep.newBuilder()
                        .setFrom(scaled(s.from()))
                        .setCoef(scaled(s.coef()))
                        .build());
            }
            kpis.add(PlanKpi.newBuilder()
                    .setKpi(i.kpi())
                    .setTarget(scaled(i.target()))
                    .setThreshold(scaled(i.threshold()))
                    .setChallenge(scaled(i.challenge()))
                    .setWeight(scaled(i.weight()))
                    .setScoring(i.scoring() == null ? null : i.scoring().id())
                    .setDirection(i.direction() == null ? null : i.direction().id())
                    .setSteps(steps)
                    .build());
        }
        return io.pulse.avro.control.Plan.newBuilder()
                .setScope(p.scope().id())
                .setId(p.id())
                .setPeriod(p.period().id())
                .setBaseSalary(scaled(p.baseSalary()))
                .setPlannedBonus(scaled(p.plannedBonus()))
                .setBonusModel(p.bonusModel().id())
                .setKpis(kpis)
                .setValidFrom(p.validFrom())
                .build();
    }

    private static BigDecimal scaled(BigDecimal d) {
        return Decimals.scaled(d);
    }

    /** A plan in Avro's single-object encoding, as earlier versions kept it in their state. */
    public static Plan fromSingleObject(byte[] bytes) {
        try {
            return toCore(io.pulse.avro.control.Plan.getDecoder().decode(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
