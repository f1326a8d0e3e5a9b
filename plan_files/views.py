"""Plan files' pages other than the import: export, the template and refreshing a plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from actions.models import Action
from plans.access import plan_for_manager
from plans.services import PlanReadOnlyError
from plans.views import plan_read_only

from . import exporting
from .forms import RefreshForm, refresh_initial
from .services import plan_refresh

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Exporting ---------------------------------------------------------------------------


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


# --- Refreshing ----------------------------------------------------------------------------


@login_required
def plan_refresh_view(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_manager(request, slug, "refreshing a plan")
    if plan.is_read_only:
        return plan_read_only(request, plan)
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
            return plan_read_only(request, plan)
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
        "plan_files/plan_refresh.html",
        {
            "plan": plan,
            "organisation_name": plan.organisation,
            "form": form,
            "groups": groups,
            "action_count": len(actions),
            "unfinished_count": unfinished,
        },
    )
