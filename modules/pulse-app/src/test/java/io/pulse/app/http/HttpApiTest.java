package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.avro.outputs.ScorecardItem;
import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.state.WindowKey;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API over two instances whose streams clients are stand-ins: routing, forwarding, errors, health, metrics,
 * access, alerts and the stream, without a broker.
 */
class HttpApiTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z"); // 15:00 in Moscow
    private static final Instant TODAY = Instant.parse("2026-11-02T21:00:00Z"); // 2026-11-03T00:00+03:00

    private final PulseStreamsConfig config =
            PulseStreamsConfig.builder().zone(MOSCOW).build();
    private final Topics topics = new Topics("pulse.", RegistryAvroSerdes.inMemory("http-api-test"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeStreams streamsA = new FakeStreams();
    private final FakeStreams streamsB = new FakeStreams();
    private HttpApi a;
    private HttpApi b;
    private HostInfo hostA;
    private HostInfo hostB;
    private HostInfo gone;

    @BeforeEach
    void startTwoInstances() throws IOException {
        a = api(HttpApiSettings.localhost(0)).start();
        b = api(HttpApiSettings.localhost(0)).start();
        hostA = new HostInfo("localhost", a.port());
        hostB = new HostInfo("localhost", b.port());
        try (ServerSocket s = new ServerSocket(0)) {
            gone = new HostInfo("localhost", s.getLocalPort());
        }
        Map<String, FakeStreams.Owner> owners = Map.of(
                "campaign|c-a", new FakeStreams.Owner(hostA, 0),
                "campaign|c-b", new FakeStreams.Owner(hostB, 1),
                "employee|e-b", new FakeStreams.Owner(hostB, 1),
                "campaign|c-gone", new FakeStreams.Owner(gone, 2));
        streamsA.owners = owners::get;
        streamsB.owners = owners::get;
        streamsA.store(PulseTopology.AGGREGATES_STORE, 0, aggregates("c-a", 20, 2000));
        streamsB.store(PulseTopology.AGGREGATES_STORE, 1, aggregates("c-b", 30, 1000));
        streamsB.store(
                PulseTopology.SCORECARDS_STORE,
                1,
                new InMemoryStore<String, Scorecard>()
                        .put(
                                "employee|e-b|month|"
                                        + Period.containing(PeriodKind.MONTH, NOW, MOSCOW)
                                                .start()
                                                .toEpochMilli(),
                                scorecard()));
        a.attach(streamsA);
        b.attach(streamsB);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private HttpApi api(HttpApiSettings settings) {
        return new HttpApi(settings, config, topics, null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static InMemoryStore<Bytes, MeasureVector> aggregates(String campaign, long clicks, long impressions) {
        return new InMemoryStore<Bytes, MeasureVector>()
                .put(
                        new WindowKey(Scope.CAMPAIGN, campaign, PeriodKind.DAY, TODAY.toEpochMilli()).toBytes(),
                        MeasureVector.builder()
                                .add(Measure.CLICKS, clicks)
                                .add(Measure.IMPRESSIONS, impressions)
                                .build());
    }

    private static Scorecard scorecard() {
        return Scorecard.newBuilder()
                .setScope("employee")
                .setScopeId("e-b")
                .setPeriod("month")
                .setPeriodStart("2026-11-01T00:00+03:00")
                .setPeriodEnd("2026-12-01T00:00+03:00")
                .setBonusModel("weighted")
                .setItems(List.of(ScorecardItem.newBuilder()
                        .setKpi("orders")
                        .setFact(dec("6"))
                        .setTarget(dec("5"))
                        .setWeight(dec("1"))
                        .setScoring("ratio")
                        .setFulfillment(dec("120"))
                        .setCoefficient(dec("1.2"))
                        .build()))
                .setTotalFulfillment(dec("120"))
                .setPlannedBonus(dec("1000"))
                .setBonus(dec("1200"))
                .setFinal$(false)
                .build();
    }

    private static BigDecimal dec(String v) {
        return new BigDecimal(v).setScale(6);
    }

    private HttpResponse<String> get(HttpApi api, String pathAndQuery, String... headers) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + pathAndQuery));
        if (headers.length > 0) {
            r.headers(headers);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static String servedBy(HttpResponse<String> r) {
        return r.headers().firstValue(QueryRouter.SERVED_BY).orElse(null);
    }

    @Test
    void shouldAnswerAKeyItOwnsFromItsOwnStore() {
        // When
        HttpResponse<String> r = get(a, "/api/v1/kpis/campaign/c-a?period=day&kpi=ctr");

        // Then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(servedBy(r)).isEqualTo("localhost:" + a.port());
        assertThat(r.body())
                .isEqualTo("{\"scope\":\"campaign\",\"scopeId\":\"c-a\",\"period\":\"day\","
                        + "\"from\":\"2026-11-03T00:00+03:00\",\"to\":\"2026-11-03T00:00+03:00\",\"values\":[{\"kpi\":\"ctr\","
                        + "\"scope\":\"campaign\",\"scopeId\":\"c-a\",\"period\":\"day\",\"periodStart\":\"2026-11-03T00:00+03:00\","
                        + "\"value\":1.0,\"numerator\":20.0,\"denominator\":2000.0,\"unit\":\"percent\",\"final\":false,"
                        + "\"periodEnd\":\"2026-11-04T00:00+03:00\",\"currency\":null}]}");
    }

    @Test
    void shouldForwardAKeyAnotherInstanceOwnsAndReturnItsAnswer() {
        // When
        HttpResponse<String> viaA = get(a, "/api/v1/kpis/campaign/c-b?period=day&kpi=ctr");
        HttpResponse<String> atB = get(b, "/api/v1/kpis/campaign/c-b?period=day&kpi=ctr");

        // Then
        assertThat(viaA.statusCode()).isEqualTo(200);
        assertThat(servedBy(viaA)).isEqualTo("localhost:" + b.port());
        assertThat(viaA.body()).isEqualTo(atB.body());
        assertThat(json(viaA).at("/values/0/value").decimalValue()).isEqualByComparingTo("3");
    }

    @Test
    void shouldForwardScorecardsAndSay404WhenThereIsNone() {
        // When
        HttpResponse<String> found = get(a, "/api/v1/scorecards/employee/e-b?period=month");
        HttpResponse<String> lastMonth = get(a, "/api/v1/scorecards/employee/e-b?period=month&at=2026-10-15");

        // Then
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(servedBy(found)).isEqualTo("localhost:" + b.port());
        assertThat(found.body())
                .isEqualTo(
                        "{\"scope\":\"employee\",\"scopeId\":\"e-b\",\"period\":\"month\","
                                + "\"periodStart\":\"2026-11-01T00:00+03:00\",\"bonusModel\":\"weighted\",\"items\":[{\"kpi\":\"orders\","
                                + "\"fact\":6.0,\"target\":5.0,\"threshold\":null,\"challenge\":null,\"weight\":1.0,\"fulfillment\":120.0,"
                                + "\"coefficient\":1.2,\"scoring\":\"ratio\",\"expected\":null,\"projected\":null}],\"totalFulfillment\":120.0,"
                                + "\"bonus\":1200.0,"
                                + "\"baseSalary\":null,\"payout\":null,\"final\":false,\"periodEnd\":\"2026-12-01T00:00+03:00\","
                                + "\"plannedBonus\":1000.0,\"currency\":null,\"projectedTotalFulfillment\":null,\"projectedBonus\":null}");
        assertThat(lastMonth.statusCode()).isEqualTo(404);
        assertThat(json(lastMonth).get("error").asText())
                .isEqualTo("no scorecard for employee e-b in the month starting 2026-10-01T00:00+03:00");
    }

    @Test
    void shouldAnswer503WithTheReasonWhenTheOwnerIsUnknownOrDown() {
        // When
        HttpResponse<String> unknown = get(a, "/api/v1/kpis/campaign/c-unknown?period=day");
        HttpResponse<String> down = get(a, "/api/v1/kpis/campaign/c-gone?period=day");

        // Then
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(json(unknown).get("error").asText())
                .isEqualTo(
                        "the owner of 'campaign|c-unknown' is unknown right now (Kafka Streams is RUNNING); retry shortly");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(json(down).get("error").asText())
                .startsWith("the owner of 'campaign|c-gone', localhost:" + gone.port() + ", is unavailable: ");
    }

    @Test
    void shouldNotForwardARequestThatWasForwardedAlready() {
        // When: B gets a forwarded request for a key A owns (B's view of ownership is stale)
        HttpResponse<String> r =
                get(b, "/api/v1/kpis/campaign/c-a?period=day", QueryRouter.FORWARDED_BY, "localhost:1");

        // Then
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("error").asText()).contains("ownership is moving");
    }

    @Test
    void shouldAnswer503WhenTheLocalPartitionIsNotQueryable() {
        // Given: A owns the key by metadata but its store partition is not open (restoring)
        streamsA.owners = key -> new FakeStreams.Owner(hostA, 5);

        // When
        HttpResponse<String> r = get(a, "/api/v1/kpis/campaign/c-a?period=day");

        // Then
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("error").asText()).startsWith("partition 5 of pulse-aggregates-store is not queryable");
    }

    @Test
    void shouldAnswer503WhenStreamsCannotTellTheOwner() {
        // Given
        streamsA.owners = key -> {
            throw new org.apache.kafka.streams.errors.StreamsNotStartedException("KafkaStreams is not running");
        };

        // When
        HttpResponse<String> r = get(a, "/api/v1/kpis/campaign/c-a?period=day");

        // Then
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(json(r).get("error").asText())
                .isEqualTo("cannot tell the owner of 'campaign|c-a' now (KafkaStreams is not running); retry shortly");
    }

    @Test
    void shouldAnswer503UntilStreamsRuns() {
        // Given
        HttpApi fresh = api(HttpApiSettings.localhost(0)).start();
        try {
            // Then
            assertThat(get(fresh, "/api/v1/kpis/campaign/c-a?period=day").body())
                    .isEqualTo("{\"error\":\"Kafka Streams is not started yet\"}");
            assertThat(get(fresh, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(fresh, "/health/live").statusCode()).isEqualTo(200);
            FakeStreams starting = new FakeStreams();
            starting.state = KafkaStreams.State.CREATED;
            fresh.attach(starting);
            HttpResponse<String> created = get(fresh, "/api/v1/kpis/campaign/c-a?period=day");
            assertThat(created.statusCode()).isEqualTo(503);
            assertThat(json(created).get("error").asText())
                    .isEqualTo("Kafka Streams is CREATED, so no state can be queried");
            assertThat(get(fresh, "/health/ready").body())
                    .isEqualTo("{\"status\":\"not ready\",\"state\":\"CREATED\"}");
        } finally {
            fresh.close();
        }
    }

    @Test
    void shouldRejectBadParametersWithOneLine400() {
        assertThat(Stream.of(
                                "/api/v1/kpis/planet/x?period=day",
                                "/api/v1/kpis/campaign/c-a?period=fortnight",
                                "/api/v1/kpis/campaign/c-a",
                                "/api/v1/kpis/campaign/c-a?period=day&kpi=happiness",
                                "/api/v1/kpis/campaign/c-a?period=day&from=yesterday",
                                "/api/v1/kpis/campaign/c-a?period=day&to=2026-11-03",
                                "/api/v1/kpis/campaign/c-a?period=hour&from=2026-01-01&to=2026-11-01",
                                "/api/v1/scorecards/employee/e-b",
                                "/api/v1/alerts?limit=0",
                                "/api/v1/alerts?scope=planet")
                        .map(p -> get(a, p)))
                .allSatisfy(r -> {
                    assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(400);
                    assertThat(json(r).get("error").asText()).isNotBlank();
                    assertThat(r.body()).doesNotContain("\n");
                });
        assertThat(json(get(a, "/api/v1/kpis/campaign/c-a?period=day&kpi=happiness"))
                        .get("error")
                        .asText())
                .startsWith("unknown KPI 'happiness': expected one of impressions, clicks");
    }

    @Test
    void shouldOnlyServePeriodsTheTopologyAggregates() {
        // Given
        PulseStreamsConfig days = PulseStreamsConfig.builder()
                .zone(MOSCOW)
                .periods(java.util.EnumSet.of(PeriodKind.DAY, PeriodKind.MONTH))
                .build();
        HttpApi api = new HttpApi(HttpApiSettings.localhost(0), days, topics, null).start();
        try {
            // Then
            assertThat(json(get(api, "/api/v1/kpis/campaign/c-a?period=hour"))
                            .get("error")
                            .asText())
                    .isEqualTo("period 'hour' is not aggregated; configured periods: day, month");
        } finally {
            api.close();
        }
    }

    @Test
    void shouldReadHistoryBetweenFromAndTo() {
        // When: from yesterday to the end of today, with the offset's '+' left unencoded
        HttpResponse<String> r = get(
                a,
                "/api/v1/kpis/campaign/c-a?period=day&kpi=clicks"
                        + "&from=2026-11-02T00:00+03:00&to=2026-11-03T23:00:00Z");

        // Then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("from").asText()).isEqualTo("2026-11-02T00:00+03:00");
        assertThat(body.get("values")).hasSize(1);
        assertThat(body.at("/values/0/value").decimalValue()).isEqualByComparingTo("20");
    }

    @Test
    void shouldReportLivenessReadinessAndMetrics() {
        // Given
        streamsA.metrics = PrometheusTextTest.metrics(
                PrometheusTextTest.metric("stream-thread-metrics", "commit-total", 3.0, "thread-id", "t1"));

        // Then
        assertThat(get(a, "/health/live").body()).isEqualTo("{\"status\":\"live\"}");
        assertThat(get(a, "/health/ready").body()).isEqualTo("{\"status\":\"ready\",\"state\":\"RUNNING\"}");
        HttpResponse<String> metrics = get(a, "/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
                .contains(
                        "pulse_streams_state{state=\"RUNNING\"} 1\n",
                        "pulse_streams_state{state=\"REBALANCING\"} 0\n",
                        "kafka_stream_thread_metrics_commit_total{thread_id=\"t1\"} 3\n",
                        "pulse_events_in_total{type=\"click\"} 0\n");

        // When the streams client died for good, liveness says so
        streamsA.state = KafkaStreams.State.ERROR;
        assertThat(get(a, "/health/live").statusCode()).isEqualTo(503);
        assertThat(get(a, "/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldRequireTheBearerTokenOnTheApiWhenOneIsSetAndPassItOnWhenForwarding() {
        // Given: two instances sharing a token
        HttpApi c = api(HttpApiSettings.localhost(0).withAccessToken("s3cret")).start();
        HttpApi d = api(HttpApiSettings.localhost(0).withAccessToken("s3cret")).start();
        try {
            FakeStreams sc = new FakeStreams();
            FakeStreams sd = new FakeStreams();
            HostInfo hostD = new HostInfo("localhost", d.port());
            sc.owners = key -> new FakeStreams.Owner(hostD, 1);
            sd.owners = sc.owners;
            sd.store(PulseTopology.AGGREGATES_STORE, 1, aggregates("c-d", 1, 10));
            c.attach(sc);
            d.attach(sd);

            // Then
            HttpResponse<String> none = get(c, "/api/v1/kpis/campaign/c-d?period=day");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(get(c, "/api/v1/kpis/campaign/c-d?period=day", "Authorization", "Bearer wrong")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(get(c, "/api/v1/alerts").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = get(c, "/api/v1/kpis/campaign/c-d?period=day", "Authorization", "Bearer s3cret");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(servedBy(ok)).isEqualTo("localhost:" + d.port());
            assertThat(get(c, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(c, "/metrics").statusCode()).isEqualTo(200);
        } finally {
            c.close();
            d.close();
        }
    }

    @Test
    void shouldListRecentAlertsNewestFirst() {
        // Given
        a.alertBuffer().add(AlertBufferTest.alert("x1", "campaign", "c-1", NOW.minusSeconds(60)));
        a.alertBuffer().add(AlertBufferTest.alert("x2", "campaign", "c-2", NOW));

        // When
        JsonNode all = json(get(a, "/api/v1/alerts"));
        JsonNode one = json(get(a, "/api/v1/alerts?scope=campaign&scopeId=c-1&since=2026-11-03T11:00:00Z&limit=5"));

        // Then
        assertThat(all.get("alerts")).hasSize(2);
        assertThat(all.at("/alerts/0/alertId").asText()).isEqualTo("x2");
        assertThat(JsonForms.write(one))
                .isEqualTo("{\"alerts\":[{\"alertId\":\"x1\",\"type\":\"THRESHOLD\","
                        + "\"severity\":\"warning\",\"rule\":null,\"kpi\":\"ctr\",\"scope\":\"campaign\",\"scopeId\":\"c-1\","
                        + "\"period\":null,\"periodStart\":null,\"value\":null,\"limit\":null,\"at\":\"2026-11-03T11:59:00Z\","
                        + "\"message\":\"ctr of c-1\",\"expected\":null,\"projection\":null}]}");
    }

    @Test
    void shouldEndTheSessionABrowserHadWhenItOpensANewOne() throws Exception {
        // Given: a session opened with the bearer, as the dashboard does at every start
        HttpApi c = api(HttpApiSettings.localhost(0).withAccessToken("s3cret")).start();
        try {
            String first = sessionCookie(c, null);
            assertThat(streamStatus(c, first)).isEqualTo(200);

            // When: the same browser (its cookie goes along) opens a session again, after a reload
            String second = sessionCookie(c, first);

            // Then: the new one streams, the one it replaced does not
            assertThat(second).isNotEqualTo(first);
            assertThat(streamStatus(c, second)).isEqualTo(200);
            assertThat(streamStatus(c, first)).isEqualTo(401);
        } finally {
            c.close();
        }
    }

    /** POST /api/v1/session with the bearer (and {@code cookie}, if any); the new pulse_session=... pair. */
    private String sessionCookie(HttpApi api, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/v1/session"))
                .header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private int streamStatus(HttpApi api, String cookie) throws Exception {
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/v1/stream"))
                        .header("Accept", "text/event-stream")
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        r.body().close();
        return r.statusCode();
    }

    @Test
    void shouldStreamUpdatesAsServerSentEvents() throws Exception {
        // Given
        assertThat(get(a, "/api/v1/stream").statusCode()).isEqualTo(406);
        HttpResponse<Stream<String>> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + a.port() + "/api/v1/stream?scope=campaign"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).isEqualTo(": connected");
        await("the stream client is registered")
                .atMost(Duration.ofSeconds(10))
                .until(() -> a.hub().clients() == 1);

        // When: an employee update (filtered out) and a campaign update
        a.hub().publish(new SseHub.Item("scorecard", "employee", "e-1", "{\"n\":0}"));
        a.hub().publish(new SseHub.Item("kpi", "campaign", "c-1", "{\"n\":1}"));

        // Then
        assertThat(lines.next()).isEqualTo("event: kpi");
        assertThat(lines.next()).isEqualTo("data: {\"n\":1}");
        r.body().close();
    }
}
