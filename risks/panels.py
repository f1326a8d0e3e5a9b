"""The risk log's part in the actions' pages (``actions/panels.py``): an owner's risks
and issues needing this month's update on My actions, and on an action's page the risks
and issues affecting it, as at the day the page shows."""

from django.dispatch import receiver
from django.utils import timezone

from actions.panels import Panel, action_page_panels, my_actions_panels

from . import rules
from .log import decorate
from .models import Risk


@receiver(my_actions_panels, dispatch_uid="risks-my-actions")
def owners_risks(sender, user, plans, today, **kwargs) -> Panel | None:
    """The person's open risks and issues, those without an update this month first.
    Most action owners own none: one plain query says so, and only someone who owns some
    pays for building the log's as-at query (it costs more to compose than to run); two
    queries then, whatever their number."""
    owned = Risk.objects.filter(plan__in=plans).owned_by(user)
    if not owned.exists():
        return None
    month_start = today.replace(day=1)
    risks = list(
        owned.with_state_as_at(today, known_now=True)
        .annotate(updated_this_month=rules.updated_since(month_start))
        .filter(rules.open_q())
        .select_related("plan")
        .order_by("plan__title", "plan_id", "kind", "reference")
    )
    if not risks:
        return None
    for risk in risks:
        decorate(risk, today)
        risk.update_due = rules.needs_update(risk, today)
    return Panel(
        template="risks/includes/my_risks.html",
        context={"risks": risks, "due": sum(r.update_due for r in risks)},
        count=sum(r.update_due for r in risks),
    )


@receiver(action_page_panels, dispatch_uid="risks-action-page")
def risks_affecting(sender, action, as_at, known_now, user, **kwargs) -> Panel:
    """The risks and issues linked to the action, as at the day shown. Most actions have
    none: one plain query says so, and only an action with some pays for building the
    log's as-at query (its annotations cost more to compose than to run)."""
    risks = []
    if Risk.actions.through.objects.filter(action=action).exists():
        risks = [
            decorate(risk, as_at)
            for risk in Risk.objects.filter(actions=action)
            .known_as_at(as_at, known_now=known_now)
            .with_state_as_at(as_at, known_now=known_now)
            .select_related("plan")
            .order_by("kind", "reference")
        ]
    return Panel(
        template="risks/includes/affecting_action.html",
        context={"risks": risks, "as_at_query": "" if as_at == timezone.localdate() else as_at},
    )
