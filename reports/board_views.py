"""Board meetings and reports: write the narrative, preview, make final, build the PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST, require_safe

from improvement_board.forms import form_errors_from
from improvement_board.roles import require_plan_manager
from plans.access import manages_plan, plan_page
from plans.writable import check_plan_writable

from .assurance import assurance_draft
from .board_access import WRITERS_ONLY, build_for_user, report_for_user, report_for_writer
from .forms import BoardMeetingForm, BoardReportCreateForm, BoardReportEditForm, ConfirmVersionForm
from .models import BoardMeeting, BoardReport, PdfBuild, paper_filename
from .movement import default_comparison
from .page_cache import plan_page_part
from .paper_figures import ReportError
from .pdf import PdfRenderError
from .report_content import report_document
from .services import (
    EDITABLE_FIELDS,
    ReportFrozenError,
    StaleReportError,
    board_meeting_create,
    board_report_create,
    board_report_finalise,
    board_report_update,
    final_pdf,
    paper_html,
    pdf_builds_fail_abandoned,
    report_word_render,
)
from .tasks import pdf_build_request
from .word import WORD_CONTENT_TYPE, WordRenderError


def _plan_context(plan) -> dict:
    return {"plan": plan}


@login_required
@plan_page
def report_list(request: HttpRequest, plan) -> HttpResponse:
    manager = manages_plan(request.user, plan)
    final_builds = (
        PdfBuild.objects.final().succeeded().order_by("requested_at", "pk").defer("paper_html")
    )
    reports = BoardReport.objects.order_by("-as_at", "-pk").prefetch_related(
        Prefetch("builds", queryset=final_builds, to_attr="final_builds")
    )
    if not manager:
        reports = reports.final()
    meetings = (
        BoardMeeting.objects.for_plan(plan)
        .order_by("-date")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="listed_reports"))
    )
    return render(
        request,
        "reports/board_report/report_list.html",
        {**_plan_context(plan), "meetings": meetings, "can_write": manager},
    )


@login_required
@plan_page
def meeting_create(request: HttpRequest, plan) -> HttpResponse:
    require_plan_manager(request, f"add meeting to plan={plan.slug}", WRITERS_ONLY, plan=plan)
    check_plan_writable(plan, request, "adding a Board meeting")
    form = BoardMeetingForm(
        request.POST or None, initial={"board_name": plan.organisation.board_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = board_meeting_create(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{meeting} added.")
            return redirect("reports:report_list", plan_slug=plan.slug)
    return render(
        request, "reports/board_report/meeting_form.html", {**_plan_context(plan), "form": form}
    )


def _create_initial(request, plan) -> dict:
    meeting = BoardMeeting.objects.for_plan(plan).order_by("-date").first()
    user = request.user
    author = user.get_full_name() or user.get_username()
    if getattr(user, "job_title", ""):
        author += f", {user.job_title}"
    previous = BoardReport.objects.for_plan(plan).order_by("-as_at", "-pk").first()
    kind = request.GET.get("kind")
    kind = kind if kind in BoardReport.Kind.values else BoardReport.Kind.PROGRESS
    initial = {
        "kind": kind,
        "title": "Improvement Plan Progress Update"
        if kind == BoardReport.Kind.PROGRESS
        else "Director's monthly report",
        "authors": previous.authors if previous else author,
        "running_header": previous.running_header if previous else "",
        "include_appendix": True,
        "start_from": previous.pk if previous and kind == previous.kind else None,
    }
    if meeting is not None:
        initial["meeting"] = meeting.pk
        # Papers are written before the meeting: the figures can be no later than today.
        as_at = min(meeting.date, timezone.localdate())
        initial["as_at"] = as_at
        initial["period_start"] = default_comparison(plan, as_at).date
    return initial


@login_required
@plan_page
def report_create(request: HttpRequest, plan) -> HttpResponse:
    require_plan_manager(request, f"create report on plan={plan.slug}", WRITERS_ONLY, plan=plan)
    check_plan_writable(plan, request, "creating a Board report")
    if request.method == "POST":
        form = BoardReportCreateForm(request.POST, plan=plan)
    else:
        form = BoardReportCreateForm(initial=_create_initial(request, plan), plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = board_report_create(
                meeting=data["meeting"],
                kind=data["kind"],
                title=data["title"],
                as_at=data["as_at"],
                period_start=data["period_start"],
                authors=data["authors"],
                running_header=data["running_header"],
                include_appendix=data["include_appendix"],
                start_from=data["start_from"],
                created_by=request.user,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Draft “{report.title}” started.")
            return redirect("reports:board_report_edit", report.plan.slug, report.pk)
    has_meetings = BoardMeeting.objects.for_plan(plan).exists()
    return render(
        request,
        "reports/board_report/report_create.html",
        {**_plan_context(plan), "form": form, "has_meetings": has_meetings},
    )


def _preview_context(request, report: BoardReport) -> dict:
    context = {**_plan_context(report.plan), "report": report, "doc": None, "doc_error": ""}
    try:
        # Read for this request: what is kept across plan revisions can be used.
        context["doc"] = report_document(report, kept=True)
    except ReportError as error:
        context["doc_error"] = str(error)
    return context


def _paper(report: BoardReport) -> tuple[SafeString, str]:
    """The paper as the report page shows it, kept per plan revision (a change to the
    plan or to the report makes the next view draw it afresh); or why it cannot be
    shown."""

    def draw() -> str:
        # The report (and its plan) was read for this request: what is kept across plan
        # revisions can be used, recomputed only where the plan changed since.
        return paper_html(report, report_document(report, kept=True))

    try:
        paper = plan_page_part(
            plan=report.plan,
            name=f"report-{report.pk}",
            day=report.as_at,
            # A paper's figures are always as known at the end of its "as at" date.
            mode="known-then",
            vary=str(report.version),
            render=draw,
        )
    except ReportError as error:
        return SafeString(""), str(error)
    return paper, ""


@login_required
def report_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    report = report_for_user(request.user, pk, plan_slug)
    final = final_pdf(report) if report.is_final else None
    frozen = final is not None and bool(final.paper_html)
    if frozen:
        paper, paper_error = SafeString(final.paper_html), ""
    else:
        paper, paper_error = _paper(report)
    manager = manages_plan(request.user, report.plan)
    builds = report.builds.select_related("requested_by").defer("paper_html")
    if not manager:
        builds = builds.final().succeeded()
    return render(
        request,
        "reports/board_report/report_detail.html",
        {
            **_plan_context(report.plan),
            "report": report,
            "paper": paper,
            "doc_error": paper_error,
            "can_write": manager,
            "builds": builds,
            "final_pdf": final,
            "paper_frozen": frozen,
            "confirm_form": ConfirmVersionForm(initial={"version": report.version}),
        },
    )


@login_required
def report_edit(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    report = report_for_writer(request, pk, plan_slug)
    if report.is_final:
        messages.info(request, "This report is final, so its narrative can no longer change.")
        return redirect(report)
    initial = {name: getattr(report, name) for name in EDITABLE_FIELDS}
    initial["version"] = report.version
    if report.kind == BoardReport.Kind.PROGRESS and not report.assurance:
        initial["assurance"] = assurance_draft(report.plan, report.period_start, report.as_at)
    if request.method == "POST":
        form = BoardReportEditForm(request.POST, request.FILES, report=report)
    else:
        form = BoardReportEditForm(initial=initial, report=report)
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS if name in form.fields}
        try:
            report = board_report_update(
                report=report,
                editor=request.user,
                expected_version=data["version"],
                logo=data.get("logo") or None,
                remove_logo=data.get("remove_logo", False),
                **fields,
            )
        except StaleReportError:
            conflict = True
            form.add_error(
                None,
                "Someone else saved this report while you were editing it, so your changes "
                "were not saved. Your text is still below: compare it with the report as "
                "it is now (open it in a new tab), then save again.",
            )
            # Saving again now overwrites knowingly: the conflict has been shown.
            form.data = form.data.copy()
            form.data["version"] = BoardReport.objects.get(pk=report.pk).version
        except ReportFrozenError as error:
            messages.info(request, str(error))
            return redirect(report)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Draft saved.")
            if "preview" in request.POST:
                return redirect(report)
            return redirect("reports:board_report_edit", report.plan.slug, report.pk)
    return render(
        request,
        "reports/board_report/report_edit.html",
        {
            **_plan_context(report.plan),
            "report": report,
            "form": form,
            "conflict": conflict,
            # Browsers do not keep a chosen file when the page comes back with an error.
            "logo_chosen": request.FILES["logo"].name if "logo" in request.FILES else "",
        },
    )


@login_required
def report_finalise(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    report = report_for_writer(request, pk, plan_slug)
    if report.is_final:
        messages.info(request, "This report is already final.")
        return redirect(report)
    form = ConfirmVersionForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            report = board_report_finalise(
                report=report, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except (StaleReportError, ReportFrozenError) as error:
            messages.info(request, str(error))
            return redirect(report)
        build = pdf_build_request(report=report, user=request.user, request=request)
        messages.success(request, "The report is final. Its PDF is being built.")
        return redirect(build)
    context = _preview_context(request, report)
    context["form"] = form
    return render(request, "reports/board_report/report_finalise.html", context)


@login_required
@require_POST
def report_export(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    report = report_for_writer(request, pk, plan_slug)
    try:
        build = pdf_build_request(report=report, user=request.user, request=request)
    except ReportFrozenError as error:
        messages.info(request, str(error))
        return redirect(report)
    return redirect(build)


@login_required
def pdf_build_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    build = build_for_user(request.user, pk, plan_slug)
    if build.seems_stuck and pdf_builds_fail_abandoned(builds=PdfBuild.objects.filter(pk=pk)):
        # Its worker is gone (and with no worker running, nothing else would say so).
        build = build_for_user(request.user, pk, plan_slug)
    context = {**_plan_context(build.report.plan), "build": build, "report": build.report}
    if request.htmx:
        return render(request, "reports/board_report/_pdf_build_status.html", context)
    return render(request, "reports/board_report/pdf_build.html", context)


@login_required
def pdf_build_download(request: HttpRequest, plan_slug: str, pk: int) -> FileResponse:
    build = build_for_user(request.user, pk, plan_slug)
    if build.status != PdfBuild.Status.SUCCEEDED:
        raise Http404("This build has no PDF.")
    # The stored bytes, never a fresh render: a Board paper reads the same every time.
    response = FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=build.filename,
        content_type="application/pdf",
    )
    response["ETag"] = f'"{build.sha256}"'
    return response


@login_required
@require_safe
def report_word(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    """The report as a Word paper. A final report's is the one kept with its final PDF,
    never a fresh one; a draft's (plan managers only) is drawn from the data now."""
    report = report_for_user(request.user, pk, plan_slug)
    if report.is_final:
        final = final_pdf(report)
        if final is None or not final.word_file:
            messages.info(
                request,
                "The final Word paper is built with the final PDF: export the PDF first."
                if final is None
                else "This report's final PDF was built before Board papers came in Word, "
                "so no Word paper was kept with it.",
            )
            return redirect(report)
        response = FileResponse(
            final.word_file.open("rb"),
            as_attachment=True,
            filename=final.word_filename,
            content_type=WORD_CONTENT_TYPE,
        )
        response["ETag"] = f'"{final.word_sha256}"'
        return response
    try:
        rendered = report_word_render(report)
    except (ReportError, PdfRenderError, WordRenderError) as error:
        messages.error(request, str(error))
        return redirect(report)
    filename = paper_filename(report, suffix="-draft", extension="docx")
    response = HttpResponse(rendered.content, content_type=WORD_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_logo(request: HttpRequest, plan_slug: str, pk: int) -> FileResponse:
    report = report_for_user(request.user, pk, plan_slug)
    logo = report.cover_logo
    if not logo:
        raise Http404("This report has no logo.")
    try:
        file = logo.open("rb")
    except OSError as error:
        raise Http404("The logo file is missing.") from error
    return FileResponse(file)
