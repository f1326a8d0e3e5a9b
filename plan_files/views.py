"""Plan files' pages other than the import: export, the template and refreshing a plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from actions.models import Action
from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from plans.access import plan_for_manager
from plans.writable import PlanReadOnlyError, check_plan_writable, read_only_page

from . import exporting
from .forms import PlaceholderAssignForm, RefreshForm, refresh_initial
from .placeholders import PlaceholderRefused, placeholder_assign, plan_member, plan_placeholders
from .services import plan_refresh

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Exporting ---------------------------------------------------------------------------


@login_required
def plan_export(request: HttpRequest, plan_slug: str, file_format: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "exporting a plan")
    stem = f"{plan.slug}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        response = _download(exporting.plan_csv(plan), f"{stem}.csv", "text/csv; charset=utf-8")
    else:
        response = _download(exporting.plan_workbook(plan), f"{stem}.xlsx", XLSX)
    audit_record(
        kind=AuditEvent.Kind.EXPORT,
        request=request,
        plan=plan,
        detail=f"The whole plan, as {stem}.{file_format}",
    )
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    return _download(exporting.template_workbook(), "improvement-plan-template.xlsx", XLSX)


# --- Refreshing ----------------------------------------------------------------------------


@login_required
def plan_refresh_view(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "refreshing a plan")
    check_plan_writable(plan, request, "refreshing the plan")
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
            return read_only_page(request, plan)
        carried = len(form.cleaned_data["action_objects"])
        messages.success(
            request,
            f"{new_plan.title} has started with {carried} action{'s' if carried != 1 else ''} "
            f"carried over. The previous version is now superseded and read-only.",
        )
        return redirect("plans:manage", plan_slug=new_plan.slug)

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
            "form": form,
            "groups": groups,
            "action_count": len(actions),
            "unfinished_count": unfinished,
        },
    )


# --- People and posts without an account ------------------------------------------------


@login_required
def plan_placeholders_view(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The people and posts imports named who cannot sign in, and handing their actions on."""
    plan = plan_for_manager(request, plan_slug, "assigning a plan's placeholders")
    check_plan_writable(plan, request, "giving a placeholder's actions to a member")
    people = [
        (
            str(user.pk),
            ", ".join(filter(None, [user.get_full_name() or user.username, user.job_title])),
        )
        for user in plan.members.filter(is_active=True).order_by("first_name", "last_name")
    ]
    failed: dict[str, PlaceholderAssignForm] = {}
    if request.method == "POST":
        chosen = request.POST.get("placeholder", "")
        form = PlaceholderAssignForm(request.POST, people=people, prefix=f"p{chosen}")
        placeholder = plan_member(plan, chosen) if chosen.isdigit() else None
        if placeholder is None:
            messages.error(request, "That name is no longer waiting for an account. See below.")
            return redirect("plan_files:placeholders", plan_slug=plan.slug)
        if form.is_valid():
            person = plan_member(plan, form.cleaned_data["person"])
            try:
                changed = placeholder_assign(
                    plan=plan, placeholder=placeholder, person=person, assigned_by=request.user
                )
            except PlaceholderRefused as error:
                form.add_error("person", str(error))
            except PlanReadOnlyError:
                return read_only_page(request, plan)
            else:
                messages.success(
                    request,
                    f"{len(changed)} action{'s' if len(changed) != 1 else ''} of {placeholder} "
                    f"now with {person}.",
                )
                return redirect("plan_files:placeholders", plan_slug=plan.slug)
        failed[chosen] = form
    rows = [
        (
            entry,
            failed.get(str(entry.user.pk))
            or PlaceholderAssignForm(people=people, prefix=f"p{entry.user.pk}"),
        )
        for entry in plan_placeholders(plan)
    ]
    return render(
        request,
        "plan_files/plan_placeholders.html",
        {"plan": plan, "rows": rows},
        status=400 if failed else 200,
    )
