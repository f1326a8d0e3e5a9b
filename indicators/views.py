import csv
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from improvement_board.as_at import as_at_from_request
from improvement_board.roles import is_plan_manager
from improvement_board.spreadsheets import neutralise
from plans.access import plan_page
from plans.models import Plan

from .access import (
    indicator_for_user,
    indicators_for_entry,
    may_enter_values,
    may_enter_values_for,
)
from .charts import series_chart
from .forms import EntrySheet, PeriodForm, ValuesImportForm, default_entry_period, month_choices
from .imports import COLUMNS
from .models import IndicatorValue
from .periods import add_months, period_key, period_label
from .scorecard import indicator_series, scorecard_rows
from .services import (
    ImportRejected,
    StaleValueError,
    indicator_values_import,
    indicator_values_record,
)
from .status import Status


def _scorecard_url(plan) -> str:
    return reverse("indicators:scorecard", args=[plan.slug])


@login_required
@plan_page
def scorecard(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_at = as_at_from_request(request)
    rows = scorecard_rows(plan, as_at.date, known_now=as_at.known_now)
    statuses = Counter(row.status for row in rows if row.status)
    user = request.user
    can_enter = may_enter_values(user) and (
        is_plan_manager(user) or any(row.indicator.owner_id == user.pk for row in rows)
    )
    return render(
        request,
        "indicators/scorecard.html",
        {
            "plan": plan,
            "as_at": as_at,
            "rows": rows,
            "status_counts": [(status, statuses[status]) for status in Status if statuses[status]],
            "without_value": sum(1 for row in rows if row.latest is None),
            "restated": [row for row in rows if row.latest and row.latest.restated],
            "can_enter": can_enter,
        },
    )


@login_required
def indicator_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    indicator = indicator_for_user(request.user, pk, plan_slug)
    as_at = as_at_from_request(request)
    row, entries = indicator_series(indicator, as_at.date, known_now=as_at.known_now)
    values = [(value.period, value.value) for value in row.series]
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "as_at": as_at,
            "row": row,
            "entries": entries,
            "chart": series_chart(values, unit=indicator.unit, target=indicator.target)
            if values
            else None,
            "sections": indicator.sections.order_by("number"),
            "actions": indicator.actions.order_by("reference"),
            "can_enter": may_enter_values_for(request.user, indicator),
        },
    )


@login_required
@plan_page
def enter_values(request: HttpRequest, plan: Plan) -> HttpResponse:
    indicators = list(indicators_for_entry(request, plan).select_related("owner"))
    period_form = PeriodForm(request.GET)
    period = period_form.cleaned_data["period"] if period_form.is_valid() else None
    shown_period = period or default_entry_period()
    values = IndicatorValue.objects.current().filter(
        indicator__in=indicators, period__in=[shown_period, add_months(shown_period, -1)]
    )
    sheet = EntrySheet(
        indicators,
        shown_period,
        list(values.select_related("entered_by")),
        data=request.POST if request.method == "POST" else None,
    )
    if request.method == "POST" and period is not None and sheet.is_valid():
        entries = sheet.entries()
        if not entries:
            messages.info(request, f"Nothing was changed for {period_label(period)}.")
            return redirect(_scorecard_url(plan))
        try:
            result = indicator_values_record(
                entries=entries, entered_by=request.user, source="Entered in the browser"
            )
        except StaleValueError as stale:
            sheet.form_for(stale.indicator).mark_stale(stale.current)
        else:
            corrections = f", {result.corrected} of them corrections" if result.corrected else ""
            messages.success(
                request,
                f"Saved {result.written} value{'s' if result.written != 1 else ''} for "
                f"{period_label(period)}{corrections}.",
            )
            return redirect(_scorecard_url(plan))
    return render(
        request,
        "indicators/enter_values.html",
        {
            "plan": plan,
            "period": shown_period,
            "period_key": period_key(shown_period),
            "period_form": period_form,
            "period_errors": [("period", error) for error in period_form.errors.get("period", [])],
            "month_choices": month_choices(shown_period),
            "sheet": sheet,
        },
    )


@login_required
@plan_page
def import_values(request: HttpRequest, plan: Plan) -> HttpResponse:
    indicators_for_entry(request, plan)
    if request.method == "POST":
        form = ValuesImportForm(request.POST, request.FILES)
    else:
        form = ValuesImportForm()
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = indicator_values_import(
                plan=plan, user=request.user, data=upload.read(), filename=upload.name
            )
        except ImportRejected as rejected:
            row_errors = rejected.errors
        else:
            unchanged = (
                f" {result.unchanged} row{'s' if result.unchanged != 1 else ''} matched the "
                "values already recorded and changed nothing."
                if result.unchanged
                else ""
            )
            messages.success(
                request,
                f"Imported {result.written} value{'s' if result.written != 1 else ''} from "
                f"{upload.name} ({result.added} new, {result.corrected} corrections).{unchanged}",
            )
            return redirect(_scorecard_url(plan))
    return render(
        request,
        "indicators/import_values.html",
        {
            "plan": plan,
            "form": form,
            "row_errors": row_errors,
            "columns": COLUMNS,
            "example_period": period_key(default_entry_period()),
        },
    )


@login_required
@plan_page
def import_template(request: HttpRequest, plan: Plan) -> HttpResponse:
    """A CSV with a row for each of the user's indicators for last month, to fill in."""
    indicators = indicators_for_entry(request, plan)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicator-values.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    period = period_key(default_entry_period())
    for indicator in indicators:
        writer.writerow([neutralise(indicator.name), period, "", ""])
    return response
