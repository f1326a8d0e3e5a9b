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
    digest = hashlib.sha256(vary.encode()).hexdigest()[:32]
    key = f"{kind}:{name}:{_holder(plan)}:{day.isoformat()}:{mode}:{digest}"
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
) -> SafeString:
    """A reading page's data part: ``template`` drawn with ``context()`` (called only when
    the part is not kept), kept as ``plan_page_part`` says; ``vary`` is the request's query
    unless given. The template gets no context processors (no user, permissions, CSRF
    token or navigation), and as ``request`` only ``QueryOnly``, whatever ``context()``
    holds; a context naming who asked (``WHO_ASKED``) is refused. The part is the same
    for everyone who may read the plan."""
    query_only = QueryOnly(request.GET.copy())

    def render() -> str:
        values = context()
        if who := WHO_ASKED & set(values):
            raise ValueError(f"A kept part is the same for everyone: not {', '.join(sorted(who))}.")
        return render_to_string(template, {**values, "request": query_only})

    return plan_page_part(
        plan=plan,
        name=name,
        day=day,
        mode=mode,
        vary=request_query(request) if vary is None else vary,
        render=render,
    )


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
    false, None; never None itself), ready to render as JSON or CSV. The store keeps a
    copy, so what a caller does with the value it gets back changes nothing kept.
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
