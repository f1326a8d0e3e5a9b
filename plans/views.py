import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions.models import Action
from improvement_board.roles import require_plan_manager

from . import exporting
from .access import plan_for_manager
from .forms import (
    ImportConfirmForm,
    NewPlanImportForm,
    PlanFileForm,
    RecommendationForm,
    RefreshForm,
    refresh_initial,
)
from .import_stash import discard_import, stash_import, stashed_import
from .importing import MAX_UPLOAD_LABEL, parse_plan_file
from .models import Plan, Recommendation
from .services import (
    NewPlan,
    PlanImportInvalid,
    PlanImportOutdated,
    PlanReadOnlyError,
    StaleRecommendationError,
    plan_import,
    plan_import_changes,
    plan_refresh,
    recommendation_create,
    recommendation_fingerprint,
    recommendation_update,
)
from .versions import carried_over_count

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _read_only(request: HttpRequest, plan: Plan) -> HttpResponse:
    return render(
        request,
        "plans/plan_read_only.html",
        {"plan": plan, "organisation_name": plan.organisation, "successors": plan.successors.all()},
        status=403,
    )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Plans -------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "managing plans (not a plan manager)")
    plans = list(
        Plan.objects.visible_to(request.user)
        .select_related("predecessor")
        .annotate(action_count=Count("actions"))
    )
    # The header names the council when every plan listed is one council's.
    councils = {plan.organisation for plan in plans}
    organisation_name = councils.pop() if len(councils) == 1 else ""
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "organisation_name": organisation_name},
    )


@login_required
def plan_manage(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "managing a plan")
    return render(
        request,
        "plans/plan_manage.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "section_count": plan.sections.count(),
            "action_count": plan.actions.count(),
            "recommendation_count": plan.recommendations.count(),
            "carried_over": carried_over_count(plan) if plan.predecessor_id else 0,
            "successors": plan.successors.all(),
        },
    )


@login_required
def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "exporting a plan")
    stem = f"{plan.slug}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        return _download(exporting.plan_csv(plan), f"{stem}.csv", "text/csv; charset=utf-8")
    return _download(exporting.plan_workbook(plan), f"{stem}.xlsx", XLSX)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return _download(exporting.template_workbook(), "improvement-plan-template.xlsx", XLSX)


# --- Importing ---------------------------------------------------------------------------


def _upload_page(request, form, *, plan=None, changes=None) -> HttpResponse:
    return render(
        request,
        "plans/import_upload.html",
        {
            "form": form,
            "plan": plan,
            "organisation_name": plan.organisation if plan else "",
            "changes": changes,
            "max_upload": MAX_UPLOAD_LABEL,
        },
    )


@login_required
def plan_import_new(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "importing a plan (not a plan manager)")
    if request.method != "POST":
        own = Plan.objects.visible_to(request.user).first()
        initial = {
            "organisation": own.organisation if own else "",
            "start_date": timezone.localdate(),
        }
        return _upload_page(request, NewPlanImportForm(initial=initial))
    form = NewPlanImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form)
    new_plan = NewPlan(
        title=form.cleaned_data["title"],
        organisation=form.cleaned_data["organisation"],
        start_date=form.cleaned_data["start_date"],
    )
    parsed = parse_plan_file(form.file_bytes, form.file_name)
    changes = plan_import_changes(
        parsed=parsed, new_plan=new_plan, default_lead=request.user, imported_by=request.user
    )
    if changes.problems:
        return _upload_page(request, form, changes=changes)
    stash = stash_import(
        request,
        data=form.file_bytes,
        filename=form.file_name,
        plan_slug=None,
        new_plan={
            "title": new_plan.title,
            "organisation": new_plan.organisation,
            "start_date": new_plan.start_date.isoformat(),
        },
    )
    return redirect("plans:import_preview", token=stash.token)


@login_required
def plan_import_existing(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "importing into a plan")
    if plan.is_read_only:
        return _read_only(request, plan)
    if request.method != "POST":
        return _upload_page(request, PlanFileForm(), plan=plan)
    form = PlanFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, plan=plan)
    parsed = parse_plan_file(form.file_bytes, form.file_name)
    changes = plan_import_changes(
        parsed=parsed, plan=plan, default_lead=request.user, imported_by=request.user
    )
    if changes.problems:
        return _upload_page(request, form, plan=plan, changes=changes)
    stash = stash_import(
        request, data=form.file_bytes, filename=form.file_name, plan_slug=plan.slug, new_plan=None
    )
    return redirect("plans:import_preview", token=stash.token)


def _stash_target(request, stash) -> tuple[Plan | None, NewPlan | None]:
    if stash.plan_slug:
        return plan_for_manager(request, stash.plan_slug, "importing into a plan"), None
    require_plan_manager(request, "importing a plan (not a plan manager)")
    details = stash.new_plan
    return None, NewPlan(
        title=details["title"],
        organisation=details["organisation"],
        start_date=datetime.date.fromisoformat(details["start_date"]),
    )


@login_required
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    stash = stashed_import(request, token)
    if stash is None:
        return render(request, "plans/import_gone.html", status=404)
    plan, new_plan = _stash_target(request, stash)
    if plan is not None and plan.is_read_only:
        return _read_only(request, plan)
    parsed = parse_plan_file(stash.read(), stash.filename)
    outdated = False
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                changes = plan_import(
                    parsed=parsed,
                    plan=plan,
                    new_plan=new_plan,
                    imported_by=request.user,
                    default_lead=request.user,
                    expected_fingerprint=form.cleaned_data["fingerprint"],
                )
            except PlanImportInvalid as error:
                changes = error.changes
            except PlanImportOutdated as error:
                changes, outdated = error.changes, True
            except PlanReadOnlyError as error:
                return _read_only(request, error.plan)
            else:
                discard_import(request, stash)
                messages.success(request, _import_done_message(changes))
                return redirect("plans:manage", slug=changes.plan.slug)
        else:
            changes = plan_import_changes(
                parsed=parsed,
                plan=plan,
                new_plan=new_plan,
                default_lead=request.user,
                imported_by=request.user,
            )
    else:
        changes = plan_import_changes(
            parsed=parsed,
            plan=plan,
            new_plan=new_plan,
            default_lead=request.user,
            imported_by=request.user,
        )
    return render(
        request,
        "plans/import_preview.html",
        {
            "stash": stash,
            "plan": plan,
            "new_plan": new_plan,
            "organisation_name": plan.organisation if plan else new_plan.organisation,
            "changes": changes,
            "form": ImportConfirmForm(initial={"fingerprint": changes.fingerprint()}),
            "outdated": outdated,
        },
    )


def _import_done_message(changes) -> str:
    parts = [
        f"{len(changes.actions_new)} new action{'s' if len(changes.actions_new) != 1 else ''}",
        f"{len(changes.actions_changed)} changed",
        f"{len(changes.rating_changes)} rating change"
        f"{'s' if len(changes.rating_changes) != 1 else ''} recorded",
    ]
    return f"Imported {changes.filename} into {changes.plan.title}: {', '.join(parts)}."


@login_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    stash = stashed_import(request, token)
    if stash is None:
        return redirect("plans:plan_list")
    plan, _new_plan = _stash_target(request, stash)
    discard_import(request, stash)
    messages.info(request, f"Import of {stash.filename} cancelled. Nothing was changed.")
    if plan is not None:
        return redirect("plans:manage", slug=plan.slug)
    return redirect("plans:plan_list")


# --- Refreshing ----------------------------------------------------------------------------


@login_required
def plan_refresh_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "refreshing a plan")
    if plan.is_read_only:
        return _read_only(request, plan)
    sections = list(plan.sections.select_related("lead"))
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("lead", "section")
        .order_by("section__number", "reference")
    )
    form = RefreshForm(
        request.POST or None,
        plan=plan,
        sections=sections,
        actions=actions,
        initial=refresh_initial(plan, sections, actions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            new_plan = plan_refresh(
                plan=plan,
                title=form.cleaned_data["title"],
                start_date=form.cleaned_data["start_date"],
                sections=form.cleaned_data["section_objects"],
                actions=form.cleaned_data["action_objects"],
                refreshed_by=request.user,
            )
        except PlanReadOnlyError:
            return _read_only(request, plan)
        carried = len(form.cleaned_data["action_objects"])
        messages.success(
            request,
            f"{new_plan.title} has started with {carried} action{'s' if carried != 1 else ''} "
            f"carried over. The previous version is now superseded and read-only.",
        )
        return redirect("plans:manage", slug=new_plan.slug)

    chosen_sections = form.chosen("sections")
    chosen_actions = form.chosen("actions")
    groups = [
        {
            "section": section,
            "checked": str(section.pk) in chosen_sections,
            "actions": [
                {"action": a, "checked": str(a.pk) in chosen_actions}
                for a in actions
                if a.section_id == section.pk
            ],
        }
        for section in sections
    ]
    unfinished = sum(1 for a in actions if a.rating != "blue")
    return render(
        request,
        "plans/plan_refresh.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "form": form,
            "groups": groups,
            "action_count": len(actions),
            "unfinished_count": unfinished,
        },
    )


# --- Recommendations ---------------------------------------------------------------------


@login_required
def recommendation_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "managing recommendations")
    recommendations = Recommendation.objects.filter(plan=plan).prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("section__number", "reference"))
    )
    return render(
        request,
        "plans/recommendation_list.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "recommendations": recommendations,
        },
    )


def _plan_actions(plan: Plan) -> list[Action]:
    return list(
        Action.objects.filter(plan=plan)
        .select_related("section")
        .order_by("section__number", "reference")
    )


def _recommendation_page(request, plan, form, actions, recommendation=None, stale=None):
    chosen = form.chosen()
    groups = []
    for action in actions:
        if not groups or groups[-1]["section"].pk != action.section_id:
            groups.append({"section": action.section, "actions": []})
        groups[-1]["actions"].append({"action": action, "checked": str(action.pk) in chosen})
    return render(
        request,
        "plans/recommendation_form.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "form": form,
            "groups": groups,
            "recommendation": recommendation,
            "stale": stale,
        },
    )


@login_required
def recommendation_new(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "adding a recommendation")
    if plan.is_read_only:
        return _read_only(request, plan)
    actions = _plan_actions(plan)
    form = RecommendationForm(request.POST or None, plan=plan, actions=actions)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommendation_create(
                plan=plan,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
            )
        except PlanReadOnlyError:
            return _read_only(request, plan)
        messages.success(request, f"Recommendation {recommendation.reference} added.")
        return redirect("plans:recommendation_list", slug=plan.slug)
    return _recommendation_page(request, plan, form, actions)


@login_required
def recommendation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = plan_for_manager(request, slug, "editing a recommendation")
    recommendation = get_object_or_404(Recommendation, plan=plan, pk=pk)
    if plan.is_read_only:
        return _read_only(request, plan)
    actions = _plan_actions(plan)
    if request.method != "POST":
        form = RecommendationForm(
            plan=plan,
            actions=actions,
            recommendation=recommendation,
            initial={
                "reference": recommendation.reference,
                "text": recommendation.text,
                "actions": [str(pk) for pk in recommendation.actions.values_list("pk", flat=True)],
                "fingerprint": recommendation_fingerprint(recommendation),
            },
        )
        return _recommendation_page(request, plan, form, actions, recommendation)
    form = RecommendationForm(
        request.POST, plan=plan, actions=actions, recommendation=recommendation
    )
    if form.is_valid():
        try:
            recommendation_update(
                recommendation=recommendation,
                reference=form.cleaned_data["reference"],
                text=form.cleaned_data["text"],
                actions=form.cleaned_data["action_objects"],
                expected_fingerprint=form.cleaned_data["fingerprint"] or None,
            )
        except PlanReadOnlyError:
            return _read_only(request, plan)
        except StaleRecommendationError as error:
            # Keep what they typed; the new fingerprint lets them save it over the
            # other change once they have looked at it.
            data = request.POST.copy()
            data["fingerprint"] = recommendation_fingerprint(error.recommendation)
            form = RecommendationForm(
                data, plan=plan, actions=actions, recommendation=error.recommendation
            )
            form.is_valid()
            form.add_error(
                None,
                "Someone else changed this recommendation after you opened it. Their version "
                "is shown above the form; your changes are below. Save again to keep yours.",
            )
            return _recommendation_page(
                request, plan, form, actions, recommendation, stale=error.recommendation
            )
        messages.success(request, f"Recommendation {form.cleaned_data['reference']} saved.")
        return redirect("plans:recommendation_list", slug=plan.slug)
    return _recommendation_page(request, plan, form, actions, recommendation)
