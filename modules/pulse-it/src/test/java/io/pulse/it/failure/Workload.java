package io.pulse.it.failure;

import io.pulse.app.config.PulseConfig;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.core.plan.DirectoryLoader;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A scenario's input, generated from a seed: events of five types over about a day, with campaigns, channels,
 * employees (four of them in teams) and repeated eventIds (producer retries), plus day plans and the directory.
 * Within the stream, event time rises with a jitter well under the grace, so no event is late in its partition;
 * the file is written to the scenario's folder so a failure can be replayed by hand.
 *
 * @param events    in the order they are sent, repeats included
 * @param plans     day plans of every employee and team
 * @param directory employee to team
 */
record Workload(
        List<Event> events, List<Plan> plans, List<DirectoryEntry> directory, String plansYaml, String directoryYaml) {

    /** One input event, in the terms the truth needs (SPEC §2); {@code amount} is cost or revenue. */
    record Event(
            String type,
            String eventId,
            Instant occurredAt,
            String campaign,
            String channel,
            String employee,
            BigDecimal amount,
            BigDecimal cost,
            boolean flagA,
            boolean flagB,
            String customer) {

        /** The JSON-lines form (SPEC §2) the producer parses. */
        String json() {
            StringBuilder sb = new StringBuilder("{\"type\":\"")
                    .append(type)
                    .append("\",\"eventId\":\"")
                    .append(eventId)
                    .append("\",\"occurredAt\":\"")
                    .append(occurredAt)
                    .append('"');
            field(sb, "campaignId", campaign);
            field(sb, "channel", channel);
            field(sb, "employeeId", employee);
            switch (type) {
                case "impression", "click" -> {
                    if (amount != null) {
                        sb.append(",\"cost\":").append(amount.toPlainString());
                    }
                }
                case "session" ->
                    sb.append(",\"bounced\":")
                            .append(flagA)
                            .append(",\"converted\":")
                            .append(flagB);
                case "lead" -> sb.append(",\"qualified\":").append(flagA);
                case "order" -> {
                    field(sb, "customerId", customer);
                    sb.append(",\"revenue\":").append(amount.toPlainString());
                    if (cost != null) {
                        sb.append(",\"cost\":").append(cost.toPlainString());
                    }
                    sb.append(",\"newCustomer\":").append(flagA);
                }
                default -> throw new IllegalStateException(type);
            }
            return sb.append('}').toString();
        }

        private static void field(StringBuilder sb, String name, String value) {
            if (value != null) {
                sb.append(",\"").append(name).append("\":\"").append(value).append('"');
            }
        }
    }

    static final List<String> TYPES = List.of("impression", "click", "session", "lead", "order");
    private static final String[] EMPLOYEES = {"e-1", "e-2", "e-3", "e-4", "e-5", "e-6"};
    private static final int[] EMPLOYEE_WEIGHTS = {6, 5, 4, 3, 2, 1};
    private static final String[] CAMPAIGNS = {"c-1", "c-2", "c-3", "c-4", "c-5"};
    private static final String[] CHANNELS = {"search", "social", "email"};
    /** Jitter of event time around its slot: well under the scenarios' one-minute grace. */
    private static final long JITTER_MS = 20_000;

    static final String DIRECTORY = """
            - { employee: e-1, team: north }
            - { employee: e-2, team: north }
            - { employee: e-3, team: north }
            - { employee: e-4, team: south }
            - { employee: e-5, team: south }
            """;

    /**
     * @param seed  the same seed gives the same events (relative to {@code start})
     * @param count events before repeats
     * @param start event time of the first event
     * @param span  event time between the first and the last
     */
    static Workload generate(long seed, int count, Instant start, Duration span, PulseConfig config) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>(count + count / 25);
        List<Event> pendingRepeats = new ArrayList<>();
        long step = span.toMillis() / count;
        for (int i = 0; i < count; i++) {
            long jitter = (long) ((random.nextDouble() * 2 - 1) * JITTER_MS);
            Instant at = start.plusMillis(Math.max(0, i * step + jitter));
            Event e = event(random, i, at);
            events.add(e);
            if (!pendingRepeats.isEmpty() && random.nextInt(3) == 0) {
                events.add(pendingRepeats.remove(0));
            }
            if (random.nextInt(50) == 0) {
                pendingRepeats.add(e);
            }
        }
        events.addAll(pendingRepeats);
        String plans = planText();
        return new Workload(
                List.copyOf(events),
                new PlanLoader(config.catalog()).load(plans),
                DirectoryLoader.load(DIRECTORY),
                plans,
                DIRECTORY);
    }

    /** Event time starts at a whole hour about {@code back} ago, so the scenario's windows are in the past. */
    static Instant startingAgo(Duration back) {
        return Instant.now().minus(back).truncatedTo(ChronoUnit.HOURS);
    }

    private static Event event(Random r, int i, Instant at) {
        int pick = r.nextInt(100);
        String type =
                pick < 35 ? "impression" : pick < 55 ? "click" : pick < 75 ? "session" : pick < 88 ? "lead" : "order";
        // Impressions and clicks always belong to a campaign (SPEC §2); the others only sometimes.
        boolean needsCampaign = type.equals("impression") || type.equals("click");
        String campaign = needsCampaign || r.nextInt(10) < 9 ? CAMPAIGNS[r.nextInt(CAMPAIGNS.length)] : null;
        String channel = r.nextInt(10) < 8 ? CHANNELS[r.nextInt(CHANNELS.length)] : null;
        String employee = r.nextInt(10) < (type.equals("lead") || type.equals("order") ? 9 : 5) ? employee(r) : null;
        String id = type.charAt(0) + "-" + i;
        return switch (type) {
            case "impression" ->
                new Event(
                        type,
                        id,
                        at,
                        campaign,
                        channel,
                        employee,
                        r.nextInt(4) == 0 ? null : money(r, 5, 50),
                        null,
                        false,
                        false,
                        null);
            case "click" ->
                new Event(type, id, at, campaign, channel, employee, money(r, 50, 300), null, false, false, null);
            case "session" ->
                new Event(
                        type,
                        id,
                        at,
                        campaign,
                        channel,
                        employee,
                        null,
                        null,
                        r.nextInt(10) < 4,
                        r.nextInt(10) == 0,
                        null);
            case "lead" ->
                new Event(type, id, at, campaign, channel, employee, null, null, r.nextBoolean(), false, null);
            default -> {
                BigDecimal revenue = money(r, 1000, 50000);
                BigDecimal cost = r.nextInt(5) < 2
                        ? null
                        : revenue.multiply(new BigDecimal("0.40")).setScale(2, java.math.RoundingMode.HALF_EVEN);
                yield new Event(
                        type,
                        id,
                        at,
                        campaign,
                        channel,
                        employee,
                        revenue,
                        cost,
                        r.nextInt(5) == 0,
                        false,
                        "cu-" + r.nextInt(150));
            }
        };
    }

    private static String employee(Random r) {
        int total = 0;
        for (int w : EMPLOYEE_WEIGHTS) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < EMPLOYEES.length; i++) {
            x -= EMPLOYEE_WEIGHTS[i];
            if (x < 0) {
                return EMPLOYEES[i];
            }
        }
        throw new IllegalStateException();
    }

    /** Cents between {@code minCents} and {@code maxCents}, as exact money. */
    private static BigDecimal money(Random r, int minCents, int maxCents) {
        return BigDecimal.valueOf(minCents + r.nextInt(maxCents - minCents + 1), 2);
    }

    /** Day plans: counts only, so a fact never falls within a day and PLAN_MET fires at most once. */
    private static String planText() {
        StringBuilder sb = new StringBuilder();
        for (String e : EMPLOYEES) {
            sb.append(plan("employee", e, 30, 15, 50, 40, 20));
        }
        sb.append(plan("team", "north", 80, 40, 120, 110, 60));
        sb.append(plan("team", "south", 40, 20, 70, 50, 25));
        return sb.toString();
    }

    private static String plan(
            String scope,
            String id,
            int orders,
            int ordersThreshold,
            int ordersChallenge,
            int leads,
            int leadsThreshold) {
        return """
                - scope: %s
                  id: %s
                  period: day
                  baseSalary: 50000
                  plannedBonus: 20000
                  bonusModel: weighted
                  kpis:
                    - { kpi: orders, target: %d, threshold: %d, challenge: %d, weight: 0.6 }
                    - { kpi: leads, target: %d, threshold: %d, weight: 0.4 }
                """.formatted(scope, id, orders, ordersThreshold, ordersChallenge, leads, leadsThreshold);
    }

    /** Writes the events (JSON lines), plans and directory to {@code dir}, for a human replaying a failure. */
    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(
                    dir.resolve("events.jsonl"),
                    events.stream().map(Event::json).toList(),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("plans.yaml"), plansYaml, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("directory.yaml"), directoryYaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> describe() {
        return Map.of("events", events.size(), "from", events.get(0).occurredAt(), "plans", plans.size());
    }
}
