"""The dashboard's parts that read none of the plan's actions, or only their ratings: its
risks and issues, and its external assurance. Each is drawn on its own and kept across
revisions (``page_cache.kept_unless_changed``) until something other than an owner's
update changes in the plan (or, for the assurance part, a finding's flag changes), so
the dashboard's first view after an update reads neither the log nor the calendar."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from improvement_board.as_at import AsAt
from plans.models import Plan

from .assurance import assurance_findings, assurance_summary
from .page_cache import kept_unless_changed
from .risk_panel import risk_panel


def risks_part(plan: Plan, as_at: AsAt) -> SafeString:
    """The open issues and the high risks as at the day (no action's rating in it)."""

    def compute():
        context = {
            "risks": risk_panel(plan, as_at.date, known_now=as_at.known_now),
            "plan": plan,
            "as_at_query": as_at.query(),
        }
        return render_to_string("reports/includes/dashboard_risks.html", context), frozenset()

    return mark_safe(_kept(plan, "dashboard-risks", as_at, compute))


def assurance_part(plan: Plan, as_at: AsAt, ratings: dict[int, str | None]) -> SafeString:
    """The last and next events and the findings flagged, from ``ratings`` (each action
    of the plan on the day, by key, with its rating then): flags read the ratings of the
    actions answering the findings, so the part is drawn again only when a flag changes
    or something other than an owner's update changes in the plan."""
    found = _kept(
        plan,
        "dashboard-findings",
        as_at,
        lambda: (assurance_findings(plan, as_at.date), frozenset()),
    )
    summary = assurance_summary(found, ratings)
    flags = ",".join(f"{item.finding.pk}:{item.flag}" for item in summary.flagged)

    def compute():
        context = {
            "assurance": summary,
            "plan": plan,
            "as_at": as_at,
            "as_at_query": as_at.query(),
        }
        html = render_to_string("reports/includes/dashboard_assurance.html", context)
        return html, frozenset()

    drawn = f"{summary.flagged_total}/{summary.findings_total}:{flags}"
    return mark_safe(_kept(plan, "dashboard-assurance", as_at, compute, drawn=drawn))


def _kept(plan: Plan, name: str, as_at: AsAt, compute, *, drawn: str = ""):
    """Kept by the day, the picture and ``drawn`` (what else the part shows)."""
    return kept_unless_changed(
        plan=plan,
        name=name,
        day=as_at.date,
        mode=as_at.mode,
        vary=f"{as_at.query()}|{drawn}",
        compute=compute,
    )
