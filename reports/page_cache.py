"""The Board's reading pages, computed once per plan revision.

A dashboard, an action list or a report preview is the same for everyone who asks with
the same plan, dates and filters, until something in the plan changes; and at a Board
meeting many people ask at once. So the part of the page drawn from the plan's data is
kept, keyed by the plan's revision (plans/revisions.py: raised in the same transaction
as any write the page could show), the day the page shows (pages "as at today" move with
the date) and what the request asked for. A write makes the next view compute it afresh;
nothing is ever shown from before a change that has been saved.

Only the data part is kept: the page around it (who is signed in, navigation, forms that
carry a CSRF token) is drawn for each request. Views draw the data part without the
context processors (the request goes in its context only for the query string), so it
has no way to show who asked. The store is each app process's memory
(settings.CACHES["pages"]), so several app servers need nothing shared; entries also
expire after settings.PAGE_CACHE_SECONDS, and 0 turns the store off.
"""

import datetime
import hashlib
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from plans.models import Plan


def request_query(request: HttpRequest) -> str:
    """The request's query string in a fixed order, so the same question is the same key."""
    return urlencode(
        sorted((key, value) for key, values in request.GET.lists() for value in values)
    )


def plan_page_part(
    *,
    plan: Plan,
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
    """
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return mark_safe(render())
    digest = hashlib.sha256(vary.encode()).hexdigest()[:32]
    key = f"page:{name}:{plan.pk}:{plan.revision}:{day.isoformat()}:{mode}:{digest}"
    store = caches["pages"]
    html = store.get(key)
    if html is None:
        html = str(render())
        store.set(key, html, seconds)
    return mark_safe(html)
