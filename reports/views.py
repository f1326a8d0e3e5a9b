from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from actions.models import Action
from improvement_board.as_at import AsAt, as_at_from_request
from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from improvement_board.roles import is_plan_manager
from plans.access import NoPlanYet, manages_plan, plan_page, plans_in_order, section_for_user
from plans.addresses import moved_plan_page
from plans.models import Plan, Section

from .across_plans import plan_figures
from .board_access import latest_final_paper
from .dashboard import plan_dashboard
from .dashboard_parts import assurance_part, risks_part
from .dashboard_tables import dashboard_tables
from .demo import demo_best_seen_as_at
from .exports import csv_response, xlsx_response
from .filters import ActionFilter, FilterOptions, actions_to_list, filter_options
from .movement import Comparison, comparison_from_request, previous_board_meeting
from .page_cache import kept_part
from .recommendations import recommendation_coverage
from .tables import ActionTable, CountedPaginator, with_total_rows

# How many actions each dashboard list shows before linking to the full filtered list.
DASHBOARD_LIST_LIMIT = 20
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def _carried_query(
    request: HttpRequest, plan: Plan, as_at: AsAt, comparison: Comparison | None
) -> str:
    """The plan, as-at and comparison dates a link must keep to show the same picture."""
    params = {}
    if not as_at.is_today:
        params["as_at"] = as_at.date.isoformat()
        if as_at.known_now:
            params["known"] = "now"
    if comparison is not None and comparison.requested and not comparison.error:
        params["since"] = comparison.date.isoformat()
    return urlencode(params)


def _with_query(url: str, query: str) -> str:
    """``url`` ready for more parameters: "url?query&" or "url?"."""
    return f"{url}?{query}&" if query else f"{url}?"


@login_required
@plan_page
def dashboard(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_at = as_at_from_request(request)
    # This plan's last Board meeting (the default comparison date) and latest final
    # paper, and for its managers how many completions wait for sign-off, in one query.
    facts = Plan.objects.filter(pk=plan.pk).annotate(
        previous_meeting=previous_board_meeting(as_at.date),
        latest_paper=latest_final_paper(),
    )
    manager = manages_plan(request.user, plan)
    if manager:
        facts = facts.annotate(completions_waiting=_completions_waiting())
    facts = facts.get()
    previous_meeting = facts.previous_meeting
    completions_waiting = facts.completions_waiting if manager else 0

    def body() -> dict:
        plan_not_started = as_at.date < plan.start_date
        comparison = board = None
        if not plan_not_started:
            comparison = comparison_from_request(
                request, plan, as_at.date, previous_meeting=previous_meeting
            )
            board = plan_dashboard(
                plan,
                as_at.date,
                comparison.date,
                limit=DASHBOARD_LIST_LIMIT,
                known_now=as_at.known_now,
            )
        query = _carried_query(request, plan, as_at, comparison)
        context = {
            "plan": plan,
            "as_at": as_at,
            "as_at_query": as_at.query(),
            "comparison": comparison,
            "plan_not_started": plan_not_started,
            "board": board,
            "summary": board.summary if board else None,
            "actions_url": _with_query(reverse("reports:all_actions", args=[plan.slug]), query),
            "list_limit": DASHBOARD_LIST_LIMIT,
            "restated_count": board.restated.total if board else 0,
            "risks_part": risks_part(plan, as_at),
            "assurance_part": assurance_part(plan, as_at, board.ratings) if board else "",
            "tables": board
            and dashboard_tables(board, since=comparison.date, as_at_query=as_at.query()),
        }
        return context

    return render(
        request,
        "reports/dashboard.html",
        {
            "plan": plan,
            "as_at": as_at,
            "content": kept_part(
                request,
                plan=plan,
                name="dashboard",
                day=as_at.date,
                mode=as_at.mode,
                template="reports/includes/dashboard_body.html",
                context=body,
            ),
            "latest_paper": facts.latest_paper,
            "completions_waiting": completions_waiting,
            "demo_best_seen_as_at": demo_best_seen_as_at(plan, as_at.date),
        },
    )


def _completions_waiting():
    waiting = (
        Action.objects.filter(plan=OuterRef("pk"))
        .awaiting_sign_off()
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(waiting), 0)


@login_required
def section_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    section = section_for_user(request.user, plan_slug, pk)
    request.plan = section.plan
    return _action_list(request, plan=section.plan, section=section)


def plan_slug_of_section(user, pk: int) -> str:
    """For old section addresses (plans/addresses.py)."""
    sections = Section.objects.filter(plan__in=Plan.objects.visible_to(user))
    return get_object_or_404(sections.values_list("plan__slug", flat=True), pk=pk)


@login_required
@plan_page
def all_actions(request: HttpRequest, plan: Plan) -> HttpResponse:
    return _action_list(request, plan=plan, section=None)


def _action_list(request: HttpRequest, *, plan: Plan, section: Section | None) -> HttpResponse:
    """The section page and the all-actions page: one filtered, sortable table of actions
    as at a date, downloadable as CSV or Excel exactly as filtered and sorted."""
    as_at = as_at_from_request(request)
    plan_not_started = as_at.date < plan.start_date
    export = request.GET.get("export")
    # A download is only ever of the day and comparison asked for: with a date that
    # cannot be used, the page says why instead.
    found = None
    if export in EXPORTS and not plan_not_started and not as_at.error:
        found = _filtered_table(request, plan, section, as_at, for_export=True)
    if found is not None and not found.comparison.error:
        table = found.table
        RequestConfig(request, paginate=False).configure(table)
        name = f"{plan.slug}-section-{section.number}" if section else plan.slug
        filename = f"{name}-actions-{as_at.date.isoformat()}"
        rows = list(table.as_values())
        response = EXPORTS[export](
            rows,
            filename=filename,
            title=f"Section {section.number} actions" if section else "Actions",
        )
        audit_record(
            kind=AuditEvent.Kind.EXPORT,
            request=request,
            plan=plan,
            detail=f"{len(rows) - 1} action{'' if len(rows) == 2 else 's'} as {filename}.{export}",
        )
        return response

    def body() -> dict:
        context = {
            "plan": plan,
            "section": section,
            "as_at": as_at,
            "plan_not_started": plan_not_started,
        }
        if not plan_not_started:
            context |= _list_context(request, plan, section, as_at)
        return context

    name = f"section-{section.pk}" if section else "all-actions"
    return render(
        request,
        "reports/section_detail.html" if section else "reports/all_actions.html",
        {
            "plan": plan,
            "section": section,
            "as_at": as_at,
            "content": kept_part(
                request,
                plan=plan,
                name=name,
                day=as_at.date,
                mode=as_at.mode,
                template="reports/includes/action_list.html",
                context=body,
                # A section's list reads its own actions alone: an update elsewhere in the
                # plan leaves it as kept.
                reads=(lambda: frozenset(section.actions.values_list("pk", flat=True)))
                if section
                else None,
            ),
        },
    )


@dataclass
class _FilteredTable:
    comparison: Comparison
    options: FilterOptions
    filterset: ActionFilter
    table: ActionTable


def _filtered_table(
    request: HttpRequest,
    plan: Plan,
    section: Section | None,
    as_at: AsAt,
    *,
    for_export: bool = False,
) -> _FilteredTable:
    comparison = comparison_from_request(request, plan, as_at.date)
    actions = Action.objects.in_plan(plan).in_plan_as_at(as_at.date)
    if section is not None:
        actions = actions.filter(section=section)
    options = filter_options(actions)
    filterset = ActionFilter(
        request.GET,
        actions_to_list(actions, as_at.date, comparison.date, known_now=as_at.known_now),
        as_at=as_at.date,
        options=options,
        with_section=section is None,
    )
    table = ActionTable(
        filterset.qs if for_export else with_total_rows(filterset.qs),
        as_at=as_at.date,
        as_at_query=as_at.query(),
        since=comparison.date,
        caption="Actions {} as at {:%-d %B %Y}".format(
            f"in {section.number}. {section.title}" if section else "in the plan", as_at.date
        ),
        with_section=section is None,
    )
    return _FilteredTable(comparison=comparison, options=options, filterset=filterset, table=table)


def _list_context(request: HttpRequest, plan: Plan, section: Section | None, as_at: AsAt) -> dict:
    """What the action list shows below its heading: filters, one page of the table, and
    any problem with what was asked for."""
    found = _filtered_table(request, plan, section, as_at)
    table, comparison, filterset = found.table, found.comparison, found.filterset
    RequestConfig(request, paginate={"paginator_class": CountedPaginator}).configure(table)
    problems = [("as-at-day", as_at.error)] if as_at.error else []
    if comparison.error:
        problems.append(("since-day", comparison.error))
    problems += [
        (f"id_{name}", message)
        for name, errors in filterset.form.errors.items()
        for message in errors
    ]
    download = request.GET.copy()
    download.pop(table.prefixed_page_field, None)
    download.pop("export", None)
    return {
        "comparison": comparison,
        "filter": filterset,
        "options": found.options,
        "table": table,
        "problems": problems,
        "page_note": _page_note(request.GET.get(table.prefixed_page_field, ""), table.page),
        "download_query": download.urlencode(),
        "clear_query": _carried_query(request, plan, as_at, comparison),
    }


def _page_note(requested: str, page) -> str:
    """Why the page shown is not the page asked for, if it is not."""
    requested, shown = requested.strip(), page.number
    if not requested or requested == str(shown):
        return ""
    if requested.lstrip("-").isdigit():
        return f"There is no page {requested[:10]}. Showing page {shown} instead."
    return f"“{requested[:20]}” is not a page number. Showing page {shown} instead."


@login_required
@plan_page
def recommendations(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_at = as_at_from_request(request)
    plan_not_started = as_at.date < plan.start_date
    coverage = (
        []
        if plan_not_started
        else recommendation_coverage(plan, as_at.date, known_now=as_at.known_now)
    )
    return render(
        request,
        "reports/recommendations.html",
        {
            "plan": plan,
            "as_at": as_at,
            "as_at_query": as_at.query(),
            "plan_not_started": plan_not_started,
            "coverage": coverage,
            "flagged": [item for item in coverage if item.flagged],
            "actions_url": _with_query(
                reverse("reports:all_actions", args=[plan.slug]),
                _carried_query(request, plan, as_at, None),
            ),
        },
    )


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: the person's plan if they have one, or a short list of
    their plans with each one's BRAG counts today and last Board date."""
    slug = request.GET.get("plan", "").strip()
    if slug:
        # An old dashboard address, /?plan=slug.
        return moved_plan_page("reports:dashboard")(request)
    plans = plans_in_order(
        Plan.objects.visible_to(request.user).in_default_lists().select_related("organisation")
    )
    figures = plan_figures(plans, timezone.localdate())
    if len(figures) == 1 and not request.GET.get("list"):
        # The query goes along: /?as_at=2020-04-23 was the dashboard's old address.
        query = request.GET.urlencode()
        return redirect(figures[0].plan.get_absolute_url() + (f"?{query}" if query else ""))
    archived = plans_in_order(
        Plan.objects.visible_to(request.user)
        .filter(status=Plan.Status.ARCHIVED)
        .select_related("organisation")
    )
    if not figures and not is_plan_manager(request.user) and not archived:
        raise NoPlanYet("You are not a member of any plan yet.")
    return render(
        request,
        "reports/home.html",
        {
            "figures": figures,
            "archived": list(archived),
            "several_organisations": len({f.plan.organisation_id for f in figures}) > 1,
        },
    )
