"""The read-only API: plans, sections, actions as at any date, their update history,
indicators and their values, and the Board's summary table.

Every figure comes from the functions the app's own pages use (the dashboard's summary,
the all-actions list's as-at state, the exception rules, the scorecard), so the API and
the pages always agree. Like the pages, each of a plan's lists is computed at most once
per plan revision, day and question (reports/page_cache.py). Nothing here writes: every
view answers GET (and HEAD) only.
"""

import datetime
from collections.abc import Collection
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.settings import api_settings

from actions.models import Action, ActionUpdate, Rating, SlippageReason
from actions.rules import is_overdue, is_stale
from improvement_board.as_at import parse_date
from improvement_board.prepared import values_rows
from indicators.models import IndicatorValue
from indicators.scorecard import scorecard_rows
from plans.models import Plan, Section
from reports.dashboard import plan_dashboard
from reports.exceptions import is_red_or_amber
from reports.filters import actions_to_filter
from reports.movement import comparison_from_request, direction
from reports.page_cache import action_records, plan_records, request_query

from . import serializers

AS_AT = OpenApiParameter(
    "as_at",
    OpenApiTypes.DATE,
    description="The day to report, as known at the end of it (YYYY-MM-DD). Default: today.",
    examples=[OpenApiExample("A Board meeting's date", value="2020-04-23")],
)
SINCE = OpenApiParameter(
    "since",
    OpenApiTypes.DATE,
    description="The comparison date for `rating_since` and `direction`, before `as_at`. "
    "Default: the previous Board meeting on record, as on the dashboard.",
)
ERRORS = {
    400: OpenApiResponse(description="A parameter is not valid; the body says which and why."),
    401: OpenApiResponse(description="No token, or a token that is unknown or revoked."),
    404: OpenApiResponse(description="No such plan among those you may read, or no such page."),
}


def _plan(request, slug: str) -> Plan:
    """One of the plans the person may read; any other does not exist for them."""
    try:
        plans = Plan.objects.visible_to(request.user).select_related("organisation")
        return get_object_or_404(plans, slug=slug)
    except Http404:
        raise Http404("There is no plan with this slug among those you may read.") from None


def _as_at(request, plan: Plan) -> datetime.date:
    raw = request.query_params.get("as_at", "").strip()
    today = timezone.localdate()
    if not raw:
        return today
    parsed = parse_date(raw)
    if parsed is None:
        message = f"“{raw[:40]}” is not a date. Give a date like 2020-04-23."
    elif parsed > today:
        message = f"{parsed:%-d %B %Y} is in the future: give today or an earlier date."
    elif parsed < plan.start_date:
        message = (
            f"{parsed:%-d %B %Y} is before the plan started "
            f"({plan.start_date:%-d %B %Y}): give a date on or after it."
        )
    else:
        return parsed
    raise ValidationError({"as_at": [message]})


def _name(user) -> str | None:
    return str(user) if user is not None else None


class PlanList(ListAPIView):
    """The plans you may read."""

    serializer_class = serializers.PlanSerializer

    @extend_schema(operation_id="plans_list", responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Plan.objects.visible_to(self.request.user)
            .select_related("predecessor", "organisation")
            .order_by("-start_date", "title", "pk")
        )

    def paginate_queryset(self, queryset):
        return [_plan_record(plan) for plan in super().paginate_queryset(queryset)]


def _plan_record(plan: Plan) -> dict:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "organisation": plan.organisation.name,
        "status": plan.status,
        "start_date": plan.start_date,
        "inspection": plan.inspection,
        "inspection_date": plan.inspection_date,
        "predecessor": plan.predecessor.slug if plan.predecessor else None,
    }


class PlanDetail(RetrieveAPIView):
    """One plan."""

    serializer_class = serializers.PlanSerializer

    @extend_schema(operation_id="plans_retrieve", responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        plan = _plan(self.request, self.kwargs["slug"])
        if plan.predecessor_id:
            plan.predecessor = Plan.objects.only("slug").get(pk=plan.predecessor_id)
        return _plan_record(plan)


# The API reports a day as known at the end of it: the pages' picture without ?known=now
# (``AsAt.mode``), and the part of a kept list's key that says so.
KNOWN_THEN = "known-then"


class PlanRecords(ListAPIView):
    """A list of one plan's records; subclasses say which, from ``records``.

    A page of the list is computed at most once per plan revision, day and question
    (``plan_records``), as a page of the app is: its records as JSON-ready values and the
    total, kept whether JSON or CSV is asked for. A page that is kept costs finding who
    asks (token or session) and the plan, whatever the plan's size; any write to the plan
    makes the next request compute it afresh.
    """

    def list(self, request, *args, **kwargs):
        self.plan = _plan(request, self.kwargs["slug"])  # with its revision, before its data
        kept = plan_records(
            plan=self.plan,
            name=f"api-{type(self).__name__}",
            day=self.day(self.plan),
            mode=KNOWN_THEN,
            vary=request_query(request, leave_out=(api_settings.URL_FORMAT_OVERRIDE,)),
            compute=self.computed_page,
        )
        self.paginator.read_request(request)
        self.paginator.found(kept["count"])
        return self.get_paginated_response(kept["records"])

    def computed_page(self) -> dict:
        """The page asked for, computed: its records and how many there are in all."""
        page = self.paginate_queryset(self.records(self.plan))
        data = self.get_serializer(page, many=True).data
        return {"count": self.paginator.count, "records": [dict(record) for record in data]}

    def day(self, plan: Plan) -> datetime.date:
        """The day the list shows: ``as_at``, refused with a 400 if it cannot be used."""
        self.as_at = _as_at(self.request, plan)
        return self.as_at

    def records(self, plan: Plan):
        raise NotImplementedError

    def paginate_queryset(self, queryset):
        return [self.record(item) for item in super().paginate_queryset(queryset)]

    def record(self, item) -> dict:
        return item


class SectionList(PlanRecords):
    """The plan's sections, in order."""

    serializer_class = serializers.SectionSerializer

    @extend_schema(responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def day(self, plan):
        return timezone.localdate()  # sections are not as at a date: today's, as they stand

    def records(self, plan):
        return Section.objects.filter(plan=plan).select_related("lead").order_by("number")

    def record(self, section):
        return {
            "id": section.pk,
            "number": section.number,
            "title": section.title,
            "lead": _name(section.lead),
        }


class ActionList(PlanRecords):
    """Every action in the plan on `as_at`, with where it stood and what was said of it
    then, by the rules and from the same figures as the dashboard and the all-actions
    list; and its rating on `since`, for the direction of travel."""

    serializer_class = serializers.ActionSerializer

    @extend_schema(parameters=[AS_AT, SINCE], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def computed_page(self) -> dict:
        """The page asked for, from every action's record on the day, kept across
        revisions (``action_records``): after an owner's update only that action's record
        is computed again, however many pages a refresh asks for."""
        self.since = self._since(self.plan)
        every = action_records(
            plan=self.plan,
            name="api-actions",
            day=self.as_at,
            mode=KNOWN_THEN,
            vary=self.since.isoformat(),
            compute=self._records_of,
        )
        page = self.paginator.paginate_queryset(list(every.values()), self.request, view=self)
        return {"count": self.paginator.count, "records": page}

    def _since(self, plan) -> datetime.date:
        """The comparison date asked for, or the default; a 400 if it cannot be used."""
        since = self.request.query_params.get("since", "").strip()
        if since and parse_date(since) is None:
            # The pages' message speaks of date boxes; the API is given ISO dates.
            raise ValidationError(
                {"since": [f"“{since[:40]}” is not a date. Give a date like 2020-03-26."]}
            )
        comparison = comparison_from_request(self.request._request, plan, self.as_at)
        if comparison.requested and comparison.error:
            raise ValidationError({"since": [comparison.error.split(" Comparing with ")[0]]})
        return comparison.date

    def _query(self, keys: Collection[int] | None):
        actions = Action.objects.in_plan(self.plan).in_plan_as_at(self.as_at)
        if keys is not None:
            actions = actions.filter(pk__in=keys)
        return actions_to_filter(actions, self.as_at, self.since).values_list(*ACTION_VALUES)

    def _records_of(self, keys: frozenset[int] | None) -> dict[int, dict]:
        """Each action's record (of those with ``keys``, or all), by key, in plan order."""
        # After an update, the changed actions' rows: compiled once for plan, day and since.
        shape = ("api-actions", self.plan.pk, self.as_at, self.since)
        rows = values_rows(shape, self._query, keys, ACTION_VALUE_KINDS)
        User = get_user_model()
        records = []
        for row in rows:
            values = dict(zip(ACTION_VALUES, row, strict=True))
            section = SimpleNamespace(
                number=values.pop("section__number"), title=values.pop("section__title")
            )
            lead = User(
                username=values.pop("lead__username"),
                first_name=values.pop("lead__first_name"),
                last_name=values.pop("lead__last_name"),
            )
            records.append(self.record(SimpleNamespace(**values, section=section, lead=lead)))
        data = self.get_serializer(records, many=True).data
        return {record["id"]: dict(record) for record in data}

    def record(self, action):
        as_at = self.as_at
        rating = action.rating_as_at
        reason = action.slippage_reason_as_at
        overdue = is_overdue(action, as_at)
        return {
            "as_at": as_at,
            "id": action.pk,
            "reference": action.reference,
            "title": action.title,
            "section_number": action.section.number,
            "section_title": action.section.title,
            "lead": _name(action.lead),
            "added_on": action.added_on,
            "start_date": action.start_date,
            "original_due_date": action.original_due_date,
            "due_date": action.due_date_as_at,
            "rating": rating,
            "rating_label": Rating(rating).label if rating else "",
            "last_update_on": action.updated_on_as_at,
            "commentary": action.commentary_as_at or "",
            "slippage_reason": reason or None,
            "slippage_reason_label": SlippageReason(reason).label if reason else "",
            "red_or_amber": is_red_or_amber(action),
            "overdue": overdue,
            "days_overdue": (as_at - action.due_date_as_at).days if overdue else None,
            "stale": is_stale(action, as_at),
            "since": self.since,
            "rating_since": action.rating_before,
            "direction": direction(action.rating_before, rating) if rating else None,
        }


# What an action's record is made from, and how each value is read back
# (improvement_board.prepared).
ACTION_VALUES = (
    "pk",
    "reference",
    "title",
    "section__number",
    "section__title",
    "lead__username",
    "lead__first_name",
    "lead__last_name",
    "added_on",
    "start_date",
    "original_due_date",
    "due_date_as_at",
    "rating_as_at",
    "updated_on_as_at",
    "commentary_as_at",
    "slippage_reason_as_at",
    "rating_before",
)
ACTION_VALUE_KINDS = ("",) * 8 + ("date",) * 4 + ("", "date", "", "", "")


class ActionUpdateList(PlanRecords):
    """Every update to the plan's actions in force by `as_at`, oldest first: the history
    the ratings above are drawn from."""

    serializer_class = serializers.ActionUpdateSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        as_at = self.as_at
        # Which updates count by a day is the rule ``for_action_as_at`` holds; asked per
        # row here so that it stays the one rule, whatever it becomes.
        in_force = ActionUpdate.objects.for_action_as_at(OuterRef("action"), as_at).filter(
            pk=OuterRef("pk")
        )
        return (
            ActionUpdate.objects.filter(action__plan=plan, action__added_on__lte=as_at)
            .filter(Exists(in_force))
            .select_related("action", "author")
            .order_by("effective_date", "pk")
        )

    def record(self, update):
        return {
            "id": update.pk,
            "action_id": update.action_id,
            "action_reference": update.action.reference,
            "kind": update.kind,
            "effective_date": update.effective_date,
            "recorded_at": update.recorded_at,
            "author": _name(update.author),
            "previous_rating": update.previous_rating or None,
            "rating": update.rating,
            "commentary": update.commentary,
            "revised_due_date": update.revised_due_date,
            "slippage_reason": update.slippage_reason or None,
        }


class IndicatorList(PlanRecords):
    """The plan's performance indicators with their latest value as at `as_at`, its
    status against target and its direction of travel, as the scorecard shows them."""

    serializer_class = serializers.IndicatorSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        return scorecard_rows(plan, self.as_at)

    def record(self, row):
        indicator, latest = row.indicator, row.latest
        return {
            "as_at": self.as_at,
            "id": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "polarity": indicator.polarity,
            "target": indicator.target,
            "tolerance": indicator.tolerance,
            "owner": _name(indicator.owner),
            "latest_period": latest.period if latest else None,
            "latest_value": latest.value if latest else None,
            "status": row.status,
            "vs_previous_month": row.vs_previous,
            "vs_year_ago": row.vs_year_ago,
        }


class IndicatorValueList(PlanRecords):
    """Every monthly value of the plan's indicators in force as at `as_at` (a corrected
    value replaces the one it corrects), by indicator and month."""

    serializer_class = serializers.IndicatorValueSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        as_at = self.as_at
        return (
            IndicatorValue.objects.current()
            .as_at(as_at)
            .filter(indicator__plan=plan)
            .select_related("indicator")
            .order_by("indicator__position", "indicator_id", "period")
        )

    def record(self, value):
        return {
            "id": value.pk,
            "indicator_id": value.indicator_id,
            "indicator": value.indicator.name,
            "period": value.period,
            "value": value.value,
            "commentary": value.commentary,
            "entered_at": value.entered_at,
            "corrects": value.supersedes_id,
        }


class SummaryList(PlanRecords):
    """The Board's summary of progress as at `as_at`: actions per section and rating,
    then the total row, the dashboard's figures."""

    serializer_class = serializers.SummaryRowSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        summary = plan_dashboard(plan, self.as_at, self.as_at, limit=0).summary
        return [*summary.rows, summary.total]

    def record(self, row):
        return {
            "as_at": self.as_at,
            "section_number": row.section.number if row.section else None,
            "section": row.title,
            "total": row.total,
            **{rating: row.counts[rating] for rating in Rating.values},
            "not_rated": row.not_rated,
            "is_total": row.section is None,
        }
