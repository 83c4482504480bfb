package io.pulse.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.service.PulseService;
import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
import io.pulse.io.topics.NameOnlySerdes;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicSettings;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import io.pulse.streams.plan.PlanAvro;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless chromium, served by the real service on the real embedded broker, with events
 * and a plan the test produces: the overview shows what the API returns and moves without a reload, the
 * campaigns table lists and sorts the campaigns, the passport shows SPEC §4's sales manager to the unit, a plan
 * alert appears in the feed as it fires, Russian changes the labels and the number format (and is remembered),
 * the page fits a phone, and the browser's console has no errors. Each view is saved under target/screenshots.
 */
@WithKafkaCluster
class DashboardIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String ZONE = "Europe/Moscow";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @TempDir
    Path stateDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String base;
    private Producer producer;
    private Browser browser;

    @AfterEach
    void closeEverything() throws Exception {
        if (browser != null) {
            browser.screenshot("last-state"); // what the page showed when the test ended, pass or fail
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void shouldShowLiveKpisThePassportAndAlertsInEnglishAndRussian(KafkaCluster kafka) throws Exception {
        // Given: the service with the dashboard, SPEC §4's sales manager's monthly plan, two campaigns' clicks and
        // the sales manager's six orders (gross profit 900,000, 6 new customers, average check 180,000)
        startService(kafka);
        producer.plan("""
                - scope: employee
                  id: e-017
                  period: month
                  baseSalary: 60000
                  plannedBonus: 50000
                  bonusModel: weighted
                  kpis:
                    - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                    - { kpi: new_customers, target: 5, weight: 0.3 }
                    - { kpi: aov, target: 200000, weight: 0.2 }
                """);
        Instant now = Instant.now();
        campaign("c-alpha", 1200, 30, "10", now);
        campaign("c-beta", 400, 4, "5", now);
        for (int i = 0; i < 6; i++) {
            producer.send(order("e017-" + i, "e-017", "180000", "30000", true, now));
        }
        producer.flush();
        await("the API has the company's day")
                .atMost(PATIENCE)
                .until(() -> decimal(companyDay(), "revenue").compareTo(new BigDecimal("1080000")) == 0
                        && decimal(companyDay(), "clicks").intValue() == 34);
        await("the API has e-017's scorecard with six orders")
                .atMost(PATIENCE)
                .until(() -> status("/api/v1/scorecards/employee/e-017?period=month") == 200
                        && json(get("/api/v1/scorecards/employee/e-017?period=month"))
                                        .at("/items/1/fact")
                                        .intValue()
                                == 6);

        JsonNode card = json(get("/api/v1/scorecards/employee/e-017?period=month"));
        assertThat(card.at("/items/0/expected").isNumber())
                .as("pace's expected gross profit by now: %s", card)
                .isTrue();
        assertThat(card.at("/items/2/expected").isNull())
                .as("no pace for a ratio (aov)")
                .isTrue();
        assertThat(card.has("projectedTotalFulfillment") && card.has("projectedBonus"))
                .isTrue();

        // When: a browser opens the dashboard
        browser = Browser.start(1280, 800);
        closing.add(browser);
        browser.open(base + "/");

        // Then: the overview's tiles are the API's values of today, formatted in English
        await("the overview's tiles")
                .atMost(PATIENCE)
                .until(() -> browser.all(".tile").size() >= 6 && "live".equals(browser.attr("#live", "data-state")));
        JsonNode day = companyDay();
        List<String> kpis = browser.attrs(".tile", "data-kpi");
        List<String> raws = browser.attrs(".tile", "data-raw");
        for (int i = 0; i < kpis.size(); i++) {
            assertThat(new BigDecimal(raws.get(i)))
                    .as("tile %s", kpis.get(i))
                    .isEqualByComparingTo(decimal(day, kpis.get(i)));
        }
        assertThat(browser.text(".tile[data-kpi=revenue] .tile-value")).isEqualTo("₽1,080,000");
        assertThat(browser.text(".tile[data-kpi=orders] .tile-value")).isEqualTo("6");
        assertThat(browser.text("nav a[data-view=overview]")).isEqualTo("Overview");
        browser.screenshot("overview");

        // When: one more order arrives (another seller's) while the page is open
        browser.js("window.pulseNotReloaded = true;");
        producer.send(order("other-1", "e-099", "20000", "0", false, Instant.now()));
        producer.flush();

        // Then: the number changes on the open page, without a reload
        await("the orders tile says 7")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(browser.text(".tile[data-kpi=orders] .tile-value"))
                        .isEqualTo("7"));
        assertThat(browser.js("return window.pulseNotReloaded === true;")).isEqualTo(true);

        // The campaigns view: both campaigns with the API's CTR, sortable by a column
        JsonNode scopes = json(get("/api/v1/scopes/campaign?period=day"));
        assertThat(List.of(JSON.treeToValue(scopes.get("ids"), String[].class))).contains("c-alpha", "c-beta");
        browser.click("nav a[data-view=campaigns]");
        await("the campaigns table")
                .atMost(PATIENCE)
                .until(() -> browser.all("#grid tbody tr").size() >= 2);
        assertThat(new BigDecimal(browser.attr("tr[data-id=c-alpha] td[data-kpi=ctr]", "data-raw")))
                .isEqualByComparingTo(decimal(json(get("/api/v1/kpis/campaign/c-alpha?period=day")), "ctr"))
                .isEqualByComparingTo("2.5");
        assertThat(browser.text("tr[data-id=c-alpha] td[data-kpi=ctr]")).isEqualTo("2.5%");
        assertThat(browser.text("tr[data-id=c-alpha] td[data-kpi=impressions]")).isEqualTo("1,200");
        browser.click("button[data-sort=ctr]");
        assertThat(browser.attr("#grid tbody tr", "data-id")).isEqualTo("c-alpha");
        browser.click("button[data-sort=ctr]");
        assertThat(browser.attr("#grid tbody tr", "data-id")).isEqualTo("c-beta");
        browser.click("button[data-sort=ctr]");
        browser.click("tr[data-id=c-alpha]");
        await("c-alpha's detail").atMost(PATIENCE).until(() -> "Campaign c-alpha".equals(browser.text(".detail h2")));
        browser.screenshot("campaigns");

        // The passport of e-017: SPEC §4's worked example, 99% and a bonus of 49,500
        browser.click("nav a[data-view=people]");
        await("e-017 in the roster")
                .atMost(PATIENCE)
                .until(() -> !browser.all(".roster a[data-id=e-017]").isEmpty());
        browser.click(".roster a[data-id=e-017]");
        await("e-017's passport")
                .atMost(PATIENCE)
                .until(() -> !browser.all(".passport .item[data-kpi=aov]").isEmpty());
        assertThat(raw(".item[data-kpi=gross_profit] .fact")).isEqualByComparingTo("900000");
        assertThat(raw(".item[data-kpi=gross_profit] .fulfillment")).isEqualByComparingTo("90");
        assertThat(raw(".item[data-kpi=new_customers] .fact")).isEqualByComparingTo("6");
        assertThat(raw(".item[data-kpi=new_customers] .fulfillment")).isEqualByComparingTo("120");
        assertThat(raw(".item[data-kpi=aov] .fact")).isEqualByComparingTo("180000");
        assertThat(raw(".item[data-kpi=aov] .fulfillment")).isEqualByComparingTo("90");
        assertThat(raw(".stat.total")).isEqualByComparingTo("99");
        assertThat(raw(".stat.bonus")).isEqualByComparingTo("49500");
        assertThat(raw(".stat.payout")).isEqualByComparingTo("109500");
        assertThat(browser.text(".stat.total .stat-value")).isEqualTo("99%");
        assertThat(browser.text(".stat.bonus .stat-value")).isEqualTo("₽49,500");
        assertThat(browser.text(".item[data-kpi=gross_profit] .fact b")).isEqualTo("₽900,000");
        assertThat(browser.text(".passport .badge-state")).isEqualToIgnoringCase("Virtual");
        browser.screenshot("passport");

        // A person without a plan says so
        browser.open(base + "/#people/employee/e-099");
        await("the empty state of e-099")
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(browser.text(".passport .empty-title")).isEqualTo("No plan for e-099 this month"));

        // The alerts feed: a plan alert the test raises appears while the feed is open
        browser.click("nav a[data-view=alerts]");
        await("the alert feed")
                .atMost(PATIENCE)
                .until(() -> !browser.all("#alert-list li").isEmpty());
        assertThat(browser.texts("li.alert[data-type=PLAN_MET]"))
                .anyMatch(t -> t.contains("e-017") && t.contains("New customers"));
        browser.js("window.pulseNotReloaded = true;");
        producer.send(order("e017-big", "e-017", "200000", "0", false, Instant.now()));
        producer.flush();
        await("PLAN_MET for e-017's gross profit in the feed")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(browser.texts("li.alert[data-type=PLAN_MET]"))
                        .anyMatch(t -> t.contains("e-017") && t.contains("Gross profit")));
        assertThat(browser.js("return window.pulseNotReloaded === true;")).isEqualTo(true);
        new Select(browser.one("#filter-type")).selectByValue("PLAN_MET");
        new Select(browser.one("#filter-scope")).selectByValue("employee");
        assertThat(browser.attrs("#alert-list li", "data-type")).isNotEmpty().containsOnly("PLAN_MET");
        browser.screenshot("alerts");

        // Russian: other labels, other number format, and remembered over a reload
        new Select(browser.one("#lang")).selectByValue("ru");
        await("Russian labels")
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(browser.text("nav a[data-view=overview]")).isEqualTo("Обзор"));
        browser.click("nav a[data-view=overview]");
        await("the revenue tile in Russian")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(browser.text(".tile[data-kpi=revenue] .tile-value"))
                        .isEqualTo("1 300 000 ₽"));
        browser.open(base + "/#people/employee/e-017");
        await("the passport in Russian after a reload").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(browser.text("nav a[data-view=people]")).isEqualTo("Сотрудники и команды");
            assertThat(browser.text(".stat.total .stat-label")).isEqualTo("Общее выполнение");
            // 0.5 x 110 + 0.3 x 120 + 0.2 x (1,280,000 / 7 / 200,000 x 100) = 109.285714...
            assertThat(browser.text(".stat.total .stat-value")).isEqualTo("109,3 %");
        });
        browser.screenshot("passport-ru");

        // A phone-width screen: no sideways scrolling of the page
        browser.viewport(390, 844);
        await("the passport at phone width")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                browser.js("return document.documentElement.scrollWidth <= window.innerWidth;"))
                        .isEqualTo(true));
        browser.screenshot("passport-phone");

        // And the console stayed clean
        assertThat(browser.severeConsoleEntries()).isEmpty();
    }

    // ---- fixtures

    private void startService(KafkaCluster kafka) {
        String prefix = kafka.uniqueName("dash") + ".";
        String registry = kafka.uniqueName("dash-registry");
        try (Admin admin = kafka.admin()) {
            new TopicAdmin(admin)
                    .ensure(TopicPlanner.plan(
                            NameOnlySerdes.topics(prefix),
                            TopicSettings.defaults().withPartitions(2).withReplicationFactor((short) 1)));
        }
        PulseConfig config = PulseConfig.parse(
                """
                timezone: %s
                currency: RUB
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s
                  partitions: 2
                  emitInterval: PT0.2S
                  commitInterval: PT0.1S
                  stateDir: %s
                http:
                  host: localhost
                  port: 0
                auth:
                  mode: none
                """.formatted(
                        ZONE, kafka.bootstrapServers(), registry, kafka.uniqueName("pulse-dash"), prefix, stateDir),
                Map.of());
        HttpApiComponent component = new HttpApiComponent();
        PulseService service = new PulseService(config, List.of(component));
        closing.add(service);
        service.start();
        await("Kafka Streams RUNNING and the API reading the outputs")
                .atMost(PATIENCE)
                .until(() -> {
                    assertThat(service.failure()).as("uncaught streams failure").isEmpty();
                    return service.state() == KafkaStreams.State.RUNNING
                            && component.api().outputsAssigned();
                });
        base = "http://localhost:" + component.api().port();
        producer = new Producer(kafka, prefix, registry);
        closing.add(producer.kafka);
    }

    private void campaign(String id, int impressions, int clicks, String costPerClick, Instant at) {
        for (int i = 0; i < impressions; i++) {
            producer.send(ImpressionEvent.newBuilder()
                    .setEventId(id + "-imp-" + i)
                    .setOccurredAt(at)
                    .setCampaignId(id)
                    .build());
        }
        for (int i = 0; i < clicks; i++) {
            producer.send(ClickEvent.newBuilder()
                    .setEventId(id + "-click-" + i)
                    .setOccurredAt(at)
                    .setCampaignId(id)
                    .setCost(money(costPerClick))
                    .build());
        }
    }

    private static OrderEvent order(
            String eventId, String employee, String revenue, String cost, boolean newCustomer, Instant at) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setCustomerId("cust-" + eventId)
                .setEmployeeId(employee)
                .setRevenue(money(revenue))
                .setCost(money(cost))
                .setNewCustomer(newCustomer)
                .build();
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }

    private BigDecimal raw(String css) {
        return new BigDecimal(browser.attr(".passport " + css, "data-raw"));
    }

    private JsonNode companyDay() {
        return json(get("/api/v1/kpis/company/all?period=day"));
    }

    private static BigDecimal decimal(JsonNode kpiAnswer, String kpi) {
        for (JsonNode v : kpiAnswer.get("values")) {
            if (v.get("kpi").asText().equals(kpi)) {
                return v.get("value").decimalValue();
            }
        }
        return BigDecimal.valueOf(-1);
    }

    private HttpResponse<String> send(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        return send(path).statusCode();
    }

    private String get(String path) {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** Avro events and plans onto the service's input topics, as {@code produce} and {@code plans load} write them. */
    private static final class Producer {
        private final KafkaProducer<byte[], byte[]> kafka;
        private final RegistryAvroSerdes avro;
        private final Topics topics;

        Producer(KafkaCluster cluster, String prefix, String registry) {
            this.kafka = new KafkaProducer<>(
                    cluster.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
            this.avro = RegistryAvroSerdes.inMemory(registry);
            this.topics = new Topics(prefix, avro);
        }

        @SuppressWarnings("unchecked")
        void send(SpecificRecord event) {
            EventType type = Stream.of(EventType.values())
                    .filter(t -> t.avroClass().isInstance(event))
                    .findFirst()
                    .orElseThrow();
            String topic = topics.event(type).name();
            Serde<SpecificRecord> serde = (Serde<SpecificRecord>) (Serde<?>) avro.valueSerde(type.avroClass());
            kafka.send(new ProducerRecord<>(
                    topic,
                    String.valueOf(event.get(0)).getBytes(StandardCharsets.UTF_8),
                    serde.serializer().serialize(topic, event)));
        }

        void plan(String yaml) {
            String topic = topics.plans().name();
            for (Plan p : new PlanLoader(KpiCatalog.builtIn()).load(yaml)) {
                kafka.send(new ProducerRecord<>(
                        topic,
                        p.key().getBytes(StandardCharsets.UTF_8),
                        avro.valueSerde(io.pulse.avro.control.Plan.class)
                                .serializer()
                                .serialize(topic, PlanAvro.toAvro(p))));
            }
            kafka.flush();
        }

        void flush() {
            kafka.flush();
        }
    }
}
