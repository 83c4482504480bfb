package io.pulse.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.app.access.TokenHash;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.service.PulseService;
import io.pulse.dev.Main;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §10 in the browser: the dashboard, served by the real service with {@code auth.mode: tokens} on the real
 * embedded broker, signed in with employee e-1's pasted static token, shows e-1's passport and nothing of e-3 (same
 * team, a plan, orders and alerts of their own): not in the people list, the overview or the alert feed, and not in
 * what the page's EventSource receives while both keep selling. The stream rides on the HttpOnly session cookie,
 * never on a token in a URL; e-3's passport by address shows the 403 message; signing out ends the stream and the
 * session and brings the login back.
 */
@WithKafkaCluster
class DashboardAccessIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPLOYEE_TOKEN = TokenHash.newToken();
    private static final String OTHER_EMPLOYEE_TOKEN = TokenHash.newToken();
    private static final String LEAD_TOKEN = TokenHash.newToken();
    private static final String ADMIN_TOKEN = TokenHash.newToken();
    /** What e-1 may not see, as ids anywhere in a text: e-3 (same team) or e-9 (south), not part of a longer id (e-30). */
    private static final Pattern E3 = Pattern.compile("(?<![\\w-])e-[39](?![\\w-])");
    /** What north's lead may not see: e-9 of south. */
    private static final Pattern E9 = Pattern.compile("(?<![\\w-])e-9(?![\\w-])");

    /**
     * Watches the page's EventSource from inside the page (before the dashboard's scripts run): every URL it opens
     * and every event it delivers, as the page's own handlers receive them.
     */
    private static final String WATCH_STREAM = """
            (() => {
              const Real = window.EventSource;
              window.pulseStreamUrls = [];
              window.pulseStreamEvents = [];
              window.EventSource = class extends Real {
                constructor(url, init) {
                  super(url, init);
                  window.pulseStreamUrls.push(String(new URL(url, location.href)));
                  for (const type of ['kpi', 'scorecard', 'alert']) {
                    this.addEventListener(type, (m) => window.pulseStreamEvents.push(type + ' ' + m.data));
                  }
                }
              };
            })();
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Path config;
    private String base;
    private Browser browser;
    private int batch;

    @AfterEach
    void closeEverything() throws Exception {
        if (browser != null) {
            browser.screenshot("access-last-state");
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void shouldShowAnEmployeeTheirOwnPassportAndNothingOfAnotherEmployee(KafkaCluster kafka) throws Exception {
        // Given: tokens for e-1, e-3, north's lead and an admin; e-1 and e-3 both in north, each with a month plan
        // (e-1's is SPEC §4's sales manager's), e-1's six orders of the worked example and three of e-3, which meet
        // e-3's plan (a PLAN_MET alert for e-3 that e-1 must not see)
        startService(kafka, "mode: tokens");
        givenE1E3AndE9();
        assertThat(get("/api/v1/me", null).statusCode())
                .as("without a token the API answers 401")
                .isEqualTo(401);
        assertThat(get("/api/v1/scorecards/employee/e-3?period=month", EMPLOYEE_TOKEN)
                        .statusCode())
                .isEqualTo(403);

        // When: a browser opens the dashboard
        browser = Browser.start(1280, 800, true);
        closing.add(browser);
        browser.beforeEveryPage(WATCH_STREAM);
        browser.open(base + "/#people");

        // Then: the login, and nothing else has been asked for
        await("the login")
                .atMost(PATIENCE)
                .until(() ->
                        "false".equals(String.valueOf(browser.js("return document.getElementById('login').hidden;"))));
        assertThat(browser.text("#login h1")).isEqualTo("Sign in to Pulse");
        assertThat(browser.all("#view > *")).isEmpty();
        browser.screenshot("access-login");

        // When: e-1 pastes their token
        browser.one("#token").sendKeys(EMPLOYEE_TOKEN);
        browser.click("#login-form button[type=submit]");

        // Then: e-1's passport, SPEC §4's numbers, the stream live on the session cookie
        await("e-1's passport").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(raw(".item[data-kpi=gross_profit] .fact")).isEqualByComparingTo("900000");
            assertThat(raw(".stat.total")).isEqualByComparingTo("99");
            assertThat(raw(".stat.bonus")).isEqualByComparingTo("49500");
            assertThat(browser.attr("#live", "data-state")).isEqualTo("live");
        });
        assertThat(browser.text("#login-why")).isEmpty();
        assertThat(browser.js("return document.getElementById('login').hidden;"))
                .isEqualTo(true);
        assertThat(browser.text("#who")).isEqualTo("Employee · e-1");
        assertThat(browser.text(".passport-head h2")).isEqualTo("Employee e-1");
        assertThat(browser.attrs(".roster a.person", "data-id")).containsExactly("e-1");
        Map<String, Object> session = browser.cookie(base + "/api/v1/stream", "pulse_session");
        assertThat(session)
                .as("the session cookie")
                .isNotNull()
                .containsEntry("httpOnly", true)
                .containsEntry("path", "/api")
                .containsEntry("sameSite", "Strict");
        assertThat(browser.js("return document.cookie;"))
                .as("HttpOnly: the page's scripts cannot read it")
                .isEqualTo("");
        assertNothingOfE3("the passport");
        browser.screenshot("access-passport");

        // When: the overview and the alert feed
        browser.click("nav a[data-view=overview]");
        await("the overview's tiles")
                .atMost(PATIENCE)
                .until(() -> browser.all(".tile").size() >= 4);
        assertThat(new BigDecimal(browser.attr(".tile[data-kpi=orders]", "data-raw")))
                .as("the company's orders: e-1's 6, e-3's 3 and e-9's 1, none named")
                .isEqualByComparingTo("10");
        assertNothingOfE3("the overview");
        browser.click("nav a[data-view=alerts]");
        await("the alert feed")
                .atMost(PATIENCE)
                .until(() -> !browser.all("#alert-list li").isEmpty());
        assertThat(browser.texts("#alert-list li .scope")).isNotEmpty().allMatch(s -> s.equals("Employee e-1"));
        assertNothingOfE3("the alert feed");
        browser.screenshot("access-alerts");

        // When: the page is reloaded (the token stays in the tab's sessionStorage)
        String before = sessionId();
        browser.js("location.reload();");

        // Then: a new session, and the one it replaced opens no stream any more
        await("the alert feed after the reload").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(sessionId()).isNotNull().isNotEqualTo(before);
            assertThat(browser.all("#alert-list li")).isNotEmpty();
            assertThat(browser.attr("#live", "data-state")).isEqualTo("live");
        });
        assertThat(streamStatus("pulse_session=" + before)).isEqualTo(401);

        // When: both sell more while e-1 looks at their passport
        browser.click("nav a[data-view=people]");
        await("e-1's passport again")
                .atMost(PATIENCE)
                .until(() -> !browser.all(".passport .item[data-kpi=aov]").isEmpty());
        browser.js("window.pulseNotReloaded = true;");
        orders("e-1", 1, "200000", "0", false);
        orders("e-3", 2, "44444", "0", false);

        // Then: e-1's numbers change on the open page (1,100,000 gross profit: 110 %), and e-3 appears nowhere,
        // although the admin sees e-3's new scorecard
        await("e-1's gross profit moves live")
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(raw(".item[data-kpi=gross_profit] .fact")).isEqualByComparingTo("1100000"));
        assertThat(raw(".item[data-kpi=gross_profit] .fulfillment")).isEqualByComparingTo("110");
        assertThat(browser.js("return window.pulseNotReloaded === true;")).isEqualTo(true);
        await("e-3's five orders reached the outputs")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(fact("e-3", 0)).isEqualByComparingTo("5"));
        await("the page's stream has delivered e-1's new scorecard")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(streamEvents())
                        .anyMatch(e -> e.startsWith("scorecard ")
                                && e.contains("\"scopeId\":\"e-1\"")
                                && e.contains("1100000")));
        List<String> events = streamEvents();
        assertThat(events)
                .as("the page's stream: e-1, company, campaigns, channels only")
                .isNotEmpty()
                .extracting(DashboardAccessIT::scopeOf)
                .allMatch(s -> s.equals("employee|e-1")
                        || s.equals("company|all")
                        || s.startsWith("campaign|")
                        || s.startsWith("channel|"));
        assertThat(events).noneMatch(e -> E3.matcher(e).find() || e.contains("\"scope\":\"team\""));
        assertNothingOfE3("the passport after e-3's new orders");
        System.out.println(
                "access in the browser: e-1's page received " + events.size() + " stream events, none of e-3");
        browser.screenshot("access-passport-live");

        // And: no token in any URL the page asked for; the stream opened without a header, on the cookie
        List<Browser.Request> requests = browser.requests();
        assertThat(requests)
                .extracting(Browser.Request::url)
                .anyMatch(u -> u.endsWith("/api/v1/session"))
                .noneMatch(u -> u.contains(EMPLOYEE_TOKEN) || u.contains("token=") || u.contains("access_token"));
        assertThat(requests)
                .filteredOn(r -> r.url().contains("/api/v1/session"))
                .extracting(Browser.Request::method)
                .contains("POST");
        List<Browser.Request> streams = requests.stream()
                .filter(r -> r.url().contains("/api/v1/stream"))
                .toList();
        assertThat(streams).isNotEmpty().allSatisfy(r -> {
            assertThat(r.url()).isEqualTo(base + "/api/v1/stream");
            assertThat(r.headers()).doesNotContainKey("Authorization");
        });
        assertThat(pageStreamUrls()).isNotEmpty().containsOnly(base + "/api/v1/stream");

        // When: e-1 asks for e-3's passport by address
        browser.open(base + "/#people/employee/e-3");

        // Then: the 403 message and none of e-3's data
        await("the refusal")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(browser.text(".passport .empty.error .empty-title"))
                        .isEqualTo("You do not have access to this."));
        assertThat(browser.all(".passport .item")).isEmpty();
        assertThat(browser.all(".passport .stat")).isEmpty();
        assertThat(browser.attrs(".roster a.person", "data-id")).containsExactly("e-1");
        String page = (String) browser.js("return document.body.innerText;");
        assertThat(page).doesNotContain("777");
        browser.screenshot("access-forbidden");

        // When: e-1 signs out
        String sessionId = sessionId();
        assertThat(streamStatus("pulse_session=" + sessionId))
                .as("the session opens a stream before")
                .isEqualTo(200);
        await("the page's stream is open").atMost(PATIENCE).until(() -> streamClients() == 1);
        await("the badge counts e-1's PLAN_MET of gross profit, streamed while on the passport")
                .atMost(PATIENCE)
                .until(() -> Boolean.FALSE.equals(browser.js("return document.getElementById('alert-badge').hidden;")));
        browser.click("#signout");

        // Then: the login again, the session ended on the server, the stream closed, the cookie gone
        await("the login after signing out").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(browser.js("return document.getElementById('login').hidden;"))
                    .isEqualTo(false);
            assertThat(browser.text("#login-why")).isEqualTo("You have signed out.");
        });
        await("no stream connection left").atMost(PATIENCE).until(() -> streamClients() == 0);
        assertThat(streamStatus("pulse_session=" + sessionId))
                .as("the ended session opens nothing")
                .isEqualTo(401);
        assertThat(browser.cookie(base + "/api/v1/stream", "pulse_session")).isNull();
        assertThat(browser.js("return sessionStorage.getItem('pulse.token');")).isNull();
        assertThat(browser.all("#view > *")).isEmpty();
        assertThat(browser.text("#who")).isEmpty();
        assertThat(browser.js("return document.getElementById('alert-badge').hidden;"))
                .as("no count of e-1's unseen alerts left for the next caller")
                .isEqualTo(true);
        browser.screenshot("access-signed-out");

        // When: north's lead signs in on the same page (still at e-3's address)
        browser.js("window.pulseStreamEvents = [];");
        browser.one("#token").sendKeys(LEAD_TOKEN);
        browser.click("#login-form button[type=submit]");

        // Then: e-3's passport now, e-1 and e-3 in the list, nothing of e-9 of south
        await("e-3's passport for the lead").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(browser.text(".passport-head h2")).isEqualTo("Employee e-3");
            assertThat(raw(".item[data-kpi=orders] .fact")).isEqualByComparingTo("5");
            assertThat(browser.attrs(".roster a.person[data-scope=employee]", "data-id"))
                    .containsExactly("e-1", "e-3");
            assertThat(browser.attr("#live", "data-state")).isEqualTo("live");
        });
        assertThat(browser.text("#who")).isEqualTo("Team lead · north");
        assertNothingOf(E9, "the lead's passport of e-3");
        browser.screenshot("access-lead");
        orders("e-9", 1, "99999", "0", false);
        orders("e-3", 1, "44444", "0", false);
        await("the lead's stream delivers e-3's sixth order")
                .atMost(PATIENCE)
                .untilAsserted(
                        () -> assertThat(raw(".item[data-kpi=orders] .fact")).isEqualByComparingTo("6"));
        await("e-9's second order reached the outputs")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(kpi("e-9", "orders")).isEqualByComparingTo("2"));
        assertNothingOf(E9, "the lead's page after e-9's new order");
        browser.open(base + "/#people/employee/e-9");
        await("the refusal of e-9 for the lead")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(browser.text(".passport .empty.error .empty-title"))
                        .isEqualTo("You do not have access to this."));
        assertThat(browser.attrs(".roster a.person[data-scope=employee]", "data-id"))
                .containsExactly("e-1", "e-3");

        // And: the console has nothing but the two 403s this test provoked by asking for passports not the caller's
        assertThat(browser.severeConsoleEntries())
                .allSatisfy(e -> assertThat(e)
                        .containsAnyOf(
                                base + "/api/v1/scorecards/employee/e-3?period=month - ",
                                base + "/api/v1/scorecards/employee/e-9?period=month - ")
                        .contains("status of 403"));
    }

    /**
     * The same employee through the page's own OIDC login: authorization code with PKCE against a real provider
     * running in the test (mock-oauth2-server's login form, where the test types the user and its claims), the
     * access token kept by the page and traded for the stream's cookie; it appears in no URL.
     */
    @Test
    void shouldSignAnEmployeeInThroughOidcWithPkceAndShowOnlyTheirOwnPassport(KafkaCluster kafka) throws Exception {
        // Given: a provider whose authorization-code tokens are for Pulse's audience, the service in oidc mode
        MockOAuth2Server oidc = new MockOAuth2Server(OAuth2Config.Companion.fromJson("""
                {"interactiveLogin": true, "tokenCallbacks": [{"issuerId": "pulse", "tokenExpiry": 3600,
                  "requestMappings": [{"requestParam": "grant_type", "match": "*", "claims": {"aud": ["pulse-api"]}}]}]}
                """));
        oidc.start();
        closing.add(oidc::shutdown);
        startService(kafka, """
                mode: oidc
                oidc:
                  issuer: %s
                  audience: pulse-api
                  jwksUrl: %s
                  authorizationEndpoint: %s
                  tokenEndpoint: %s
                  roleClaim: pulse_role
                  subjectClaim: pulse_subject
                  clientId: pulse-dashboard
                """.formatted(
                        oidc.issuerUrl("pulse"),
                        oidc.jwksUrl("pulse"),
                        oidc.authorizationEndpointUrl("pulse"),
                        oidc.tokenEndpointUrl("pulse")));
        givenE1E3AndE9();

        // When: the dashboard, its single sign-on button, the provider's form as e-1
        browser = Browser.start(1280, 800, true);
        closing.add(browser);
        browser.beforeEveryPage(WATCH_STREAM);
        browser.open(base + "/#people");
        await("the single sign-on button")
                .atMost(PATIENCE)
                .until(() -> "false"
                        .equals(String.valueOf(browser.js("return document.getElementById('login-oidc').hidden;"))));
        assertThat(browser.js("return document.getElementById('login-token').hidden;"))
                .isEqualTo(true);
        browser.click("#oidc-start");
        await("the provider's login form")
                .atMost(PATIENCE)
                .until(() -> !browser.all("input[name=username]").isEmpty());
        assertThat((String) browser.js("return location.href;"))
                .startsWith(oidc.authorizationEndpointUrl("pulse").toString())
                .contains("code_challenge_method=S256")
                .contains("code_challenge=");
        browser.one("input[name=username]").sendKeys("e-1");
        browser.one("textarea[name=claims]").clear();
        browser.one("textarea[name=claims]").sendKeys("{\"pulse_role\": \"employee\", \"pulse_subject\": \"e-1\"}");
        browser.click("input[type=submit]");

        // Then: back on the dashboard, signed in as e-1, the passport, live, and nothing of e-3 or e-9
        await("e-1's passport after single sign-on").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(raw(".item[data-kpi=gross_profit] .fact")).isEqualByComparingTo("900000");
            assertThat(raw(".stat.total")).isEqualByComparingTo("99");
            assertThat(browser.attr("#live", "data-state")).isEqualTo("live");
        });
        assertThat(browser.text("#who")).isEqualTo("Employee · e-1");
        assertThat((String) browser.js("return location.href;"))
                .as("the code is gone from the address")
                .isEqualTo(base + "/#people");
        assertThat(browser.attrs(".roster a.person", "data-id")).containsExactly("e-1");
        orders("e-1", 1, "200000", "0", false);
        orders("e-3", 2, "44444", "0", false);
        await("e-1's gross profit moves live")
                .atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(raw(".item[data-kpi=gross_profit] .fact")).isEqualByComparingTo("1100000"));
        await("e-3's five orders reached the outputs")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(fact("e-3", 0)).isEqualByComparingTo("5"));
        assertNothingOfE3("the passport after single sign-on");
        browser.screenshot("access-oidc-passport");

        // And: the provider's access token (a JWT) is in no URL; the stream went on the cookie alone
        String token = (String) browser.js("return sessionStorage.getItem('pulse.token');");
        assertThat(token).as("the page holds the provider's JWT").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        List<Browser.Request> requests = browser.requests();
        assertThat(requests)
                .extracting(Browser.Request::url)
                .anyMatch(u -> u.startsWith(oidc.tokenEndpointUrl("pulse").toString()))
                .noneMatch(u -> u.contains(token) || u.contains(token.substring(0, 20)) || u.contains("access_token"));
        assertThat(requests)
                .filteredOn(r -> r.url().contains("/api/v1/stream"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("Authorization"));
        assertThat(pageStreamUrls()).isNotEmpty().containsOnly(base + "/api/v1/stream");
        // The console: clean, but for the provider's own login page, which asks the (offline) network for a font
        assertThat(browser.severeConsoleEntries())
                .allSatisfy(e -> assertThat(e)
                        .startsWith("http://fonts.googleapis.com/css?family=Raleway")
                        .contains("net::ERR_NAME_NOT_RESOLVED"));
    }

    // ---- what the page holds

    private void assertNothingOfE3(String where) {
        assertNothingOf(E3, where);
    }

    /** Nothing of {@code ids} in the page's markup (text, attributes, links, titles) nor in what its stream delivered. */
    private void assertNothingOf(Pattern ids, String where) {
        String html = (String) browser.js("return document.documentElement.outerHTML;");
        assertThat(ids.matcher(html).find())
                .as("%s in %s: %s", ids, where, html)
                .isFalse();
        assertThat(streamEvents())
                .as("the page's stream at " + where)
                .noneMatch(e -> ids.matcher(e).find());
    }

    /** The value of the browser's pulse_session cookie, or null. */
    private String sessionId() {
        Map<String, Object> c = browser.cookie(base + "/api/v1/stream", "pulse_session");
        return c == null ? null : (String) c.get("value");
    }

    @SuppressWarnings("unchecked")
    private List<String> streamEvents() {
        return (List<String>) browser.js("return window.pulseStreamEvents || [];");
    }

    @SuppressWarnings("unchecked")
    private List<String> pageStreamUrls() {
        return (List<String>) browser.js("return window.pulseStreamUrls || [];");
    }

    /** scope|scopeId of one recorded stream event ("type {json}"). */
    private static String scopeOf(String event) {
        JsonNode data = json(event.substring(event.indexOf(' ') + 1));
        return data.path("scope").asText() + "|" + data.path("scopeId").asText();
    }

    private BigDecimal raw(String css) {
        String v = browser.attr(".passport " + css, "data-raw");
        return v == null || v.isEmpty() ? BigDecimal.valueOf(-1) : new BigDecimal(v);
    }

    // ---- fixtures

    /** The directory, e-1's and e-3's plans, their first orders and e-9's, all through to the outputs. */
    private void givenE1E3AndE9() throws IOException {
        ok(pulse(
                "directory",
                "load",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("dir.yaml"), """
                - { employee: e-1, team: north }
                - { employee: e-3, team: north }
                - { employee: e-9, team: south }
                """).toString()));
        ok(pulse(
                "plans",
                "load",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("plans.yaml"), """
                - scope: employee
                  id: e-1
                  period: month
                  baseSalary: 60000
                  plannedBonus: 50000
                  bonusModel: weighted
                  kpis:
                    - { kpi: gross_profit, target: 1000000, weight: 0.5 }
                    - { kpi: new_customers, target: 5, weight: 0.3 }
                    - { kpi: aov, target: 200000, weight: 0.2 }
                - { scope: employee, id: e-3, period: month, plannedBonus: 777, kpis: [{ kpi: orders, target: 2, weight: 1 }] }
                """).toString()));
        orders("e-1", 6, "180000", "30000", true);
        orders("e-3", 3, "33333", "0", false);
        orders("e-9", 1, "99999", "0", false);
        await("e-1's and e-3's scorecards, e-3's PLAN_MET, e-9's orders")
                .atMost(PATIENCE)
                .untilAsserted(() -> {
                    assertThat(fact("e-1", 1)).isEqualByComparingTo("6");
                    assertThat(fact("e-3", 0)).isEqualByComparingTo("3");
                    assertThat(json(get("/api/v1/alerts", ADMIN_TOKEN).body())
                                    .get("alerts")
                                    .findValuesAsText("scopeId"))
                            .contains("e-1", "e-3");
                    assertThat(json(get("/api/v1/scopes/employee?period=month", ADMIN_TOKEN)
                                            .body())
                                    .get("ids")
                                    .toString())
                            .contains("\"e-9\"");
                });
    }

    /** The service with {@code auth} (its mode and more) beside the static tokens of the test's callers. */
    private void startService(KafkaCluster kafka, String auth) throws IOException {
        String prefix = kafka.uniqueName("dash-access") + ".";
        config = Files.writeString(dir.resolve("pulse.yaml"), """
                timezone: Europe/Moscow
                currency: RUB
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s
                  partitions: 2
                  replicationFactor: 1
                  emitInterval: PT0.2S
                  commitInterval: PT0.1S
                  stateDir: %s
                http:
                  host: localhost
                  port: 0
                auth:
                  %s
                  tokens:
                    - { name: e1, role: employee, subject: e-1, hash: %s }
                    - { name: e3, role: employee, subject: e-3, hash: %s }
                    - { name: north-lead, role: lead, subject: north, hash: %s }
                    - { name: ops, role: admin, hash: %s }
                """.formatted(
                        kafka.bootstrapServers(),
                        kafka.uniqueName("dash-access-registry"),
                        kafka.uniqueName("pulse-dash-access"),
                        prefix,
                        dir.resolve("state"),
                        auth.indent(2).strip(),
                        TokenHash.sha256Hex(EMPLOYEE_TOKEN),
                        TokenHash.sha256Hex(OTHER_EMPLOYEE_TOKEN),
                        TokenHash.sha256Hex(LEAD_TOKEN),
                        TokenHash.sha256Hex(ADMIN_TOKEN)));
        ok(pulse("topics", "create", "--config", config.toString()));
        HttpApiComponent component = new HttpApiComponent();
        PulseService service = new PulseService(PulseConfig.load(config, Map.of()), List.of(component));
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
    }

    /** {@code count} orders of {@code employee}, now, with {@code pulse produce}. */
    private void orders(String employee, int count, String revenue, String cost, boolean newCustomer)
            throws IOException {
        int n = ++batch;
        String at = Instant.now().toString();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(
                    "{\"type\":\"order\",\"eventId\":\"b%d-%s-%d\",\"occurredAt\":\"%s\",\"customerId\":\"cu-%d-%d\",\"employeeId\":\"%s\",\"revenue\":%s,\"cost\":%s,\"newCustomer\":%s}\n"
                            .formatted(n, employee, i, at, n, i, employee, revenue, cost, newCustomer));
        }
        ok(pulse(
                "produce",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("orders-" + n + ".jsonl"), lines).toString()));
    }

    /** The fact of item {@code item} of an employee's month scorecard, as the admin reads it; -1 while there is none. */
    private BigDecimal fact(String employee, int item) {
        HttpResponse<String> r = get("/api/v1/scorecards/employee/" + employee + "?period=month", ADMIN_TOKEN);
        return r.statusCode() == 200
                ? json(r.body()).at("/items/" + item + "/fact").decimalValue()
                : BigDecimal.valueOf(-1);
    }

    /** An employee's KPI of this month, as the admin reads it; -1 while there is none. */
    private BigDecimal kpi(String employee, String kpi) {
        HttpResponse<String> r = get("/api/v1/kpis/employee/" + employee + "?period=month", ADMIN_TOKEN);
        if (r.statusCode() == 200) {
            for (JsonNode v : json(r.body()).path("values")) {
                if (v.path("kpi").asText().equals(kpi)) {
                    return v.get("value").decimalValue();
                }
            }
        }
        return BigDecimal.valueOf(-1);
    }

    private int streamClients() {
        String metrics = get("/metrics", null).body();
        return metrics.lines()
                .filter(l -> l.startsWith("pulse_http_stream_clients "))
                .findFirst()
                .map(l ->
                        (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1).strip()))
                .orElseThrow();
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result pulse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    private static void ok(Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status of a stream request with only {@code cookie}; the connection is closed at once. */
    private int streamStatus(String cookie) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/stream"))
                .header("Accept", "text/event-stream")
                .header("Cookie", cookie)
                .build();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(r, HttpResponse.BodyHandlers.ofLines());
        response.body().close();
        return response.statusCode();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
