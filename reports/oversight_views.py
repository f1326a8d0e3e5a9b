"""The cross-council summary page and its downloads (reports/oversight.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from improvement_board.as_at import as_at_from_request
from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent

from .oversight import oversight_summary
from .page_cache import kept_part
from .tables import OversightTable
from .views import EXPORTS

ARCHIVED_PARAM = "archived"


@login_required
@require_safe
def oversight(request: HttpRequest) -> HttpResponse:
    as_at = as_at_from_request(request)
    include_archived = request.GET.get(ARCHIVED_PARAM) == "yes"
    summary = oversight_summary(
        request.user,
        as_at.date,
        known_now=as_at.known_now,
        include_archived=include_archived,
    )

    def table() -> OversightTable:
        drawn = OversightTable(
            summary.standings,
            as_at_query=as_at.query(),
            caption=f"Plans of the councils you oversee, as at {as_at.date:%-d %B %Y}",
        )
        RequestConfig(request, paginate=False).configure(drawn)
        return drawn

    export = request.GET.get("export")
    # A download is only ever of the day asked for: with a date that cannot be used, the
    # page says why instead.
    if export in EXPORTS and not as_at.error:
        filename = f"councils-{as_at.date.isoformat()}" + ("-known-now" if as_at.known_now else "")
        response = EXPORTS[export](
            table().as_values(), filename=filename, title="Councils as at " + str(as_at.date)
        )
        audit_record(
            kind=AuditEvent.Kind.EXPORT,
            request=request,
            detail=f"Summary across councils: {summary.describe()} as {filename}.{export}",
        )
        return response

    download = request.GET.copy()
    download.pop("export", None)
    return render(
        request,
        "reports/oversight.html",
        {
            "as_at": as_at,
            "summary": summary,
            # The table is the same for everyone who oversees the same plans: kept per
            # the revisions of them all, the day, the mode and the query (sort, dates).
            "table_part": kept_part(
                request,
                plan=summary.plans,
                name="oversight",
                day=as_at.date,
                mode=as_at.mode,
                template="reports/includes/oversight_table.html",
                context=lambda: {"table": table()},
            ),
            "include_archived": include_archived,
            "problems": [("as-at-day", as_at.error)] if as_at.error else [],
            "download_query": download.urlencode(),
        },
    )
