package io.pulse.app.access;

import java.util.Objects;
import java.util.Set;

/**
 * SPEC §10's table, the one place that says who may read what; every endpoint and every event of the stream asks
 * here.
 *
 * <table>
 *   <caption>What each role reads</caption>
 *   <tr><th>role</th><th>KPIs</th><th>scorecards</th><th>alerts</th></tr>
 *   <tr><td>employee (subject: employee id)</td><td>own, plus company, campaign and channel</td><td>own</td>
 *       <td>as KPIs</td></tr>
 *   <tr><td>lead (subject: team id)</td><td>the team, its current members, plus company, campaign and channel</td>
 *       <td>the team's and its members'</td><td>as KPIs</td></tr>
 *   <tr><td>admin</td><td>all</td><td>all</td><td>all</td></tr>
 * </table>
 *
 * <p>"Current members" are the employees whose team in the directory is the lead's team now: moving an employee to
 * another team moves their numbers, past ones included, to the new lead's view (SPEC §10 names no history of
 * membership for access). Scopes are the lower-case ids of SPEC §2 ({@code employee}, {@code team},
 * {@code campaign}, {@code channel}, {@code company}).
 */
public final class Authorizer {
    /** Scopes whose KPIs and alerts every role reads. */
    static final Set<String> SHARED_SCOPES = Set.of("company", "campaign", "channel");

    private final TeamDirectory directory;

    public Authorizer(TeamDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** Whether {@code caller} may read the KPI values (current and history) of {@code scope}/{@code id}. */
    public boolean mayReadKpis(Caller caller, String scope, String id) {
        if (caller.isAdmin() || SHARED_SCOPES.contains(scope)) {
            return true;
        }
        return ownsOrLeads(caller, scope, id);
    }

    /** Whether {@code caller} may read the scorecards of {@code scope}/{@code id}. */
    public boolean mayReadScorecard(Caller caller, String scope, String id) {
        return caller.isAdmin() || ownsOrLeads(caller, scope, id);
    }

    /** Whether {@code caller} may read the alerts about {@code scope}/{@code id}. */
    public boolean mayReadAlerts(Caller caller, String scope, String id) {
        return mayReadKpis(caller, scope, id);
    }

    /** Whether one event of the stream ({@code kpi}, {@code scorecard} or {@code alert}) goes to {@code caller}. */
    public boolean maySee(Caller caller, String event, String scope, String id) {
        try {
            return switch (event) {
                case "kpi" -> mayReadKpis(caller, scope, id);
                case "scorecard" -> mayReadScorecard(caller, scope, id);
                case "alert" -> mayReadAlerts(caller, scope, id);
                default -> caller.isAdmin();
            };
        } catch (AccessException e) {
            return false; // the directory is not readable now: hold the event back rather than guess
        }
    }

    /**
     * The ids of {@code scope} whose KPIs {@code caller} may read, in their order: the filter of
     * {@code GET /api/v1/scopes/{scope}} (contract B), which lists the ids with values in a period.
     */
    public java.util.List<String> visibleIds(Caller caller, String scope, java.util.Collection<String> ids) {
        if (caller.isAdmin() || SHARED_SCOPES.contains(scope)) {
            return java.util.List.copyOf(ids);
        }
        return ids.stream().filter(id -> mayReadKpis(caller, scope, id)).toList();
    }

    /** Whether {@code caller} may read {@code /metrics} when it is protected. */
    public boolean mayReadMetrics(Caller caller) {
        return caller.isAdmin();
    }

    /** Throws 403 unless {@link #mayReadKpis}. */
    public void requireKpis(Caller caller, String scope, String id) {
        if (!mayReadKpis(caller, scope, id)) {
            throw AccessException.forbidden(denial(caller, "the KPIs", scope, id));
        }
    }

    /** Throws 403 unless {@link #mayReadScorecard}. */
    public void requireScorecard(Caller caller, String scope, String id) {
        if (!mayReadScorecard(caller, scope, id)) {
            throw AccessException.forbidden(denial(caller, "the scorecards", scope, id));
        }
    }

    /** Throws 403 unless {@link #mayReadAlerts}. */
    public void requireAlerts(Caller caller, String scope, String id) {
        if (!mayReadAlerts(caller, scope, id)) {
            throw AccessException.forbidden(denial(caller, "the alerts", scope, id));
        }
    }

    /**
     * Throws 403 when a stream (or alert list) filter names only things the caller may never see: a scope and id
     * of someone else. A scope alone is allowed, since it also holds the caller's own (their employee, their team).
     */
    public void requireFilter(Caller caller, String scope, String id) {
        if (scope == null || id == null || caller.isAdmin()) {
            return;
        }
        if (!mayReadKpis(caller, scope, id) && !mayReadScorecard(caller, scope, id)) {
            throw AccessException.forbidden(denial(caller, "the updates", scope, id));
        }
    }

    private boolean ownsOrLeads(Caller caller, String scope, String id) {
        String subject = caller.subject();
        if (subject == null || id == null) {
            return false;
        }
        return switch (caller.role()) {
            case EMPLOYEE -> scope.equals("employee") && id.equals(subject);
            case LEAD ->
                (scope.equals("team") && id.equals(subject))
                        || (scope.equals("employee") && subject.equals(directory.teamOf(id)));
            case ADMIN -> true;
        };
    }

    private static String denial(Caller caller, String what, String scope, String id) {
        String who = switch (caller.role()) {
            case EMPLOYEE ->
                "employee " + caller.subject() + " may read only their own " + what.substring(4)
                        + " and the company's, campaigns' and channels' KPIs and alerts";
            case LEAD ->
                "the lead of team " + caller.subject() + " may read only the team's and its members' "
                        + what.substring(4) + " and the company's, campaigns' and channels' KPIs and alerts";
            case ADMIN -> "admin";
        };
        return who + ", not " + what + " of " + scope + " " + id;
    }
}
