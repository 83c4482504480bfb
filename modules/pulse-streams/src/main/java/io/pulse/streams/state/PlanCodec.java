package io.pulse.streams.state;

import io.pulse.core.Scope;
import io.pulse.core.kpi.Direction;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.BonusModel;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.core.plan.Scoring;
import io.pulse.core.plan.Step;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a validated core {@link Plan} exactly as it is (decimals with their scale, items in order, no defaults
 * filled in). Enumerations travel by their ids, not their ordinals, so reordering an enum never changes a plan.
 */
final class PlanCodec {
    private PlanCodec() {}

    static void write(Bin.Writer w, Plan p) {
        w.string(p.scope().id()).string(p.id()).string(p.period().id());
        decimal(w, p.baseSalary());
        decimal(w, p.plannedBonus());
        w.string(p.bonusModel().id()).uvarint(p.items().size());
        for (PlanItem i : p.items()) {
            w.string(i.kpi());
            decimal(w, i.target());
            decimal(w, i.threshold());
            decimal(w, i.challenge());
            decimal(w, i.weight());
            w.nullableString(i.scoring() == null ? null : i.scoring().id())
                    .nullableString(i.direction() == null ? null : i.direction().id())
                    .uvarint(i.steps().size());
            for (Step s : i.steps()) {
                w.decimal(s.from()).decimal(s.coef());
            }
        }
        if (p.validFrom() == null) {
            w.byte1(0);
        } else {
            w.byte1(1)
                    .varint(p.validFrom().getEpochSecond())
                    .uvarint(p.validFrom().getNano());
        }
    }

    static Plan read(Bin.Reader r) {
        Scope scope = Scope.parse(r.string());
        String id = r.string();
        PeriodKind period = PeriodKind.parse(r.string());
        BigDecimal baseSalary = decimal(r);
        BigDecimal plannedBonus = decimal(r);
        BonusModel model = BonusModel.parse(r.string());
        int n = (int) r.uvarint();
        List<PlanItem> items = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String kpi = r.string();
            BigDecimal target = decimal(r);
            BigDecimal threshold = decimal(r);
            BigDecimal challenge = decimal(r);
            BigDecimal weight = decimal(r);
            String scoring = r.nullableString();
            String direction = r.nullableString();
            int m = (int) r.uvarint();
            List<Step> steps = new ArrayList<>(m);
            for (int s = 0; s < m; s++) {
                steps.add(new Step(r.decimal(), r.decimal()));
            }
            items.add(new PlanItem(
                    kpi,
                    target,
                    threshold,
                    challenge,
                    weight,
                    scoring == null ? null : Scoring.parse(scoring),
                    direction == null ? null : Direction.parse(direction),
                    steps));
        }
        Instant validFrom = r.byte1() == 0 ? null : Instant.ofEpochSecond(r.varint(), r.uvarint());
        return new Plan(scope, id, period, baseSalary, plannedBonus, model, items, validFrom);
    }

    private static void decimal(Bin.Writer w, BigDecimal d) {
        if (d == null) {
            w.byte1(0);
        } else {
            w.byte1(1).decimal(d);
        }
    }

    private static BigDecimal decimal(Bin.Reader r) {
        return r.byte1() == 0 ? null : r.decimal();
    }
}
