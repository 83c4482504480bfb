package io.pulse.dev.sim;

import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.LeadEvent;
import io.pulse.avro.events.NpsEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.RefundEvent;
import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.SpendEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import io.pulse.core.plan.DirectoryEntry;
import io.pulse.io.events.InputEvent;
import io.pulse.streams.event.EventType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Realistic input events for load and demos (SPEC §2): six campaigns on four channels with their own CTRs,
 * costs, bounce and conversion rates; impressions that become clicks, sessions, leads and orders; new and
 * returning customers and refunds; support tickets opened and later resolved, with first-contact resolution
 * and CSAT; NPS answers. Nine employees of different strength in three teams ({@link #directory()}) close the
 * orders and resolve the tickets: strong ones sell bigger orders, resolve faster and please more customers.
 *
 * <p>Deterministic: every choice comes from one random generator seeded by {@link SimulatorSettings#seed()},
 * so the same seed and the same sequence of {@code now} give the same events, event ids included. It keeps no
 * clock of its own: each event happens at the {@code now} it is asked for. Follow-ups (the click after an
 * impression, the resolution of a ticket) wait in a queue until {@code now} reaches them.
 *
 * <pre>{@code
 * Simulator simulator = new Simulator(SimulatorSettings.of(config, 42));
 * simulator.emit(Instant.now(), 100, event -> publisher.send(prefix, event, callback));
 * }</pre>
 */
public final class Simulator {
    /** Share of the working-time event rate outside working time, when {@link SimulatorSettings#rhythm()} is on. */
    public static final double OFF_HOURS_INTENSITY = 0.25;
    /** Follow-ups waiting for working time beyond this are dropped (customers give up), bounding memory. */
    static final int MAX_WAITING_WORK = 50_000;

    static final int MAX_KNOWN_CUSTOMERS = 10_000;

    /** A campaign: where its impressions run, what they cost and how its visitors behave. */
    record Campaign(
            String id,
            String channel,
            String marketer,
            double impressionShare,
            double ctr,
            BigDecimal costPerImpression,
            BigDecimal costPerClick,
            boolean billedBySpend,
            double bounceRate,
            double conversionRate,
            double leadRate,
            double qualifiedShare) {}

    /** An employee: {@code strength} 1.0 is average, higher sells more and serves better. */
    public record Employee(String id, String team, String role, double strength) {}

    static final List<Campaign> CAMPAIGNS = List.of(
            new Campaign(
                    "c-search-brand",
                    "search",
                    "m-01",
                    0.05,
                    0.08,
                    null,
                    new BigDecimal("0.45"),
                    false,
                    0.25,
                    0.06,
                    0.12,
                    0.6),
            new Campaign(
                    "c-search-generic",
                    "search",
                    "m-01",
                    0.15,
                    0.03,
                    null,
                    new BigDecimal("1.10"),
                    false,
                    0.45,
                    0.03,
                    0.07,
                    0.45),
            new Campaign(
                    "c-social-video",
                    "social",
                    "m-02",
                    0.30,
                    0.008,
                    new BigDecimal("0.0060"),
                    null,
                    false,
                    0.65,
                    0.01,
                    0.03,
                    0.3),
            new Campaign("c-social-retarget", "social", "m-02", 0.12, 0.018, null, null, true, 0.40, 0.04, 0.08, 0.5),
            new Campaign("c-email-newsletter", "email", "m-01", 0.08, 0.045, null, null, true, 0.30, 0.05, 0.10, 0.55),
            new Campaign(
                    "c-display-network",
                    "display",
                    "m-02",
                    0.30,
                    0.002,
                    new BigDecimal("0.0025"),
                    null,
                    false,
                    0.75,
                    0.005,
                    0.02,
                    0.25));

    static final List<Employee> EMPLOYEES = List.of(
            new Employee("m-01", "north", "marketing", 1.2),
            new Employee("e-001", "north", "sales", 1.4),
            new Employee("e-002", "north", "sales", 1.0),
            new Employee("e-003", "north", "sales", 0.7),
            new Employee("m-02", "south", "marketing", 0.9),
            new Employee("e-011", "south", "sales", 1.2),
            new Employee("e-012", "south", "sales", 0.9),
            new Employee("e-013", "south", "sales", 0.6),
            new Employee("s-01", "care", "support", 1.3),
            new Employee("s-02", "care", "support", 1.0),
            new Employee("s-03", "care", "support", 0.7));

    /** Root events other than impressions, per impression-sized slot. */
    private static final double ORGANIC_SESSION = 0.03;

    private static final double RETURNING_ORDER = 0.012;
    private static final double TICKET_OPENED = 0.025;
    private static final double NPS_ANSWER = 0.01;
    private static final double SPEND = 0.004;
    private static final double REFUND_SHARE = 0.04;
    private static final double LEAD_TO_ORDER = 0.35;

    private final SimulatorSettings settings;
    private final Random random;
    private final String idPrefix;
    private final List<Employee> sales;
    private final List<Employee> support;
    /** Customer follow-ups: clicks, sessions, leads, refunds. */
    private final PriorityQueue<Pending> customerQueue = new PriorityQueue<>(Pending.ORDER);
    /** Employee work: orders closed and tickets resolved, which wait for working time. */
    private final PriorityQueue<Pending> workQueue = new PriorityQueue<>(Pending.ORDER);

    private final List<String> customers = new ArrayList<>();
    private long sequence;
    private long nextId;
    private long nextCustomer;
    private long nextTicket;

    public Simulator(SimulatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = new Random(settings.seed());
        this.idPrefix = "sim-" + Long.toHexString(settings.seed()) + "-";
        this.sales = EMPLOYEES.stream().filter(e -> e.role().equals("sales")).toList();
        this.support =
                EMPLOYEES.stream().filter(e -> e.role().equals("support")).toList();
    }

    /** The employees, their teams, roles and strengths. */
    public static List<Employee> employees() {
        return EMPLOYEES;
    }

    /** The employee-to-team assignments the simulated events assume (SPEC §4 "Directory"). */
    public static List<DirectoryEntry> directory() {
        return EMPLOYEES.stream().map(e -> new DirectoryEntry(e.id(), e.team())).toList();
    }

    /** The ids of the simulated campaigns. */
    public static List<String> campaignIds() {
        return CAMPAIGNS.stream().map(Campaign::id).toList();
    }

    /**
     * How busy {@code now} is, from 0 to 1: 1 in working time, {@link #OFF_HOURS_INTENSITY} outside it (always 1
     * without the rhythm). A paced caller multiplies its rate by it.
     */
    public double intensity(Instant now) {
        return !settings.rhythm() || working(now) ? 1.0 : OFF_HOURS_INTENSITY;
    }

    /** {@code count} events at {@code now}, to {@code sink}. */
    public void emit(Instant now, int count, Consumer<InputEvent> sink) {
        for (int i = 0; i < count; i++) {
            sink.accept(next(now));
        }
    }

    /** The next event, happening at {@code now}: a follow-up that is due, else a new visitor, customer or answer. */
    public InputEvent next(Instant now) {
        Pending due = customerQueue.peek();
        if (due != null && !due.at.isAfter(now)) {
            return customerQueue.poll().make.apply(now);
        }
        Pending work = workQueue.peek();
        if (work != null && !work.at.isAfter(now) && (!settings.rhythm() || working(now))) {
            return workQueue.poll().make.apply(now);
        }
        return root(now);
    }

    /** Follow-ups not yet emitted (for tests and memory checks). */
    int waiting() {
        return customerQueue.size() + workQueue.size();
    }

    private boolean working(Instant now) {
        return settings.workingTime().isWorking(now, settings.zone());
    }

    private InputEvent root(Instant now) {
        boolean staffed = !settings.rhythm() || working(now);
        double r = random.nextDouble();
        if ((r -= ORGANIC_SESSION) < 0) {
            return session(now, null);
        }
        if ((r -= RETURNING_ORDER) < 0) {
            return staffed ? order(now, null, returningCustomer(), false) : impression(now);
        }
        if ((r -= TICKET_OPENED) < 0) {
            return ticketOpened(now);
        }
        if ((r -= NPS_ANSWER) < 0) {
            return nps(now);
        }
        if ((r -= SPEND) < 0) {
            return spend(now);
        }
        return impression(now);
    }

    private InputEvent impression(Instant now) {
        Campaign c = campaign();
        if (random.nextDouble() < c.ctr()) {
            later(customerQueue, now, Duration.ofMillis(200 + random.nextInt(5_000)), at -> click(at, c));
        }
        ImpressionEvent e = ImpressionEvent.newBuilder()
                .setEventId(id("i"))
                .setOccurredAt(now)
                .setCampaignId(c.id())
                .setChannel(c.channel())
                .setEmployeeId(c.marketer())
                .setCost(c.costPerImpression())
                .setCurrency(c.costPerImpression() == null ? null : settings.currency())
                .build();
        return new InputEvent(EventType.IMPRESSION, e);
    }

    private InputEvent click(Instant now, Campaign c) {
        if (random.nextDouble() < 0.95) {
            later(customerQueue, now, Duration.ofMillis(300 + random.nextInt(3_000)), at -> session(at, c));
        }
        BigDecimal cost =
                c.costPerClick() == null ? null : money(c.costPerClick().doubleValue() * jitter(0.2), 2);
        ClickEvent e = ClickEvent.newBuilder()
                .setEventId(id("c"))
                .setOccurredAt(now)
                .setCampaignId(c.id())
                .setChannel(c.channel())
                .setEmployeeId(c.marketer())
                .setCost(cost)
                .setCurrency(cost == null ? null : settings.currency())
                .build();
        return new InputEvent(EventType.CLICK, e);
    }

    /** A visit, from a campaign's click or organic ({@code c} null). */
    private InputEvent session(Instant now, Campaign c) {
        double bounceRate = c == null ? 0.5 : c.bounceRate();
        boolean bounced = random.nextDouble() < bounceRate;
        boolean converted =
                !bounced && random.nextDouble() < (c == null ? 0.02 : c.conversionRate()) / (1 - bounceRate);
        double leadRate = c == null ? 0.04 : c.leadRate();
        if (!bounced && random.nextDouble() < leadRate / (1 - bounceRate)) {
            later(customerQueue, now, Duration.ofSeconds(5 + random.nextInt(120)), at -> lead(at, c));
        }
        SessionEvent e = SessionEvent.newBuilder()
                .setEventId(id("s"))
                .setOccurredAt(now)
                .setCampaignId(c == null ? null : c.id())
                .setChannel(c == null ? "organic" : c.channel())
                .setEmployeeId(c == null ? null : c.marketer())
                .setPageviews(bounced ? 1 : 2 + random.nextInt(8))
                .setBounced(bounced)
                .setConverted(converted)
                .build();
        return new InputEvent(EventType.SESSION, e);
    }

    private InputEvent lead(Instant now, Campaign c) {
        boolean qualified = random.nextDouble() < (c == null ? 0.4 : c.qualifiedShare());
        if (qualified && random.nextDouble() < LEAD_TO_ORDER) {
            Employee manager = byStrength(sales);
            later(
                    workQueue,
                    now,
                    Duration.ofSeconds(30 + random.nextInt(600)),
                    at -> order(at, c, newCustomer(), true, manager));
        }
        LeadEvent e = LeadEvent.newBuilder()
                .setEventId(id("l"))
                .setOccurredAt(now)
                .setCampaignId(c == null ? null : c.id())
                .setChannel(c == null ? "organic" : c.channel())
                .setEmployeeId(c == null ? null : c.marketer())
                .setQualified(qualified)
                .build();
        return new InputEvent(EventType.LEAD, e);
    }

    private InputEvent order(Instant now, Campaign c, String customer, boolean isNew) {
        return order(now, c, customer, isNew, byStrength(sales));
    }

    private InputEvent order(Instant now, Campaign c, String customer, boolean isNew, Employee manager) {
        // Log-normal order sizes around 1,200, larger for stronger managers.
        double size = 1200 * Math.exp(0.5 * random.nextGaussian()) * (0.6 + 0.4 * manager.strength());
        BigDecimal revenue = money(Math.min(size, 1_000_000), 2);
        BigDecimal cost = revenue.multiply(BigDecimal.valueOf(0.45 + 0.2 * random.nextDouble()))
                .setScale(2, RoundingMode.HALF_EVEN);
        String eventId = id("o");
        if (random.nextDouble() < REFUND_SHARE) {
            BigDecimal amount =
                    random.nextBoolean() ? revenue : revenue.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_EVEN);
            later(
                    customerQueue,
                    now,
                    Duration.ofSeconds(30 + random.nextInt(1_800)),
                    at -> refund(at, eventId, amount, manager, c));
        }
        OrderEvent e = OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(now)
                .setCustomerId(customer)
                .setRevenue(revenue.setScale(4))
                .setCost(cost.setScale(4))
                .setEmployeeId(manager.id())
                .setCampaignId(c == null ? null : c.id())
                .setChannel(c == null ? null : c.channel())
                .setNewCustomer(isNew)
                .setCurrency(settings.currency())
                .build();
        return new InputEvent(EventType.ORDER, e);
    }

    private InputEvent refund(Instant now, String orderId, BigDecimal amount, Employee manager, Campaign c) {
        RefundEvent e = RefundEvent.newBuilder()
                .setEventId(id("r"))
                .setOccurredAt(now)
                .setAmount(amount.setScale(4))
                .setOrderId(orderId)
                .setEmployeeId(manager.id())
                .setCampaignId(c == null ? null : c.id())
                .setChannel(c == null ? null : c.channel())
                .setCurrency(settings.currency())
                .build();
        return new InputEvent(EventType.REFUND, e);
    }

    private InputEvent ticketOpened(Instant now) {
        Employee agent = support.get(random.nextInt(support.size()));
        String ticketId = "T-" + Long.toHexString(settings.seed()) + "-" + (++nextTicket);
        // Stronger agents resolve faster: a few minutes to a quarter of an hour.
        long seconds = (long) ((60 + random.nextInt(900)) / agent.strength());
        later(workQueue, now, Duration.ofSeconds(seconds), at -> ticketResolved(at, ticketId, now, agent));
        TicketEvent e = TicketEvent.newBuilder()
                .setEventId(id("t"))
                .setOccurredAt(now)
                .setTicketId(ticketId)
                .setStatus(TicketStatus.opened)
                .setEmployeeId(agent.id())
                .build();
        return new InputEvent(EventType.TICKET, e);
    }

    private InputEvent ticketResolved(Instant now, String ticketId, Instant openedAt, Employee agent) {
        boolean firstContact = random.nextDouble() < clamp(0.45 + 0.3 * (agent.strength() - 1), 0.05, 0.95);
        Integer csat = null;
        if (random.nextDouble() < 0.7) {
            csat = (int) Math.round(clamp(3.6 + 1.2 * (agent.strength() - 1) + random.nextGaussian() * 0.9, 1, 5));
        }
        TicketEvent e = TicketEvent.newBuilder()
                .setEventId(id("t"))
                .setOccurredAt(now)
                .setTicketId(ticketId)
                .setStatus(TicketStatus.resolved)
                .setEmployeeId(agent.id())
                .setOpenedAt(openedAt)
                .setFirstContact(firstContact)
                .setCsat(csat)
                .build();
        return new InputEvent(EventType.TICKET, e);
    }

    private InputEvent nps(Instant now) {
        List<Employee> people = random.nextBoolean() ? sales : support;
        Employee e = people.get(random.nextInt(people.size()));
        double promoter = clamp(0.4 + 0.3 * (e.strength() - 1), 0.05, 0.9);
        double detractor = clamp(0.2 - 0.2 * (e.strength() - 1), 0.02, 0.6);
        double r = random.nextDouble();
        int score = r < promoter
                ? 9 + random.nextInt(2)
                : r < promoter + detractor ? random.nextInt(7) : 7 + random.nextInt(2);
        NpsEvent event = NpsEvent.newBuilder()
                .setEventId(id("n"))
                .setOccurredAt(now)
                .setScore(score)
                .setEmployeeId(e.id())
                .setCustomerId(customers.isEmpty() ? null : customers.get(random.nextInt(customers.size())))
                .build();
        return new InputEvent(EventType.NPS, event);
    }

    private InputEvent spend(Instant now) {
        List<Campaign> billed =
                CAMPAIGNS.stream().filter(Campaign::billedBySpend).toList();
        Campaign c = billed.get(random.nextInt(billed.size()));
        SpendEvent e = SpendEvent.newBuilder()
                .setEventId(id("sp"))
                .setOccurredAt(now)
                .setCampaignId(c.id())
                .setAmount(money(5 + random.nextDouble() * 45, 2).setScale(4))
                .setChannel(c.channel())
                .setEmployeeId(c.marketer())
                .setCurrency(settings.currency())
                .build();
        return new InputEvent(EventType.SPEND, e);
    }

    private Campaign campaign() {
        double r = random.nextDouble();
        for (Campaign c : CAMPAIGNS) {
            if ((r -= c.impressionShare()) < 0) {
                return c;
            }
        }
        return CAMPAIGNS.get(CAMPAIGNS.size() - 1);
    }

    private Employee byStrength(List<Employee> people) {
        double total = people.stream().mapToDouble(Employee::strength).sum();
        double r = random.nextDouble() * total;
        for (Employee e : people) {
            if ((r -= e.strength()) < 0) {
                return e;
            }
        }
        return people.get(people.size() - 1);
    }

    private String newCustomer() {
        String id = "cu-" + Long.toHexString(settings.seed()) + "-" + (++nextCustomer);
        if (customers.size() < MAX_KNOWN_CUSTOMERS) {
            customers.add(id);
        } else {
            customers.set(random.nextInt(customers.size()), id);
        }
        return id;
    }

    private String returningCustomer() {
        return customers.isEmpty() ? newCustomer() : customers.get(random.nextInt(customers.size()));
    }

    private void later(PriorityQueue<Pending> queue, Instant now, Duration after, Function<Instant, InputEvent> make) {
        if (queue == workQueue && queue.size() >= MAX_WAITING_WORK) {
            return;
        }
        queue.add(new Pending(now.plus(after), sequence++, make));
    }

    private String id(String kind) {
        return idPrefix + kind + "-" + (++nextId);
    }

    private double jitter(double spread) {
        return 1 + spread * (2 * random.nextDouble() - 1);
    }

    private static BigDecimal money(double amount, int scale) {
        return BigDecimal.valueOf(amount).setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    /** A follow-up event due at {@code at}; {@code seq} keeps equal times in creation order, deterministically. */
    private record Pending(Instant at, long seq, Function<Instant, InputEvent> make) {
        static final Comparator<Pending> ORDER =
                Comparator.comparing(Pending::at).thenComparingLong(Pending::seq);
    }
}
