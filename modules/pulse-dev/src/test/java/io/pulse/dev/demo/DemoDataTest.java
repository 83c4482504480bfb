package io.pulse.dev.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.app.config.InvalidConfigException;
import io.pulse.app.config.PulseConfig;
import io.pulse.core.Scope;
import io.pulse.core.alert.ThresholdRule;
import io.pulse.core.plan.Plan;
import io.pulse.dev.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataTest {
    private static final ZoneId MACHINE = ZoneId.of("Asia/Novosibirsk");

    @TempDir
    Path dir;

    @Test
    void shouldPlanOnlyForThePeopleTeamsAndCampaignsTheSimulatorProduces() {
        // Given: the demo's configuration (its custom KPI 'points' is used by a plan)
        PulseConfig config = DemoConfig.load(null, Map.of(), MACHINE);

        // When
        List<Plan> plans = DemoData.plans(config.catalog());

        // Then: every plan's id is one the simulated events carry
        Set<String> employees =
                Simulator.employees().stream().map(Simulator.Employee::id).collect(Collectors.toSet());
        Set<String> teams =
                Simulator.employees().stream().map(Simulator.Employee::team).collect(Collectors.toSet());
        Set<String> campaigns = Set.copyOf(Simulator.campaignIds());
        assertThat(plans).isNotEmpty().allSatisfy(p -> {
            switch (p.scope()) {
                case EMPLOYEE -> assertThat(employees).as(p.key()).contains(p.id());
                case TEAM -> assertThat(teams).as(p.key()).contains(p.id());
                case CAMPAIGN -> assertThat(campaigns).as(p.key()).contains(p.id());
                case COMPANY -> assertThat(p.id()).isEqualTo(Scope.COMPANY_ID);
                default -> throw new AssertionError("unexpected plan scope " + p.key());
            }
        });
        // SPEC §4's sales manager and marketer, a team and a campaign plan are among them
        assertThat(plans)
                .extracting(Plan::key)
                .contains(
                        "employee|e-001|month", "employee|m-01|month", "team|north|day", "campaign|c-search-brand|day");
    }

    @Test
    void shouldPutTheSimulatedEmployeesInTheSimulatorsTeams() {
        assertThat(DemoData.directory()).containsExactlyInAnyOrderElementsOf(Simulator.directory());
    }

    @Test
    void shouldRunInTheMachinesZoneInRublesWithTheSampleAlertRules() {
        // When
        PulseConfig config = DemoConfig.load(null, Map.of(), MACHINE);

        // Then
        assertThat(config.timezone()).isEqualTo(MACHINE);
        assertThat(config.currency()).isEqualTo("RUB");
        assertThat(config.streams().emitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.streamsConfig().closeOnWallClock()).isTrue();
        assertThat(config.alerts())
                .extracting(ThresholdRule::name)
                .containsExactly("high-bounce-rate", "low-ctr-last-hour", "low-nps-today");
        assertThat(config.alerts().get(1).window()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldLayTheConfigFileOverTheDemosAndTheEnvironmentOverBoth() throws Exception {
        // Given: a file with a zone, a currency, one alert rule and another emit interval
        Path file = dir.resolve("override.yaml");
        Files.writeString(file, """
                timezone: Europe/Moscow
                currency: USD
                alerts:
                  - { name: only-rule, kpi: ctr, scope: campaign, period: day, condition: "< 1" }
                streams:
                  emitInterval: PT5S
                """);

        // When: PULSE_CURRENCY is set too
        PulseConfig config = DemoConfig.load(file, Map.of("PULSE_CURRENCY", "EUR"), MACHINE);

        // Then: the file wins over the demo (lists replace, mappings merge), the environment over the file
        assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(config.currency()).isEqualTo("EUR");
        assertThat(config.alerts()).extracting(ThresholdRule::name).containsExactly("only-rule");
        assertThat(config.streams().emitInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.streams().partitions())
                .as("the demo's key beside the overridden one")
                .isEqualTo(2);
        assertThat(config.kpis()).containsKey("points");
    }

    @Test
    void shouldNameTheKeyOfABadOverride() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "streams:\n  emitInterval: soon\n");

        assertThatThrownBy(() -> DemoConfig.load(file, Map.of(), MACHINE))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("streams.emitInterval");
        assertThatThrownBy(() -> DemoConfig.load(dir.resolve("missing.yaml"), Map.of(), MACHINE))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no such configuration file");
    }

    @Test
    void shouldPointTheConfigurationAtTheDemosOwnBrokerRegistryPortAndStateFolder() {
        // Given
        PulseConfig config = DemoConfig.load(null, Map.of(), MACHINE);

        // When
        PulseConfig placed =
                DemoConfig.place(config, "127.0.0.1:40001", "http://127.0.0.1:40002", 0, dir.resolve("state"));

        // Then
        assertThat(placed.kafka().bootstrapServers()).isEqualTo("127.0.0.1:40001");
        assertThat(placed.registry().urls()).containsExactly("http://127.0.0.1:40002");
        assertThat(placed.http().port()).isZero();
        assertThat(placed.streams().stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(placed.streams().applicationId()).isEqualTo(config.streams().applicationId());
    }
}
