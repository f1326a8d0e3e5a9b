"""The Board's reading pages and the API's lists, computed once per plan revision.

A dashboard, an action list or a report preview is the same for everyone who asks with
the same plan, dates and filters, until something in the plan changes; and at a Board
meeting many people ask at once. A Power BI or Excel refresh asks the API for the same
lists again and again. So the part of the answer drawn from the plan's data is kept,
keyed by the plan's revision (plans/revisions.py: raised in the same transaction as any
write the answer could show), the day it shows (answers "as at today" move with the
date) and what the request asked for. A write makes the next request compute it afresh;
nothing is ever shown from before a change that has been saved.

Only the data part is kept: for a page, its HTML (``kept_part``), while the page around
it (who is signed in, navigation, forms that carry a CSRF token) is drawn for each
request. ``kept_part`` draws the part's template itself, from the context the view
computes, without the context processors and with nothing of the request but its query
string (``QueryOnly``), so a view has no way to give it who asked. For the
API, a page of its records as JSON-ready values and their total (``plan_records``),
which the API renders as JSON or CSV for each request; the records are the same for
everyone who may read the plan. The store is each app process's memory, or a Redis
server the app servers share (settings.CACHES["pages"], from ``CACHE_URL``): several app
servers need nothing shared, and may share one. Entries also expire after
settings.PAGE_CACHE_SECONDS, and 0 turns the store off. If the store cannot be reached,
the page is computed as if nothing were kept, and the problem logged.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action
from plans.models import Plan

logger = logging.getLogger(__name__)


def request_query(request: HttpRequest, *, leave_out: Collection[str] = ()) -> str:
    """The request's query string in a fixed order, so the same question is the same key;
    without the parameters named in ``leave_out`` (ones that change how the same answer is
    presented, such as the API's ``format``)."""
    return urlencode(
        sorted(
            (key, value)
            for key, values in request.GET.lists()
            if key not in leave_out
            for value in values
        )
    )


def _holder(plan: Plan | list[Plan]) -> str:
    """What in a key says whose data it is: the plan and its revision; for a page of many
    plans (the summary across councils), every one of them and its revision, digested."""
    if isinstance(plan, Plan):
        return f"{plan.pk}:{plan.revision}"
    revisions = ",".join(f"{each.pk}:{each.revision}" for each in plan)
    return "plans:" + hashlib.sha256(revisions.encode()).hexdigest()[:32]


def _key(kind: str, name: str, holder: str, day: datetime.date, mode: str, vary: str) -> str:
    digest = hashlib.sha256(vary.encode()).hexdigest()[:32]
    return f"{kind}:{name}:{holder}:{day.isoformat()}:{mode}:{digest}"


def _kept(
    *,
    kind: str,
    plan: Plan | list[Plan],
    name: str,
    day: datetime.date,
    mode: str,
    vary: str,
    compute: Callable[[], Any],
) -> Any:
    """What ``compute()`` returns, from the store if this plan revision's is there."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = _key(kind, name, _holder(plan), day, mode, vary)
    store = caches["pages"]
    try:
        value = store.get(key)
    except Exception:  # a shared store (CACHE_URL) that is down: serve the page anyway
        logger.warning("The page cache could not be read; computing %s", key, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            store.set(key, value, seconds)
        except Exception:
            logger.warning("The page cache could not be written (%s)", key, exc_info=True)
    return value


# What the context processors give a page about who asked: never in a kept part.
WHO_ASKED = frozenset(
    {"user", "perms", "csrf_token", "messages", "navigation", "plan_choices", "user_organisation"}
)


@dataclass(frozen=True)
class QueryOnly:
    """All a kept part knows of the request, as ``request`` in its template: the query
    string (``request.GET``), for links and forms that keep what was asked."""

    GET: QueryDict


def kept_part(
    request: HttpRequest,
    *,
    plan: Plan | list[Plan],
    name: str,
    day: datetime.date,
    mode: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    vary: str | None = None,
    reads: Callable[[], frozenset[int] | None] | None = None,
) -> SafeString:
    """A reading page's data part: ``template`` drawn with ``context()`` (called only when
    the part is not kept), kept as ``plan_page_part`` says; ``vary`` is the request's query
    unless given. The template gets no context processors (no user, permissions, CSRF
    token or navigation), and as ``request`` only ``QueryOnly``, whatever ``context()``
    holds; a context naming who asked (``WHO_ASKED``) is refused. The part is the same
    for everyone who may read the plan.

    With ``reads`` (called when the part is drawn: the keys of the only actions it reads,
    or None for all), the part is kept across revisions (``kept_unless_changed``) until
    something plan-wide changes or one of those actions does."""
    query_only = QueryOnly(request.GET.copy())

    def render() -> str:
        values = context()
        if who := WHO_ASKED & set(values):
            raise ValueError(f"A kept part is the same for everyone: not {', '.join(sorted(who))}.")
        return render_to_string(template, {**values, "request": query_only})

    vary = request_query(request) if vary is None else vary
    if reads is not None:
        html = kept_unless_changed(
            plan=plan,
            name=name,
            day=day,
            mode=mode,
            vary=vary,
            compute=lambda: (render(), reads()),
        )
        return mark_safe(html)
    return plan_page_part(plan=plan, name=name, day=day, mode=mode, vary=vary, render=render)


def plan_page_part(
    *,
    plan: Plan | list[Plan],
    name: str,
    day: datetime.date,
    mode: str,
    vary: str,
    render: Callable[[], str],
) -> SafeString:
    """``render()``'s HTML for this page part of ``plan``, computed at most once per plan
    revision, ``day`` (the date the part shows, as the view worked it out), ``mode``
    (``AsAt.mode``: the day as known then or as known now) and ``vary`` (what else it
    depends on, e.g. ``request_query``).

    ``plan`` must have been read from the database before the part's data: a part then
    computed from newer data than its key only ever lands under an older revision, which
    the next view no longer asks for.

    ``plan`` may be a list of plans, for a part drawn from all of them (the summary
    across councils' table): it is kept per the revisions of them all, so a change to any
    one of them, or another set of plans, has it computed afresh.
    """
    html = _kept(
        kind="page",
        plan=plan,
        name=name,
        day=day,
        mode=mode,
        vary=vary,
        compute=lambda: str(render()),
    )
    return mark_safe(html)


def plan_records(
    *,
    plan: Plan,
    name: str,
    day: datetime.date,
    mode: str,
    vary: str,
    compute: Callable[[], Any],
) -> Any:
    """``compute()``'s records drawn from ``plan``, kept by the same rule and under the
    same key parts as ``plan_page_part``: computed at most once per plan revision,
    ``day``, ``mode`` and ``vary``, with ``plan`` read from the database before them.

    What ``compute`` returns must be plain data (dicts, lists, strings, numbers, true or
    false, None; never None itself), ready to render as JSON or CSV. In each process's
    memory the store keeps the value itself (improvement_board/cache.py), so a caller
    must not change what it gets back.
    An exception from ``compute`` (a question that cannot be answered) keeps nothing.
    """
    return _kept(
        kind="records", plan=plan, name=name, day=day, mode=mode, vary=vary, compute=compute
    )


def plans_records(
    *,
    plans: list[Plan],
    name: str,
    day: datetime.date,
    mode: str,
    compute: Callable[[list[Plan]], dict[int, Any]],
) -> dict[int, Any]:
    """For a page of many plans (the summary across councils): each plan's records, by
    plan key, kept per plan under the same rule as ``plan_records``, so a change to one
    plan has the next view compute that plan's alone. ``compute(plans)`` returns the
    records of the plans given (plain data, as for ``plan_records``), by plan key."""
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0 or not plans:
        return compute(plans)
    keys = {f"records:{name}:{p.pk}:{p.revision}:{day.isoformat()}:{mode}": p for p in plans}
    store = caches["pages"]
    try:
        found = store.get_many(list(keys))
    except Exception:
        logger.warning("The page cache could not be read; computing %s", name, exc_info=True)
        return compute(plans)
    missing = [plan for key, plan in keys.items() if key not in found]
    records = {keys[key].pk: value for key, value in found.items()}
    if missing:
        computed = compute(missing)
        records |= computed
        new = {key: computed[plan.pk] for key, plan in keys.items() if plan in missing}
        try:
            store.set_many(new, seconds)
        except Exception:
            logger.warning("The page cache could not be written (%s)", name, exc_info=True)
    return records


# --- Kept across revisions: after a change to a few actions, only they are computed ---
# A page's first view after an owner's update would otherwise compute the whole plan
# again. Write services say when their change is confined to some actions (``revise(...,
# actions=...)``); what is kept here is stored with the revision it was computed at, and
# a later view asks which actions changed since (one indexed query) and recomputes only
# what they touch. A change reaching anything else in the plan (``Plan.revised_since``
# answers None) has everything computed afresh.


def changed_actions(plan: Plan, since: int) -> frozenset[int] | None:
    """The plan's actions changed after revision ``since`` (as read with ``plan``, or
    later), or None if something other than named actions changed since."""
    revised = plan.revised_since(since)
    if revised is None:
        return None
    if not revised:
        return frozenset()
    # Asked once per request: the actions changed since the earliest revision asked
    # about, with the revision of each one's last change, answer every later question.
    asked = plan.__dict__.get("_changed_actions")
    if asked is None or asked[0] > since:
        changes = Action.objects.filter(plan=plan, changed_in_revision__gt=since)
        asked = (since, dict(changes.values_list("pk", "changed_in_revision")))
        plan.__dict__["_changed_actions"] = asked
    return frozenset(pk for pk, revision in asked[1].items() if revision > since)


def _read(key: str) -> Any:
    try:
        return caches["pages"].get(key)
    except Exception:
        logger.warning("The page cache could not be read (%s)", key, exc_info=True)
        return None


def _write(key: str, value: Any) -> None:
    try:
        caches["pages"].set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("The page cache could not be written (%s)", key, exc_info=True)


def action_records(
    *,
    plan: Plan,
    name: str,
    day: datetime.date,
    mode: str,
    compute: Callable[[frozenset[int] | None], dict[int, Any]],
    vary: str = "",
    only: Collection[int] | None = None,
) -> dict[int, Any]:
    """Each of the plan's actions' records, by action key, for ``day``, ``mode`` and
    ``vary`` (what else they depend on): ``compute(None)`` gives every action's,
    ``compute(keys)`` those of the actions with these keys that there are. Kept across
    revisions: after a change confined to some actions, only theirs are computed again.
    The records come in the order ``compute(None)`` gave them, an action computed again
    keeping its place (a change confined to an action moves it in no list of the plan's
    actions: its section, reference and day added are the plan's to change). As for
    ``plan_records``, ``plan`` must have been read before the records, and the records be
    plain data. With ``only`` (keys), the caller reads those records alone: when nothing
    is kept, only theirs are computed."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute(None if only is None else frozenset(only))
    key = _key("actions", name, str(plan.pk), day, mode, vary)
    entry = _read(key)
    changed = None if entry is None else changed_actions(plan, entry[0])
    if changed is None:
        records = compute(None)
    elif not changed:
        return entry[1]
    else:
        fresh = compute(changed)
        records = {
            pk: fresh.get(pk, record)
            for pk, record in entry[1].items()
            if pk not in changed or pk in fresh
        }
        records |= fresh
    _write(key, (plan.revision, records))
    return records


def kept_unless_changed(
    *,
    plan: Plan,
    name: str,
    day: datetime.date,
    mode: str,
    compute: Callable[[], tuple[Any, frozenset[int] | None]],
    vary: str = "",
) -> Any:
    """A value drawn from the plan that depends on a few of its actions, or none: kept
    across revisions until something else in the plan changes or one of those actions
    does. ``compute()`` returns the value and the keys of the actions it read (None for
    all of them)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()[0]
    key = _key("unless", name, str(plan.pk), day, mode, vary)
    entry = _read(key)
    if entry is not None:
        revision, depends_on, value = entry
        changed = changed_actions(plan, revision)
        if changed is not None and (
            not changed or (depends_on is not None and depends_on.isdisjoint(changed))
        ):
            if changed:  # still good: kept as of now, so later views ask about less
                _write(key, (plan.revision, depends_on, value))
            return value
    value, depends_on = compute()
    _write(key, (plan.revision, depends_on, value))
    return value
