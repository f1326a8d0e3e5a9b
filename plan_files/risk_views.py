"""The risk and issue log as a spreadsheet: export (XLSX or CSV) and import, for the
plan's managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from plans.access import plan_for_manager
from plans.writable import check_plan_writable

from .forms import RiskLogFileForm
from .risk_log import RiskImportRefused, risk_log_csv, risk_log_import, risk_log_workbook
from .sources import Unreadable
from .views import XLSX, _download


@login_required
@require_GET
def risk_log_export(request: HttpRequest, plan_slug: str, file_format: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "exporting the risk log")
    name = f"{plan.slug}-risks-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        response = _download(risk_log_csv(plan), name, "text/csv; charset=utf-8")
    else:
        response = _download(risk_log_workbook(plan), name, XLSX)
    audit_record(
        kind=AuditEvent.Kind.EXPORT, request=request, plan=plan, detail=f"Risk log, as {name}"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def risk_log_import_view(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "importing risks and issues")
    check_plan_writable(plan, request, "importing risks and issues")
    problems = []
    if request.method == "POST":
        form = RiskLogFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                added = risk_log_import(
                    plan=plan, request=request, data=form.file_bytes, filename=form.file_name
                )
            except Unreadable as error:
                form.add_error("file", str(error))
            except RiskImportRefused as refused:
                problems = [("", str(problem)) for problem in refused.problems]
            else:
                messages.success(request, f"{added} risks and issues added to the log.")
                return redirect("risks:log", plan.slug)
    else:
        form = RiskLogFileForm()
    return render(
        request,
        "plan_files/risk_log_import.html",
        {"plan": plan, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )
