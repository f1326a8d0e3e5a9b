"""The plan's assurance pages (``plans/<slug>/assurance/``): the calendar of events, one
event with its findings and the actions answering them as at a day, and for the plan's
managers the forms to record events and findings. Everyone who reads the plan reads
these; overseers change nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from actions.recommendation_views import (
    action_groups,
    plan_actions,
    recommendation_initial,
    stale_form,
)
from actions.recommendations import (
    StaleRecommendationError,
    recommendation_create,
    recommendation_update,
)
from actions.rules import end_of_day
from improvement_board.as_at import as_at_from_request
from improvement_board.forms import form_errors_from
from plans.access import manages_plan, plan_for_manager, plan_page
from plans.assurance import (
    StaleEventError,
    as_on_record,
    assurance_event_create,
    assurance_event_update,
    event_fingerprint,
)
from plans.models import AssuranceEvent, Finding, Plan
from plans.writable import PlanReadOnlyError, check_plan_writable, read_only_page

from .assurance import assurance_calendar, event_coverage
from .assurance_forms import AssuranceEventForm, FindingForm, event_initial


@login_required
@plan_page
def calendar(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_at = as_at_from_request(request)
    return render(
        request,
        "reports/assurance/calendar.html",
        {
            "plan": plan,
            "as_at": as_at,
            "as_at_query": as_at.query(),
            "calendar": assurance_calendar(plan, as_at.date),
            "can_change": manages_plan(request.user, plan) and not plan.is_read_only,
        },
    )


def _event(plan: Plan, pk: int) -> AssuranceEvent:
    """The event by its id *and* its plan: another plan's event is not here."""
    return get_object_or_404(AssuranceEvent.objects.for_plan(plan), pk=pk)


@login_required
@plan_page
def event_detail(request: HttpRequest, plan: Plan, pk: int) -> HttpResponse:
    as_at = as_at_from_request(request)
    event = _event(plan, pk)
    if not as_at.known_now:
        as_on_record([event], end_of_day(as_at.date))
    return render(
        request,
        "reports/assurance/event.html",
        {
            "plan": plan,
            "event": event,
            "as_at": as_at,
            "as_at_query": as_at.query(),
            "coverage": event_coverage(event, as_at.date, known_now=as_at.known_now),
            "can_change": manages_plan(request.user, plan) and not plan.is_read_only,
        },
    )


def _event_form_page(request, plan, form, event=None) -> HttpResponse:
    return render(
        request, "reports/assurance/event_form.html", {"plan": plan, "form": form, "event": event}
    )


def _save_event(request, plan, form, save):
    """Run ``save`` with the form's values; a refusal lands on the form, input kept.
    Returns the event saved, a page to show instead, or None to show the form again."""
    try:
        return save(form.values())
    except PlanReadOnlyError:
        return read_only_page(request, plan)
    except ValidationError as error:
        form_errors_from(form, error)
        return None


def _stale_event_form(request, plan, error: StaleEventError) -> AssuranceEventForm:
    """The form again with what they typed, after someone else saved the same event: it
    says so, and the new fingerprint lets them save theirs over it once they have looked."""
    data = request.POST.copy()
    data["fingerprint"] = event_fingerprint(error.event)
    form = AssuranceEventForm(data, plan=plan)
    form.is_valid()
    form.add_error(
        None,
        "Someone else changed this event since you opened it. What you entered is kept "
        "below; the event page shows theirs. Save again to replace it with yours.",
    )
    return form


@login_required
def event_new(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "adding an assurance event")
    check_plan_writable(plan, request, "adding an assurance event")
    form = AssuranceEventForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        event = _save_event(
            request,
            plan,
            form,
            lambda values: assurance_event_create(plan=plan, request=request, **values),
        )
        if isinstance(event, AssuranceEvent):
            messages.success(request, f"{event.title} added.")
            return redirect("reports:assurance_event", plan.slug, event.pk)
        if event is not None:
            return event
    return _event_form_page(request, plan, form)


@login_required
def event_edit(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "changing an assurance event")
    event = _event(plan, pk)
    check_plan_writable(plan, request, "changing an assurance event")
    if request.method != "POST":
        form = AssuranceEventForm(initial=event_initial(event), plan=plan)
        return _event_form_page(request, plan, form, event)
    form = AssuranceEventForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            saved = _save_event(
                request,
                plan,
                form,
                lambda values: assurance_event_update(
                    event=event,
                    request=request,
                    expected_fingerprint=form.cleaned_data["fingerprint"] or None,
                    **values,
                ),
            )
        except StaleEventError as error:
            return _event_form_page(request, plan, _stale_event_form(request, plan, error), event)
        if isinstance(saved, AssuranceEvent):
            messages.success(request, f"{saved.title} saved.")
            return redirect("reports:assurance_event", plan.slug, event.pk)
        if saved is not None:
            return saved
    return _event_form_page(request, plan, form, event)


def _finding_page(request, plan, event, form, actions, finding=None, stale=None):
    return render(
        request,
        "reports/assurance/finding_form.html",
        {
            "plan": plan,
            "event": event,
            "form": form,
            "groups": action_groups(actions, form.chosen()),
            "finding": finding,
            "stale": stale,
        },
    )


@login_required
def finding_new(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "adding a finding")
    event = _event(plan, pk)
    check_plan_writable(plan, request, "adding a finding")
    actions = plan_actions(plan)
    form = FindingForm(request.POST or None, plan=plan, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            finding = recommendation_create(
                request=request,
                plan=plan,
                event=event,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
            )
        except PlanReadOnlyError:
            return read_only_page(request, plan)
        messages.success(request, f"Finding {finding.reference} added.")
        return redirect("reports:assurance_event", plan.slug, event.pk)
    return _finding_page(request, plan, event, form, actions)


@login_required
def finding_edit(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "changing a finding")
    finding = get_object_or_404(Finding.objects.select_related("event"), plan=plan, pk=pk)
    event = finding.event
    check_plan_writable(plan, request, "changing a finding")
    actions = plan_actions(plan)
    if request.method != "POST":
        form = FindingForm(
            plan=plan,
            actions=actions,
            recommendation=finding,
            initial=recommendation_initial(finding),
        )
        return _finding_page(request, plan, event, form, actions, finding)
    form = FindingForm(request.POST, plan=plan, actions=actions, recommendation=finding)
    if form.is_valid():
        try:
            recommendation_update(
                request=request,
                recommendation=finding,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
                expected_fingerprint=form.cleaned_data["fingerprint"] or None,
            )
        except PlanReadOnlyError:
            return read_only_page(request, plan)
        except StaleRecommendationError as error:
            form = stale_form(
                FindingForm, request, plan=plan, actions=actions, error=error, noun="finding"
            )
            return _finding_page(request, plan, event, form, actions, finding, error.recommendation)
        messages.success(request, f"Finding {form.cleaned_data['reference']} saved.")
        return redirect("reports:assurance_event", plan.slug, event.pk)
    return _finding_page(request, plan, event, form, actions, finding)
