"""A plan's revision: raised by every write that changes what the plan's pages show.

Saving, deleting or linking a row that belongs to a plan (``PLAN_OF`` says how to find
its plan) raises ``Plan.revision`` in the same transaction, through Django's model
signals; a row moved to another plan raises both. Writes that send no signals
(``bulk_create``, ``QuerySet.update``) with nothing saved beside them call
``plan_revised`` themselves. ``tests/plans/test_revisions.py`` fails when a model of the
apps below is neither in ``PLAN_OF`` nor in ``NOT_SHOWN``, so a new model cannot be
forgotten.

The revision is a counter on the plan's row, raised with an UPDATE: the row lock that
takes makes revisions follow the order in which writes commit, so a page kept at one
revision (reports/page_cache.py) never hides a write that committed after a later one.
Action writes lock the plan's row from their start anyway (``select_for_update`` with
the plan), so this adds no new wait to them.
"""

from collections.abc import Callable, Iterable

from django.apps import apps
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Plan

# The apps whose rows pages show.
APPS = ("plans", "actions", "plan_files", "reports", "indicators", "improvement_board")

# What a user's name and job title appear on: any plan (leads, authors, history), so a
# change to them revises every plan. Other changes to users (signing in, passwords,
# roles) change nothing a kept page shows.
USER_SHOWN_FIELDS = frozenset({"username", "first_name", "last_name", "job_title", "email"})


def plan_revised(plan_ids: Iterable[int | None]) -> None:
    """Record that something shown about these plans changed."""
    ids = sorted({pk for pk in plan_ids if pk})  # in one order, so writers never deadlock
    if ids:
        Plan.objects.filter(pk__in=ids).update(revision=F("revision") + 1)


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
    "plans.Organisation": lambda organisation: list(
        organisation.plans.values_list("pk", flat=True)
    ),
    "plans.Section": _own,
    "plans.AssuranceEvent": _own,
    "plans.Finding": _own,
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

# Models of those apps that no kept page shows, and why.
NOT_SHOWN = {
    "reports.PdfBuild": "builds are listed on the report page, outside the kept paper",
    "improvement_board.AuditEvent": "the audit trail page is never kept",
    "plan_files.ImportChoices": "only the import's own pages read them",
    "plan_files.ImportReading": "an uploaded file waiting to be imported changes no plan",
}


def _is_user(sender) -> bool:
    return sender._meta.label == "improvement_board.User"


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    """Note the plans a changed row belonged to, in case the change moves it (an admin
    can give a section, an action or a meeting another plan)."""
    if raw or instance._state.adding or _is_user(sender) or sender is Plan:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    instance._plans_before_save = PLAN_OF[sender._meta.label](stored) if stored else []


def _saved(sender, instance, created: bool, update_fields=None, raw=False, **kwargs) -> None:
    if raw:
        return  # loading fixtures: not a change made in the app
    if _is_user(sender) and (
        # A new account is on no page yet; signing in only touches last_login.
        created or (update_fields is not None and not USER_SHOWN_FIELDS & set(update_fields))
    ):
        return
    before = getattr(instance, "_plans_before_save", [])
    plan_revised([*before, *PLAN_OF[sender._meta.label](instance)])


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    # ``origin`` is the row or queryset whose deletion cascaded to this one.
    if sender is Plan or isinstance(origin, Plan) or getattr(origin, "model", None) is Plan:
        return  # the plan itself is going
    plan_revised(PLAN_OF[sender._meta.label](instance))


def _linked(sender, instance, action: str, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    label = instance._meta.label
    if label in PLAN_OF:
        plan_revised(PLAN_OF[label](instance))


def connect() -> None:
    """Connect the receivers (from ``PlansConfig.ready``)."""
    for label in PLAN_OF:
        model = apps.get_model(label)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"revise-before-{label}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"revise-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"revise-delete-{label}")
        if label == "improvement_board.User":
            continue  # its own links are roles and permissions, which no page shows
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_linked, sender=through, dispatch_uid=f"revise-m2m-{through}")
