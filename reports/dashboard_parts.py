"""The dashboard's parts that read few of the plan's actions, or none: its risks and
issues, and its external assurance. Each is drawn on its own and kept across revisions
(``page_cache.kept_unless_changed``) until something other than an owner's update
changes in the plan, or an update reaches an action it reads, so the dashboard's first
view after an update does not read the log and the calendar again."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from improvement_board.as_at import AsAt
from plans.models import Plan

from .assurance import assurance_summary
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


def assurance_part(plan: Plan, as_at: AsAt) -> SafeString:
    """The last and next events and the findings flagged: flags read the ratings of the
    actions answering the findings, so an update to one of them draws it again."""

    def compute():
        summary = assurance_summary(plan, as_at.date, known_now=as_at.known_now)
        context = {
            "assurance": summary,
            "plan": plan,
            "as_at": as_at,
            "as_at_query": as_at.query(),
        }
        html = render_to_string("reports/includes/dashboard_assurance.html", context)
        return html, summary.answering

    return mark_safe(_kept(plan, "dashboard-assurance", as_at, compute))


def _kept(plan: Plan, name: str, as_at: AsAt, compute) -> str:
    return kept_unless_changed(
        plan=plan,
        name=name,
        day=as_at.date,
        mode=as_at.mode,
        vary=as_at.query(),
        compute=compute,
    )
