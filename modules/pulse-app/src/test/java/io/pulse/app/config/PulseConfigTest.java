package io.pulse.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.Scope;
import io.pulse.core.alert.Severity;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.pace.WorkingTime;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PulseConfigTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static final String FULL = """
            timezone: Europe/Moscow
            currency: RUB
            workingTime: { days: [MON, TUE, WED, THU, FRI], from: "09:00", to: "18:00" }
            pace: { tolerance: 0.25, minElapsed: 0.2, interval: PT30S }
            kpis:
              points: "3*orders + qualified_leads"
            alerts:
              - name: high-bounce
                kpi: bounce_rate
                scope: campaign
                period: day
                condition: "> 40"
                minSample: { measure: sessions, count: 100 }
                severity: warning
            kafka:
              bootstrap.servers: broker-1:9093,broker-2:9093
              security.protocol: SASL_SSL
              sasl:
                mechanism: SCRAM-SHA-512
                jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="pulse" password="secret";
              producer.linger.ms: 20
            registry:
              url: [https://registry-1:8081, https://registry-2:8081]
              username: pulse
              password: hunter2
              autoRegister: false
            streams:
              applicationId: pulse-prod
              topicPrefix: acme.
              partitions: 12
              replicationFactor: 3
              grace: PT5M
              dedupeHorizon: P3D
              emitInterval: PT2S
              stateDir: /var/lib/pulse
              standbyReplicas: 1
              commitInterval: PT0.5S
              threads: 2
            topics:
              outputRetention: P30D
            http:
              port: 9090
              advertisedUrl: http://pulse-0.pulse:9090
            """;

    @Nested
    class Defaults {
        @Test
        void shouldRunAgainstLocalKafkaAndRegistryWithNamedDefaults() {
            // When
            PulseConfig config = PulseConfig.defaults();

            // Then
            assertThat(config.timezone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(config.currency()).isEqualTo("USD");
            assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
            assertThat(config.registry().urls()).containsExactly("http://localhost:8081");
            assertThat(config.registry().autoRegister()).isTrue();
            assertThat(config.streams()).isEqualTo(StreamsSection.defaults());
            assertThat(config.streams().grace()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.streams().dedupeHorizon()).isEqualTo(Duration.ofDays(7));
            assertThat(config.workingTime().days())
                    .containsExactly(
                            DayOfWeek.MONDAY,
                            DayOfWeek.TUESDAY,
                            DayOfWeek.WEDNESDAY,
                            DayOfWeek.THURSDAY,
                            DayOfWeek.FRIDAY);
            assertThat(config.workingTime().from()).isEqualTo(LocalTime.of(9, 0));
            assertThat(config.pace().tolerance()).isEqualByComparingTo("0.2");
            assertThat(config.pace().interval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.http().port()).isEqualTo(8080);
            assertThat(config.kpis()).isEmpty();
            assertThat(config.alerts()).isEmpty();
        }

        @Test
        void shouldTreatAnEmptyFileAsTheDefaults(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("pulse.yaml"), "# nothing here\n");

            assertThat(PulseConfig.load(file, NO_ENV)).isEqualTo(PulseConfig.defaults());
        }

        @Test
        void shouldMakeStreamsPropertiesFromPulsesDefaults() {
            Properties p = PulseConfig.defaults().streamsProperties();

            assertThat(p)
                    .containsEntry("application.id", "pulse")
                    .containsEntry("bootstrap.servers", "localhost:9092")
                    .containsEntry("processing.guarantee", "exactly_once_v2")
                    .containsEntry("application.server", "localhost:8080")
                    .containsEntry("commit.interval.ms", 100L)
                    .containsEntry("producer.compression.type", "none")
                    .doesNotContainKey("state.dir");
        }

        @Test
        void shouldLetTheKafkaPropertiesCompressWhatTheStreamThreadsWrite() {
            Properties p = PulseConfig.parse("kafka: { producer.compression.type: zstd }", NO_ENV)
                    .streamsProperties();

            assertThat(p).containsEntry("producer.compression.type", "zstd");
        }
    }

    @Nested
    class File {
        @Test
        void shouldReadEverySection() {
            // When
            PulseConfig config = PulseConfig.parse(FULL, NO_ENV);

            // Then
            assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Moscow"));
            assertThat(config.currency()).isEqualTo("RUB");
            assertThat(config.kpis()).containsExactly(Map.entry("points", "3*orders + qualified_leads"));
            assertThat(config.alerts()).singleElement().satisfies(rule -> {
                assertThat(rule.name()).isEqualTo("high-bounce");
                assertThat(rule.kpi()).isEqualTo("bounce_rate");
                assertThat(rule.scope()).isEqualTo(Scope.CAMPAIGN);
                assertThat(rule.period()).isEqualTo(PeriodKind.DAY);
                assertThat(rule.minSample().count()).isEqualTo(100);
                assertThat(rule.severity()).isEqualTo(Severity.WARNING);
            });
            assertThat(config.workingTime()).isEqualTo(WorkingTime.DEFAULT);
            assertThat(config.pace().tolerance()).isEqualByComparingTo("0.25");
            assertThat(config.pace().minElapsed()).isEqualByComparingTo("0.2");
            assertThat(config.pace().interval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.kafka().properties())
                    .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("producer.linger.ms", "20");
            assertThat(config.registry().urls()).containsExactly("https://registry-1:8081", "https://registry-2:8081");
            assertThat(config.streams().partitions()).isEqualTo(12);
            assertThat(config.streams().grace()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.streams().stateDir()).isEqualTo(Path.of("/var/lib/pulse"));
            assertThat(config.topics().outputRetention()).isEqualTo(Duration.ofDays(30));
            assertThat(config.topics().eventRetention()).isEqualTo(Duration.ofDays(7));
        }

        @Test
        void shouldDeriveTheTopologysConfiguration() {
            PulseStreamsConfig streams = PulseConfig.parse(FULL, NO_ENV).streamsConfig();

            assertThat(streams.topicPrefix()).isEqualTo("acme.");
            assertThat(streams.zone()).isEqualTo(ZoneId.of("Europe/Moscow"));
            assertThat(streams.currency()).isEqualTo("RUB");
            assertThat(streams.grace()).isEqualTo(Duration.ofMinutes(5));
            assertThat(streams.dedupeHorizon()).isEqualTo(Duration.ofDays(3));
            assertThat(streams.partitions()).isEqualTo(12);
            assertThat(streams.customKpis()).containsKey("points");
            assertThat(streams.closeOnWallClock()).isTrue();
            assertThat(streams.alertRules()).extracting(ThresholdRule::name).containsExactly("high-bounce");
            assertThat(streams.workingTime()).isEqualTo(WorkingTime.DEFAULT);
            assertThat(streams.paceTolerance()).isEqualByComparingTo("0.25");
            assertThat(streams.paceInterval()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void shouldDeriveStreamsPropertiesWithOverridesAndTheAdvertisedServer() {
            Properties p = PulseConfig.parse(FULL, NO_ENV).streamsProperties();

            assertThat(p)
                    .containsEntry("application.id", "pulse-prod")
                    .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                    .containsEntry("application.server", "pulse-0.pulse:9090")
                    .containsEntry("state.dir", "/var/lib/pulse")
                    .containsEntry("num.standby.replicas", 1)
                    .containsEntry("replication.factor", 3)
                    .containsEntry("commit.interval.ms", 500L)
                    .containsEntry("num.stream.threads", 2)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("producer.linger.ms", "20")
                    .containsEntry("processing.guarantee", "exactly_once_v2");
        }

        @Test
        void shouldDeriveTheSerdeConfigurationAndClientProperties() {
            PulseConfig config = PulseConfig.parse(FULL, NO_ENV);

            assertThat(config.serdeConfig())
                    .containsEntry("schema.registry.url", "https://registry-1:8081,https://registry-2:8081")
                    .containsEntry("basic.auth.user.info", "pulse:hunter2")
                    .containsEntry("auto.register.schemas", false);
            assertThat(config.kafkaClients().producerProperties())
                    .containsEntry("enable.idempotence", true)
                    .containsEntry("acks", "all")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .doesNotContainKey("producer.linger.ms");
            assertThat(config.kafkaClients().adminProperties())
                    .containsEntry("security.protocol", "SASL_SSL")
                    .doesNotContainKey("producer.linger.ms");
            assertThat(config.topicSettings().partitions()).isEqualTo(12);
            assertThat(config.topicSettings().replicationFactor()).isEqualTo((short) 3);
            assertThat(config.topicNames().plans().name()).isEqualTo("acme.plans");
        }

        @Test
        void shouldKeepSecretsOutOfItsTextForm() {
            String text = PulseConfig.parse(FULL, NO_ENV).toString();

            assertThat(text)
                    .doesNotContain("hunter2")
                    .doesNotContain("password=\"secret\"")
                    .contains("[hidden]");
        }

        @Test
        void shouldReadAFile(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("pulse.yaml"), FULL);

            assertThat(PulseConfig.load(file, NO_ENV)).isEqualTo(PulseConfig.parse(FULL, NO_ENV));
        }

        @Test
        void shouldNameAMissingFile(@TempDir Path dir) {
            Path missing = dir.resolve("nope.yaml");

            assertThatThrownBy(() -> PulseConfig.load(missing, NO_ENV))
                    .hasMessage(missing + ": no such configuration file");
        }
    }

    @Nested
    class Environment {
        @Test
        void shouldOverrideFileKeysWithPulseVariables() {
            // Given
            Map<String, String> env = Map.of(
                    "PULSE_STREAMS_GRACE", "PT5M",
                    "PULSE_TIMEZONE", "Europe/Moscow",
                    "PULSE_STREAMS_APPLICATION_ID", "from-env",
                    "PULSE_WORKING_TIME_DAYS", "MON,WED, FRI",
                    "PULSE_HTTP_ADVERTISED_URL", "https://pulse.example.com",
                    "PULSE_REGISTRY_AUTO_REGISTER", "false",
                    "PULSE_HTTP_TOKEN", "s3cret");

            // When
            PulseConfig config = PulseConfig.parse("streams: { grace: PT1M, partitions: 3 }", env);

            // Then
            assertThat(config.streams().grace()).isEqualTo(Duration.ofMinutes(5));
            assertThat(config.streams().partitions()).isEqualTo(3);
            assertThat(config.streams().applicationId()).isEqualTo("from-env");
            assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Moscow"));
            assertThat(config.workingTime().days())
                    .containsExactly(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
            assertThat(config.streamsConfig().workingTime().days()).hasSize(3);
            assertThat(config.http().applicationServer()).isEqualTo("pulse.example.com:443");
            assertThat(config.registry().autoRegister()).isFalse();
            assertThat(config.http().token()).isEqualTo("s3cret");
            assertThat(config.toString()).doesNotContain("s3cret");
        }

        @Test
        void shouldPassKafkaVariablesThroughAsClientProperties() {
            Map<String, String> env = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "KAFKA_SASL_MECHANISM", "PLAIN",
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SERVICE_HOST", "10.0.0.1",
                    "KAFKA_PORT", "tcp://10.0.0.1:9092");

            PulseConfig config = PulseConfig.parse("kafka: { sasl.mechanism: SCRAM-SHA-256 }", env);

            assertThat(config.kafka().properties())
                    .containsEntry("bootstrap.servers", "kafka:9092")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .doesNotContainKeys("service.host", "port");
            assertThat(config.streamsProperties()).containsEntry("sasl.mechanism", "PLAIN");
        }

        @Test
        void shouldSetCustomKpisAndAlertRulesFromVariables() {
            Map<String, String> env = Map.of(
                    "PULSE_KPIS", "{points: \"3*orders\", margin: \"revenue - cogs\"}",
                    "PULSE_KPIS_POINTS", "3*orders + qualified_leads",
                    "PULSE_ALERTS",
                            "[{name: low-ctr, kpi: ctr, scope: campaign, window: PT60M, condition: \"< 0.5\"}]");

            PulseConfig config = PulseConfig.parse("", env);

            assertThat(config.kpis())
                    .containsEntry("points", "3*orders + qualified_leads")
                    .containsEntry("margin", "revenue - cogs");
            assertThat(config.alerts()).singleElement().satisfies(rule -> {
                assertThat(rule.name()).isEqualTo("low-ctr");
                assertThat(rule.window()).isEqualTo(Duration.ofMinutes(60));
            });
        }

        @Test
        void shouldLeaveOtherPulseVariablesAlone() {
            Map<String, String> env = Map.of(
                    "PULSE_JAVA_OPTS", "-Xmx1g", "PULSE_IT_KAFKA", "embedded", "PULSE_CONFIG", "/etc/pulse.yaml");

            assertThat(PulseConfig.parse("", env)).isEqualTo(PulseConfig.defaults());
        }

        @Test
        void shouldNameEveryKeysVariableByOneRule() {
            assertThat(ConfigKeys.envName("streams.grace")).isEqualTo("PULSE_STREAMS_GRACE");
            assertThat(ConfigKeys.envName("streams.applicationId")).isEqualTo("PULSE_STREAMS_APPLICATION_ID");
            assertThat(ConfigKeys.envName("workingTime.from")).isEqualTo("PULSE_WORKING_TIME_FROM");
            assertThat(ConfigKeys.envName("registry.trustStoreLocation"))
                    .isEqualTo("PULSE_REGISTRY_TRUST_STORE_LOCATION");
            assertThat(ConfigKeys.envName("timezone")).isEqualTo("PULSE_TIMEZONE");
            assertThat(ConfigKeys.kafkaEnvName("sasl.mechanism")).isEqualTo("KAFKA_SASL_MECHANISM");
            assertThat(ConfigKeys.kafkaProperty("KAFKA_SASL_JAAS_CONFIG")).isEqualTo("sasl.jaas.config");
            assertThat(ConfigKeys.fixedKeys())
                    .contains("timezone", "currency", "streams.grace", "http.advertisedUrl")
                    .doesNotHaveDuplicates();
            assertThat(ConfigKeys.fixedKeys().stream().map(ConfigKeys::envName)).doesNotHaveDuplicates();
        }
    }

    @Nested
    class UnknownKeys {
        @Test
        void shouldRejectAnUnknownKeyOfASection() {
            assertThatThrownBy(() -> PulseConfig.parse("streams: { graec: PT5M }", NO_ENV))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("streams.graec: unknown key; the keys of streams are applicationId, ");
        }

        @Test
        void shouldRejectAnUnknownTopLevelKey() {
            assertThatThrownBy(() -> PulseConfig.parse("timezon: UTC", NO_ENV))
                    .hasMessageStartingWith("timezon: unknown key; the top-level keys are timezone, currency, ");
        }

        @Test
        void shouldRejectAnUnknownPulseVariableOfASection() {
            assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_STREAMS_GRCE", "PT5M")))
                    .hasMessageStartingWith("PULSE_STREAMS_GRCE: no such setting; the streams settings are "
                            + "PULSE_STREAMS_APPLICATION_ID, ");
        }

        @Test
        void shouldRejectAPropertyKafkaDoesNotKnow() {
            assertThatThrownBy(() -> PulseConfig.parse("kafka: { sasl.mechansim: PLAIN }", NO_ENV))
                    .hasMessageStartingWith("kafka.sasl.mechansim: is not a Kafka client property");
        }

        @Test
        void shouldSendKafkaPropertiesPulseOwnsToTheirKey() {
            assertThatThrownBy(() -> PulseConfig.parse("kafka: { application.id: x }", NO_ENV))
                    .hasMessage("kafka.application.id: is set by Pulse from streams.applicationId; set that instead");
            assertThatThrownBy(() -> PulseConfig.parse("", Map.of("KAFKA_STATE_DIR", "/tmp")))
                    .hasMessage("kafka.state.dir (from KAFKA_STATE_DIR): is set by Pulse from streams.stateDir; "
                            + "set that instead");
        }

        @Test
        void shouldRejectAnUnknownKeyOfAnAlertRule() {
            assertThatThrownBy(() -> PulseConfig.parse("alerts: [{name: a, kpi: ctr, treshold: 3}]", NO_ENV))
                    .hasMessageStartingWith("alerts[0]: alert rule 'a': unknown key 'treshold'");
        }
    }

    @Nested
    class BadValues {
        @Test
        void shouldNameTheKeyOfABadDuration() {
            assertThatThrownBy(() -> PulseConfig.parse("streams: { grace: abc }", NO_ENV))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("streams.grace: 'abc' is not an ISO-8601 duration such as PT10M, PT1H or P7D");
        }

        @Test
        void shouldNameTheVariableABadValueCameFrom() {
            assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_STREAMS_GRACE", "5 minutes")))
                    .hasMessage("streams.grace (from PULSE_STREAMS_GRACE): '5 minutes' is not an ISO-8601 duration "
                            + "such as PT10M, PT1H or P7D");
            assertThatThrownBy(() -> PulseConfig.parse("", Map.of("PULSE_STREAMS_PARTITIONS", "0")))
                    .hasMessage("streams.partitions (from PULSE_STREAMS_PARTITIONS): must be at least 1, was 0");
        }

        @Test
        void shouldNameTheKeyOfEachKindOfBadValue() {
            assertBad(
                    "timezone: Mars/Olympus",
                    "timezone: 'Mars/Olympus' is not a time zone such as Europe/Moscow, UTC or +03:00");
            assertBad("currency: rub", "currency: 'rub' is not an ISO 4217 currency code such as RUB or USD");
            assertBad("currency: ABC", "currency: 'ABC' is not an ISO 4217 currency code such as RUB or USD");
            assertBad("streams: { partitions: many }", "streams.partitions: 'many' is not a whole number");
            assertBad("streams: { dedupeHorizon: PT0S }", "streams.dedupeHorizon: 'PT0S' must be positive");
            assertBad(
                    "streams: { topicPrefix: 'pulse/' }",
                    "streams.topicPrefix: topic prefix 'pulse/' may contain "
                            + "only letters, digits, '.', '_' and '-'");
            assertBad(
                    "streams: { applicationId: 'my app' }",
                    "streams.applicationId: 'my app' may contain only "
                            + "letters, digits, '.', '_' and '-' (1-200 characters)");
            assertBad("registry: { autoRegister: maybe }", "registry.autoRegister: 'maybe' is not true or false");
            assertBad(
                    "registry: { url: 'localhost:8081' }",
                    "registry.url: 'localhost:8081' must start with http://, https:// or mem://");
            assertBad("registry: { username: u }", "registry.password: is required with registry.username");
            assertBad("http: { port: 70000 }", "http.port: must be between 0 and 65535, was 70000");
            assertBad(
                    "http: { advertisedUrl: 'pulse:8080' }",
                    "http.advertisedUrl: 'pulse:8080' is not an http(s) "
                            + "URL with a host, such as http://pulse-0.pulse:8080");
            assertBad(
                    "workingTime: { days: [MON, Funday] }",
                    "workingTime.days: 'Funday' is not a day of the week such as MON or MONDAY");
            assertBad(
                    "workingTime: { from: '18:00', to: '09:00' }",
                    "workingTime.to: '09:00' must be after "
                            + "workingTime.from '18:00' (\"24:00\" is the end of the day; working time over midnight is not "
                            + "supported)");
            assertBad("workingTime: { days: '' }", "workingTime.days: at least one working day is required");
            assertBad(
                    "workingTime: { from: 'nine' }", "workingTime.from: 'nine' is not a time of day such as \"09:00\"");
            assertBad(
                    "pace: { tolerance: 1.5 }",
                    "pace.tolerance: '1.5' must be at least 0 and below 1 (0.2 means "
                            + "20% behind the expected progress)");
            assertBad("streams: [a, b]", "streams: must be a mapping of keys, got a list");
            assertBad("alerts: [{kpi: ctr}]", "alerts[0]: alert rule #1: 'name' is required");
            assertBad(
                    "alerts: [{name: a, kpi: ctr, scope: campaign, period: day, condition: '> 1'},"
                            + " {name: a, kpi: cr, scope: campaign, period: day, condition: '> 1'}]",
                    "alerts[1].name: 'a' is already the name of alerts[0]");
            assertBad(
                    "alerts: [{name: a, kpi: ctr, scope: campaign, period: day, condition: '> 1'}]\n"
                            + "kpis: { ctr2: 'clicks +' }",
                    "kpis.ctr2: custom KPI 'ctr2': expected a measure, "
                            + "a number or '(' at column 9 but found the end of the expression");
            assertBad("pace: { interval: PT0S }", "pace.interval: 'PT0S' must be positive");
            assertBad("kafka: { bootstrap.servers: '' }", "kafka.bootstrap.servers: must not be empty");
        }

        @Test
        void shouldNameTheCustomKpiWithABadExpression() {
            assertThatThrownBy(() -> PulseConfig.parse("kpis: { points: '3*ordrs' }", NO_ENV))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("kpis.points: custom KPI 'points'");
        }

        @Test
        void shouldPointAtBrokenYaml() {
            assertThatThrownBy(() -> PulseConfig.parse("streams:\n  grace: [\n", NO_ENV))
                    .hasMessageStartingWith("configuration: not valid YAML at line ");
        }

        @Test
        void shouldKeepEveryMessageOnOneLine() {
            for (String yaml : List.of("streams:\n  grace: [\n", "a: 1\na: 2\n", "- 1\n- 2\n")) {
                assertThatThrownBy(() -> PulseConfig.parse(yaml, NO_ENV))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }

        private void assertBad(String yaml, String message) {
            assertThatThrownBy(() -> PulseConfig.parse(yaml, NO_ENV))
                    .as(yaml)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage(message);
        }
    }
}
