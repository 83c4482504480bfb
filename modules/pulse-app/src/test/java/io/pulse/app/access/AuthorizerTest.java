package io.pulse.app.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §10's table, cell by cell: each role × each kind of data × own, team member, other and shared scopes. */
class AuthorizerTest {
    /** e-1 and e-2 are in team north, e-3 in south, e-4 in no team. */
    private static final Map<String, String> TEAMS = Map.of("e-1", "north", "e-2", "north", "e-3", "south");

    private final Authorizer authorizer = new Authorizer(TEAMS::get);

    private static final Caller EMPLOYEE = new Caller(Role.EMPLOYEE, "e-1", "test", null);
    private static final Caller LEAD = new Caller(Role.LEAD, "north", "test", null);
    private static final Caller ADMIN = new Caller(Role.ADMIN, null, "test", null);

    /** scope, id, and whether employee e-1 / lead north / admin may read KPIs, scorecards, alerts. */
    private record Row(String scope, String id, String employee, String lead, String admin) {}

    // Each cell: K (KPIs) S (scorecards) A (alerts) the role may read; '-' for none.
    private static final List<Row> TABLE = List.of(
            new Row("employee", "e-1", "KSA", "KSA", "KSA"), // the employee's own; a member of north
            new Row("employee", "e-2", "-", "KSA", "KSA"), // a colleague: the lead's member
            new Row("employee", "e-3", "-", "-", "KSA"), // another team's member
            new Row("employee", "e-4", "-", "-", "KSA"), // in no team
            new Row("team", "north", "-", "KSA", "KSA"), // the lead's team
            new Row("team", "south", "-", "-", "KSA"), // another team
            new Row("company", "all", "KA", "KA", "KSA"), // shared KPIs and alerts, no company scorecard
            new Row("campaign", "c-1", "KA", "KA", "KSA"),
            new Row("channel", "email", "KA", "KA", "KSA"));

    @Test
    void shouldAnswerEveryCellOfTheTable() {
        List<String> mismatches = new ArrayList<>();
        for (Row row : TABLE) {
            check(mismatches, EMPLOYEE, row, row.employee());
            check(mismatches, LEAD, row, row.lead());
            check(mismatches, ADMIN, row, row.admin());
        }
        assertThat(mismatches).isEmpty();
    }

    private void check(List<String> mismatches, Caller caller, Row row, String expected) {
        boolean k = authorizer.mayReadKpis(caller, row.scope(), row.id());
        boolean s = authorizer.mayReadScorecard(caller, row.scope(), row.id());
        boolean a = authorizer.mayReadAlerts(caller, row.scope(), row.id());
        String actual = (k ? "K" : "") + (s ? "S" : "") + (a ? "A" : "");
        if (!actual.equals(expected.equals("-") ? "" : expected)) {
            mismatches.add(caller.describe() + " on " + row.scope() + " " + row.id() + ": expected " + expected
                    + ", got " + (actual.isEmpty() ? "-" : actual));
        }
        // The stream applies the same cells per event kind.
        assertThat(authorizer.maySee(caller, "kpi", row.scope(), row.id())).isEqualTo(k);
        assertThat(authorizer.maySee(caller, "scorecard", row.scope(), row.id()))
                .isEqualTo(s);
        assertThat(authorizer.maySee(caller, "alert", row.scope(), row.id())).isEqualTo(a);
    }

    @Test
    void shouldFollowTheDirectoryWhenAnEmployeeMovesTeams() {
        Map<String, String> teams = new java.util.HashMap<>(TEAMS);
        Authorizer live = new Authorizer(teams::get);
        assertThat(live.mayReadScorecard(LEAD, "employee", "e-3")).isFalse();

        teams.put("e-3", "north");

        assertThat(live.mayReadScorecard(LEAD, "employee", "e-3")).isTrue();
    }

    @Test
    void shouldRefuseWithAOneLineReasonNamingWhatWasAsked() {
        assertThatThrownBy(() -> authorizer.requireScorecard(EMPLOYEE, "employee", "e-3"))
                .isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("e-1", "employee e-3").doesNotContain("\n");
                });
        assertThatThrownBy(() -> authorizer.requireKpis(LEAD, "team", "south"))
                .isInstanceOfSatisfying(
                        AccessException.class, e -> assertThat(e.status()).isEqualTo(403));
        authorizer.requireKpis(EMPLOYEE, "campaign", "c-9");
    }

    @Test
    void shouldRefuseAStreamFilterOnSomeoneElseButAllowAScopeAlone() {
        assertThatThrownBy(() -> authorizer.requireFilter(EMPLOYEE, "employee", "e-2"))
                .isInstanceOf(AccessException.class);
        authorizer.requireFilter(EMPLOYEE, "employee", null);
        authorizer.requireFilter(EMPLOYEE, "employee", "e-1");
        authorizer.requireFilter(LEAD, "team", "north");
    }

    @Test
    void shouldListOnlyTheIdsACallerMayRead() {
        List<String> employees = List.of("e-1", "e-2", "e-3", "e-4");

        assertThat(authorizer.visibleIds(EMPLOYEE, "employee", employees)).containsExactly("e-1");
        assertThat(authorizer.visibleIds(LEAD, "employee", employees)).containsExactly("e-1", "e-2");
        assertThat(authorizer.visibleIds(LEAD, "team", List.of("north", "south")))
                .containsExactly("north");
        assertThat(authorizer.visibleIds(ADMIN, "employee", employees)).isEqualTo(employees);
        assertThat(authorizer.visibleIds(EMPLOYEE, "campaign", List.of("c-1", "c-2")))
                .containsExactly("c-1", "c-2");
    }

    @Test
    void shouldHoldBackStreamEventsWhenTheDirectoryCannotBeRead() {
        Authorizer unreadable = new Authorizer(e -> {
            throw new AccessException(503, "not yet");
        });
        assertThat(unreadable.maySee(LEAD, "scorecard", "employee", "e-1")).isFalse();
        assertThat(unreadable.maySee(LEAD, "kpi", "campaign", "c-1")).isTrue();
    }

    @Test
    void shouldGiveAnEmployeeOrLeadWithoutASubjectOnlyTheSharedScopes() {
        Caller nobody = new Caller(Role.EMPLOYEE, null, "test", null);
        assertThat(authorizer.mayReadKpis(nobody, "employee", "e-1")).isFalse();
        assertThat(authorizer.mayReadKpis(nobody, "company", "all")).isTrue();
    }
}
