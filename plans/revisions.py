"""A plan's revision: raised by every write that changes what the plan's pages show.

Saving, deleting or linking a row that belongs to a plan (``PLAN_OF`` says how to find
its plan) adds a ``PlanRevision`` in the same transaction, through Django's model
signals. Writes that send no signals (``bulk_create``, ``QuerySet.update``) call
``plan_revised`` themselves. ``tests/plans/test_revisions.py`` fails when a model of the
apps below is neither in ``PLAN_OF`` nor in ``NOT_SHOWN``, so a new model cannot be
forgotten.

A page keyed by the revision (reports/page_cache.py) is therefore computed again after
any change that could alter it, and only then.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Plan, PlanRevision

# The apps whose rows pages show.
APPS = ("plans", "actions", "reports", "indicators", "improvement_board")

# What a user's name and job title appear on: any plan (leads, authors, history), so a
# change to them revises every plan. Other changes to users (signing in, passwords,
# roles) change nothing a cached page shows.
USER_SHOWN_FIELDS = frozenset({"username", "first_name", "last_name", "job_title", "email"})


def plan_revised(plan_ids: Iterable[int | None], *, source: str) -> None:
    """Record that something shown about these plans changed."""
    rows = [PlanRevision(plan_id=pk, source=source[:60]) for pk in sorted(set(plan_ids)) if pk]
    PlanRevision.objects.bulk_create(rows)


def latest_revision(plan: Plan) -> str:
    """The plan's revision now: the newest ``PlanRevision``'s id and time ("0" if it has
    none). The time keeps it unique even where a database reuses the ids of deleted rows."""
    newest = PlanRevision.objects.filter(plan=plan).order_by("-id").values_list("id", "made_at")
    row = newest.first()
    return f"{row[0]}-{row[1].timestamp():.6f}" if row else "0"


def _own(row) -> list[int]:
    return [row.plan_id]


def _via_action(row) -> list[int]:
    return [row.action.plan_id]


def _via_meeting(row) -> list[int]:
    return [row.meeting.plan_id]


def _via_indicator(row) -> list[int]:
    return [row.indicator.plan_id]


def _every_plan(row) -> list[int]:
    return list(Plan.objects.values_list("pk", flat=True))


PLAN_OF: dict[str, Callable[[object], list[int]]] = {
    "plans.Plan": lambda plan: [plan.pk],
    "plans.Section": _own,
    "plans.Recommendation": _own,
    "actions.Action": _own,
    "actions.ActionUpdate": _via_action,
    "actions.ActionChange": _via_action,
    "actions.Evidence": _via_action,
    "reports.BoardMeeting": _own,
    "reports.BoardReport": _via_meeting,
    "indicators.Indicator": _own,
    "indicators.IndicatorValue": _via_indicator,
    "improvement_board.User": _every_plan,
}

# Models of those apps that no cached page shows, and why.
NOT_SHOWN = {
    "plans.PlanRevision": "the revisions themselves",
    "reports.PdfBuild": "builds are listed on the report page, outside the cached paper",
    "improvement_board.AuditEvent": "the audit trail page is never cached",
}


def _source(sender) -> str:
    return sender._meta.label_lower


def _saved(sender, instance, created: bool, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return  # loading fixtures or a restore: not a change made in the app
    if sender._meta.label == "improvement_board.User" and (
        # A new account is on no page yet; signing in only touches last_login.
        created or (update_fields is not None and not USER_SHOWN_FIELDS & set(update_fields))
    ):
        return
    plan_revised(PLAN_OF[sender._meta.label](instance), source=_source(sender))


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    # ``origin`` is the row or queryset whose deletion cascaded to this one.
    if sender is Plan or isinstance(origin, Plan) or getattr(origin, "model", None) is Plan:
        return  # the plan itself is going, and its revisions with it
    plan_revised(PLAN_OF[sender._meta.label](instance), source=_source(sender))


def _linked(sender, instance, action: str, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    label = instance._meta.label
    if label in PLAN_OF:
        plan_revised(PLAN_OF[label](instance), source=_source(sender))


def connect() -> None:
    """Connect the receivers (from ``PlansConfig.ready``)."""
    for label in PLAN_OF:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"revise-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"revise-delete-{label}")
        if label == "improvement_board.User":
            continue  # its own links are roles and permissions, which no page shows
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_linked, sender=through, dispatch_uid=f"revise-m2m-{through}")
