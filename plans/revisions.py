"""A plan's revision: raised by every write that changes what the plan's pages show.

Two ways in, one rule: whatever a page of a plan could show changes in the same
transaction as a raise of ``Plan.revision``.

- **Services say what they changed.** Every write service calls ``revise(plan,
  because=...)`` in its transaction, before its writes (``grep -rn "revise("`` lists
  them). For the rest of that service's transaction the model signals below stand down:
  no extra SELECT before a save, no UPDATE per row, and writes that send no signals
  (``bulk_create``, ``QuerySet.update``) are covered too.
- **Any other write revises through model signals**: the admin, the shell, a factory in a
  test. Each app registers the models whose rows a page shows (``follow`` from its
  ``AppConfig.ready``, in its own ``revisions.py``), saying how to find a row's plan; a
  row moved to another plan (as the admin can) revises both, by reading the row as stored
  before it is saved.

``tests/plans/test_revisions.py`` fails when a model of the apps in ``APPS`` is neither
followed nor said to be shown nowhere (``NOT_SHOWN``), so a new model cannot be forgotten.

A change confined to some actions (an owner's update, evidence, a sign-off) is said so:
``revise(plan, because=..., actions=[...])`` raises the revision but not
``Plan.plan_wide_revision``, and marks those actions changed in it
(``Action.changed_in_revision``, by the marker the actions app gives). A page kept before
it then recomputes those actions alone (reports/page_cache.py ``action_records``,
``kept_unless_changed``). Every other revision, and every revision through the signals,
is plan-wide: nothing kept from before it holds.

The revision is a counter on the plan's row, raised with an UPDATE: the row lock that
takes makes revisions follow the order in which writes commit, so a page kept at one
revision (reports/page_cache.py) never hides a write that committed after a later one.
A service raising it before its writes holds that lock from its start, as action writes
do anyway (``select_for_update`` with the plan).
"""

import logging
from collections.abc import Callable, Collection, Iterable

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Plan

logger = logging.getLogger(__name__)

# The apps whose rows pages show: each of their models is followed or in ``NOT_SHOWN``.
APPS = ("plans", "actions", "plan_files", "reports", "indicators", "risks", "improvement_board")

# What a user's name and job title appear on: any plan (leads, authors, history), so a
# change to them revises every plan. Other changes to users (signing in, passwords,
# roles) change nothing a kept page shows.
USER_SHOWN_FIELDS = frozenset({"username", "first_name", "last_name", "job_title", "email"})

# Every followed model (label → the plans a row of it belongs to) and every model said to
# be shown on no kept page (label → why), as the apps registered them (``follow``).
PLAN_OF: dict[str, Callable[[object], list[int]]] = {}
NOT_SHOWN: dict[str, str] = {}

# ``revise(EVERY_PLAN, ...)``: a change shown on every plan (a person's name).
EVERY_PLAN = object()


def plan_revised(plan_ids: Iterable[int | None]) -> None:
    """Raise the revision of these plans (by id), for a change across each plan: nothing
    kept from before it holds (``Plan.revised_since``)."""
    ids = sorted({pk for pk in plan_ids if pk})  # in one order, so writers never deadlock
    if ids:
        Plan.objects.filter(pk__in=ids).update(
            revision=F("revision") + 1, plan_wide_revision=F("revision") + 1
        )


# How the actions a service names are marked changed in the revision it raised
# (``Action.changed_in_revision``): given by the actions app (``mark_actions_with``), since
# this layer knows no actions.
_action_marker: list[Callable[[int, Collection[int]], None]] = []


def mark_actions_with(marker: Callable[[int, Collection[int]], None]) -> None:
    """``marker(plan_id, action_ids)`` marks those actions of the plan changed in its
    current revision."""
    _action_marker[:] = [marker]


def revise(*plans: Plan | int | None | object, because: str, actions: Collection[int] = ()) -> None:
    """What a write service calls, once, in its transaction and before its writes: the
    plans it changes (plans or ids; ``EVERY_PLAN``), and in a few words what it does.

    Raises their revisions now, and the model signals stand down until the service's
    transaction (its ``atomic`` block) ends, so its own saves cost nothing more. Name
    every plan the service changes: a row of another plan saved meanwhile is not seen.

    With ``actions`` (ids of actions of the one plan named), the service says its change
    is confined to those actions, their updates and evidence: a page kept before it then
    recomputes those actions alone (reports/page_cache.py). Without, the change is taken
    to reach anything in the plan. A service called by another adds what it names to
    what the outer one said.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("revise() belongs inside the write's transaction.atomic block.")
    logger.debug("revise %s: %s", plans, because)
    if not _service_writing():
        _note_service_block(connection)
    # What this transaction's services have said so far: plan id (or EVERY_PLAN) → the
    # actions its change is confined to, or None for the whole plan.
    done: dict = connection.revising_service[4]
    if EVERY_PLAN in done:
        return
    if EVERY_PLAN in plans:
        raised = [pk for pk, scope in done.items() if scope is not None]
        Plan.objects.exclude(pk__in=done).update(
            revision=F("revision") + 1, plan_wide_revision=F("revision") + 1
        )
        # Plans whose revision this transaction raised already, for some actions alone.
        Plan.objects.filter(pk__in=raised).update(plan_wide_revision=F("revision"))
        done[EVERY_PLAN] = None
        return
    ids = {plan if isinstance(plan, int) else getattr(plan, "pk", None) for plan in plans}
    ids.discard(None)
    if actions:
        if len(ids) != 1:
            raise ValueError("Actions are named with the one plan they belong to.")
        (pk,) = ids
        scope = done.get(pk, set())
        if scope is None:
            return  # the whole plan is revised already
        if pk not in done:
            Plan.objects.filter(pk=pk).update(revision=F("revision") + 1)
        new = set(actions) - scope
        if new:
            _action_marker[0](pk, new)
        done[pk] = scope | new
        return
    plan_revised(pk for pk in ids if pk not in done)
    widened = sorted(pk for pk in ids if done.get(pk) is not None)
    if widened:
        Plan.objects.filter(pk__in=widened).update(plan_wide_revision=F("revision"))
    done.update(dict.fromkeys(ids))


# --- Knowing that a service is writing ---------------------------------------------------
# The mark is the service's innermost atomic block, told apart from a later entry into the
# same block (``@transaction.atomic`` reuses one object) by its savepoint, or for an
# outermost block by a callback waiting for its commit (gone at commit or rollback).


def _note_service_block(connection) -> None:
    depth = len(connection.atomic_blocks)
    savepoint = connection.savepoint_ids[depth - 2] if depth > 1 else None

    def until_commit() -> None:
        """Waits in the transaction's commit callbacks while the mark holds."""

    transaction.on_commit(until_commit)
    connection.revising_service = (
        depth,
        connection.atomic_blocks[-1],
        savepoint,
        until_commit,
        {},
    )


def _service_writing() -> bool:
    connection = transaction.get_connection()
    mark = getattr(connection, "revising_service", None)
    if mark is None or not connection.in_atomic_block:
        return False
    depth, block, savepoint, until_commit, _ = mark
    blocks = connection.atomic_blocks
    return (
        len(blocks) >= depth
        and blocks[depth - 1] is block
        and (depth == 1 or connection.savepoint_ids[depth - 2] == savepoint)
        and any(callback is until_commit for _, callback, _ in connection.run_on_commit)
    )


# --- Rows of each app: how to find their plan ---------------------------------------------


def own_plan(row) -> list[int]:
    return [row.plan_id]


def plan_of(parent: str) -> Callable[[object], list[int]]:
    """A row whose plan is its ``parent``'s (``plan_of("action")``)."""

    def find(row) -> list[int]:
        return [getattr(row, parent).plan_id]

    return find


def _via_risk(row) -> list[int]:
    return [row.risk.plan_id]


def _every_plan(row) -> list[int]:
    return list(Plan.objects.values_list("pk", flat=True))


def follow(
    plan_of: dict[str, Callable[[object], list[int]]], not_shown: dict[str, str] | None = None
) -> None:
    """Register an app's models (from its ``AppConfig.ready``): those whose rows a page
    shows, with how to find a row's plans, and those no kept page shows, with why."""
    for label, find in plan_of.items():
        PLAN_OF[label] = find
        _connect(label)
    NOT_SHOWN.update(not_shown or {})


PLANS_FOLLOWED = {
    "plans.Plan": lambda plan: [plan.pk],
    "plans.Organisation": lambda organisation: list(
        organisation.plans.values_list("pk", flat=True)
    ),
    "plans.Section": own_plan,
    "plans.AssuranceEvent": own_plan,
    "plans.AssuranceEventChange": plan_of("event"),
    "plans.Finding": own_plan,
    # The foundation's user, followed here (it knows no plans).
    "improvement_board.User": _every_plan,
}

PLANS_NOT_SHOWN = {
    "improvement_board.AuditEvent": "the audit trail page is never kept",
}


# --- The model signals, for writes not through a service ----------------------------------


def _is_user(sender) -> bool:
    return sender._meta.label == "improvement_board.User"


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    """Note the plans a changed row belonged to, in case the change moves it (an admin
    can give a section, an action or a meeting another plan)."""
    if raw or instance._state.adding or _is_user(sender) or sender is Plan:
        return
    if _service_writing():
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
    if _service_writing():
        return
    before = getattr(instance, "_plans_before_save", [])
    plan_revised([*before, *PLAN_OF[sender._meta.label](instance)])


def _deleted(sender, instance, origin=None, **kwargs) -> None:
    # ``origin`` is the row or queryset whose deletion cascaded to this one.
    if sender is Plan or isinstance(origin, Plan) or getattr(origin, "model", None) is Plan:
        return  # the plan itself is going
    if _service_writing():
        return
    plan_revised(PLAN_OF[sender._meta.label](instance))


def _linked(sender, instance, action: str, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    label = instance._meta.label
    if label in PLAN_OF and not _service_writing():
        plan_revised(PLAN_OF[label](instance))


def _connect(label: str) -> None:
    model = apps.get_model(label)
    pre_save.connect(_before_save, sender=model, dispatch_uid=f"revise-before-{label}")
    post_save.connect(_saved, sender=model, dispatch_uid=f"revise-save-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"revise-delete-{label}")
    if label == "improvement_board.User":
        return  # its own links are roles and permissions, which no page shows
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(_linked, sender=through, dispatch_uid=f"revise-m2m-{through}")
