"""The import's pages: upload, the wait while the worker reads the file, the preview
with its questions, and the confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from improvement_board.roles import require_plan_manager
from plans.access import plan_for_manager
from plans.models import Plan
from plans.writable import PlanReadOnlyError, check_plan_writable, read_only_page

from .changes import NewPlan, PlanImportInvalid, PlanImportOutdated, plan_import_changes
from .forms import ImportAnswersForm, ImportConfirmForm, NewPlanImportForm, PlanFileForm
from .models import ImportReading
from .readings import (
    import_reading_answer,
    import_reading_discard,
    import_reading_start,
    reading_answers,
    reading_new_plan,
    reading_parsed,
)
from .services import plan_import
from .sources import MAX_UPLOAD_LABEL

# How often the waiting page looks again while the worker reads the file.
REFRESH_SECONDS = 2


def _upload_page(request, form, *, plan=None) -> HttpResponse:
    return render(
        request,
        "plan_files/import_upload.html",
        {
            "form": form,
            "plan": plan,
            "max_upload": MAX_UPLOAD_LABEL,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def plan_import_new(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "importing a plan (not a plan manager)")
    if request.method != "POST":
        own = Plan.objects.member_of(request.user).select_related("organisation").first()
        today = timezone.localdate()
        initial = {
            "organisation": own.organisation.name if own else "",
            "start_date": today,
            "as_at": today,
        }
        return _upload_page(request, NewPlanImportForm(initial=initial, user=request.user))
    form = NewPlanImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _upload_page(request, form)
    reading = import_reading_start(
        user=request.user,
        data=form.file_bytes,
        filename=form.file_name,
        as_at=form.cleaned_data["as_at"],
        new_plan=NewPlan(
            title=form.cleaned_data["title"],
            organisation=form.cleaned_data["organisation"],
            start_date=form.cleaned_data["start_date"],
        ),
    )
    return redirect(reading)


@login_required
def plan_import_existing(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "importing into a plan")
    check_plan_writable(plan, request, "importing into the plan")
    if request.method != "POST":
        return _upload_page(
            request, PlanFileForm(initial={"as_at": timezone.localdate()}), plan=plan
        )
    form = PlanFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, plan=plan)
    reading = import_reading_start(
        user=request.user,
        data=form.file_bytes,
        filename=form.file_name,
        as_at=form.cleaned_data["as_at"],
        plan=plan,
    )
    return redirect(reading)


def _reading_for(request: HttpRequest, token: str) -> ImportReading | None:
    """The upload, if it is this person's and they may still import into its plan.

    Another person's upload is as good as gone: a token alone never opens it.
    """
    reading = (
        ImportReading.objects.select_related("plan")
        .filter(token=token, created_by=request.user)
        .first()
    )
    if reading is None:
        return None
    if reading.plan is not None:
        plan_for_manager(request, reading.plan.slug, "importing into a plan")
    else:
        require_plan_manager(request, "importing a plan (not a plan manager)")
    return reading


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "plan_files/import_gone.html", status=404)


@login_required
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    reading = _reading_for(request, token)
    if reading is None:
        return _gone(request)
    plan = reading.plan
    if plan is not None:
        check_plan_writable(plan, request, "importing into the plan")
    if reading.is_pending:
        response = render(
            request,
            "plan_files/import_reading.html",
            {"reading": reading, "plan": plan, "refresh_seconds": REFRESH_SECONDS},
            status=202,
        )
        response["Refresh"] = str(REFRESH_SECONDS)
        return response
    if reading.status == ImportReading.Status.FAILED:
        return _preview_page(request, reading, changes=None)

    parsed = reading_parsed(reading)
    new_plan = reading_new_plan(reading)
    columns, words = reading_answers(reading)
    outdated = False
    answers_form = None
    if request.method == "POST" and "answer" in request.POST:
        answers_form = ImportAnswersForm(
            request.POST, columns=parsed.columns, questions=parsed.questions
        )
        if answers_form.is_valid():
            new_columns, new_words = answers_form.answers()
            import_reading_answer(reading=reading, columns=new_columns, words=new_words)
            return redirect(reading)
    elif request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                changes = plan_import(
                    parsed=parsed,
                    plan=plan,
                    new_plan=new_plan,
                    imported_by=request.user,
                    default_lead=request.user,
                    as_at=reading.as_at,
                    columns=columns,
                    words=words,
                    expected_fingerprint=form.cleaned_data["fingerprint"],
                )
            except PlanImportInvalid:
                pass  # shown again below, with every problem
            except PlanImportOutdated:
                outdated = True
            except PlanReadOnlyError as error:
                return read_only_page(request, error.plan)
            else:
                import_reading_discard(reading=reading)
                audit_record(
                    kind=AuditEvent.Kind.IMPORT,
                    request=request,
                    plan=changes.plan,
                    detail=_import_done_message(changes),
                )
                messages.success(request, _import_done_message(changes))
                return redirect("plans:manage", plan_slug=changes.plan.slug)
    changes = plan_import_changes(
        parsed=parsed,
        plan=plan,
        new_plan=new_plan,
        default_lead=request.user,
        imported_by=request.user,
        as_at=reading.as_at,
    )
    return _preview_page(
        request, reading, changes=changes, answers_form=answers_form, outdated=outdated
    )


def _preview_page(request, reading, *, changes, answers_form=None, outdated=False):
    if changes is not None and answers_form is None and changes.parsed.found_table:
        answers_form = ImportAnswersForm(
            columns=changes.parsed.columns, questions=changes.parsed.questions
        )
    plan = reading.plan
    new_plan = reading_new_plan(reading)
    invalid = answers_form is not None and answers_form.is_bound and answers_form.errors
    return render(
        request,
        "plan_files/import_preview.html",
        {
            "reading": reading,
            "plan": plan,
            "new_plan": new_plan,
            "organisation_name": plan.organisation if plan else new_plan.organisation,
            "changes": changes,
            "answers_form": answers_form,
            "form": ImportConfirmForm(
                initial={"fingerprint": changes.fingerprint() if changes else ""}
            ),
            "outdated": outdated,
            "today": timezone.localdate(),
        },
        status=400 if invalid else 200,
    )


def _import_done_message(changes) -> str:
    recorded = len(changes.updates_recorded)
    parts = [
        f"{len(changes.actions_new)} new action{'s' if len(changes.actions_new) != 1 else ''}",
        f"{len(changes.actions_changed)} changed",
        f"{recorded} update{'s' if recorded != 1 else ''} recorded as at "
        f"{changes.as_at.day} {changes.as_at:%B %Y}",
    ]
    return f"Imported {changes.filename} into {changes.plan.title}: {', '.join(parts)}."


@login_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    reading = _reading_for(request, token)
    if reading is None:
        return redirect("plans:plan_list")
    plan = reading.plan
    import_reading_discard(reading=reading)
    messages.info(request, f"Import of {reading.filename} cancelled. Nothing was changed.")
    if plan is not None:
        return redirect("plans:manage", plan_slug=plan.slug)
    return redirect("plans:plan_list")
