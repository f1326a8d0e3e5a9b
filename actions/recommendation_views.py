"""Pages for a plan's inspection recommendations and the actions that answer them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from plans.access import plan_for_manager
from plans.models import Finding, Plan
from plans.writable import PlanReadOnlyError, check_plan_writable, read_only_page

from .forms import RecommendationForm
from .models import Action
from .recommendations import (
    StaleRecommendationError,
    recommendation_create,
    recommendation_fingerprint,
    recommendation_update,
)


@login_required
def recommendation_list(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "managing recommendations")
    recommendations = (
        Finding.objects.filter(plan=plan)
        .of_inspections()
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.in_plan(plan).order_by("section__number", "reference"),
            )
        )
    )
    return render(
        request,
        "actions/recommendation_list.html",
        {
            "plan": plan,
            "recommendations": recommendations,
        },
    )


def plan_actions(plan: Plan) -> list[Action]:
    """The plan's actions a recommendation or finding may be answered by, in plan order."""
    return list(
        Action.objects.in_plan(plan)
        .select_related("section")
        .order_by("section__number", "reference")
    )


def action_groups(actions: list[Action], chosen: set[str]) -> list[dict]:
    """The actions by section, each with whether the form has it ticked."""
    groups = []
    for action in actions:
        if not groups or groups[-1]["section"].pk != action.section_id:
            groups.append({"section": action.section, "actions": []})
        groups[-1]["actions"].append({"action": action, "checked": str(action.pk) in chosen})
    return groups


def recommendation_initial(recommendation: Finding) -> dict:
    return {
        "reference": recommendation.reference,
        "text": recommendation.text,
        "actions": [str(pk) for pk in recommendation.actions.values_list("pk", flat=True)],
        "fingerprint": recommendation_fingerprint(recommendation),
    }


def stale_form(form_class, request, *, plan, actions, error: StaleRecommendationError, noun: str):
    """The form again with what they typed, after someone else changed the same
    recommendation or finding: the new fingerprint lets them save theirs over it once
    they have looked at it."""
    data = request.POST.copy()
    data["fingerprint"] = recommendation_fingerprint(error.recommendation)
    form = form_class(data, plan=plan, actions=actions, recommendation=error.recommendation)
    form.is_valid()
    form.add_error(
        None,
        f"Someone else changed this {noun} after you opened it. Their version is shown "
        "above the form; your changes are below. Save again to keep yours.",
    )
    return form


def _recommendation_page(request, plan, form, actions, recommendation=None, stale=None):
    groups = action_groups(actions, form.chosen())
    return render(
        request,
        "actions/recommendation_form.html",
        {
            "plan": plan,
            "form": form,
            "groups": groups,
            "recommendation": recommendation,
            "stale": stale,
        },
    )


@login_required
def recommendation_new(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "adding a recommendation")
    check_plan_writable(plan, request, "adding a recommendation")
    actions = plan_actions(plan)
    form = RecommendationForm(request.POST or None, plan=plan, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommendation_create(
                request=request,
                plan=plan,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
            )
        except PlanReadOnlyError:
            return read_only_page(request, plan)
        messages.success(request, f"Recommendation {recommendation.reference} added.")
        return redirect("actions:recommendation_list", plan_slug=plan.slug)
    return _recommendation_page(request, plan, form, actions)


@login_required
def recommendation_edit(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "editing a recommendation")
    recommendation = get_object_or_404(Finding, plan=plan, pk=pk)
    check_plan_writable(plan, request, "editing a recommendation")
    actions = plan_actions(plan)
    if request.method != "POST":
        form = RecommendationForm(
            plan=plan,
            actions=actions,
            recommendation=recommendation,
            initial=recommendation_initial(recommendation),
        )
        return _recommendation_page(request, plan, form, actions, recommendation)
    form = RecommendationForm(
        request.POST, plan=plan, actions=actions, recommendation=recommendation
    )
    if form.is_valid():
        try:
            recommendation_update(
                request=request,
                recommendation=recommendation,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
                expected_fingerprint=form.cleaned_data["fingerprint"] or None,
            )
        except PlanReadOnlyError:
            return read_only_page(request, plan)
        except StaleRecommendationError as error:
            form = stale_form(
                RecommendationForm,
                request,
                plan=plan,
                actions=actions,
                error=error,
                noun="recommendation",
            )
            return _recommendation_page(
                request, plan, form, actions, recommendation, stale=error.recommendation
            )
        messages.success(request, f"Recommendation {form.cleaned_data['reference']} saved.")
        return redirect("actions:recommendation_list", plan_slug=plan.slug)
    return _recommendation_page(request, plan, form, actions, recommendation)
