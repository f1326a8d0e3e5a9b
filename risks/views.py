from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions.models import Action
from improvement_board.as_at import as_at_from_request
from improvement_board.forms import form_errors_from
from improvement_board.models import User
from plans.access import manages_plan, plan_for_manager, plan_page
from plans.models import Plan
from plans.writable import check_plan_writable, is_writable

from .access import Right, is_read_only, may_manage, may_update, risk_for_user, risk_for_writer
from .forms import RiskCreateForm, RiskEditForm, RiskUpdateForm
from .history import attach_details
from .log import SORT_LABELS, LogFilter, decorate, log_queryset, risk_log
from .models import Risk, RiskStatus
from .services import StaleRiskError, risk_create, risk_edit, risk_update

CONFLICT = 409


@login_required
@require_GET
@plan_page
def risk_log_page(request: HttpRequest, plan: Plan) -> HttpResponse:
    as_at = as_at_from_request(request)
    chosen = LogFilter.from_query(request.GET)
    risks = risk_log(plan, as_at.date, known_now=as_at.known_now, chosen=chosen)
    return render(
        request,
        "risks/risk_log.html",
        {
            "plan": plan,
            "as_at": as_at,
            "as_at_subject": "the risk and issue log",
            "risks": risks,
            "chosen": chosen,
            "kinds": Risk.Kind.choices,
            "statuses": RiskStatus.choices,
            "sorts": SORT_LABELS,
            "owners": User.objects.filter(owned_risks__plan=plan)
            .distinct()
            .order_by("first_name", "last_name"),
            "manager": manages_plan(request.user, plan),
            "may_create": as_at.is_today and is_writable(plan) and manages_plan(request.user, plan),
        },
    )


@login_required
@require_GET
def risk_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    risk = risk_for_user(request.user, pk, plan_slug)
    as_at = as_at_from_request(request)
    state = log_queryset(risk.plan, as_at.date, known_now=as_at.known_now).filter(pk=risk.pk)
    state = state.first()
    if state is not None:
        decorate(state, as_at.date)
    history = list(
        risk.updates.for_risk_as_at(risk, as_at.date, known_now=as_at.known_now).select_related(
            "recorded_by"
        )
    )
    attach_details([risk], as_at.date, known_now=as_at.known_now)
    linked = risk.shown["actions"]
    actions = (
        Action.objects.in_plan(risk.plan)
        .filter(**({"risks": risk} if linked is None else {"reference__in": linked}))
        .with_standing_as_at(as_at.date, known_now=as_at.known_now)
        .order_by("section__number", "reference")
    )
    editable = as_at.is_today and not is_read_only(risk)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "plan": risk.plan,
            "as_at": as_at,
            "as_at_subject": f"{risk.get_kind_display().lower()} {risk.reference}",
            "state": state,
            "history": history,
            "actions": actions,
            "may_update": editable and may_update(request.user, risk),
            "may_manage": editable and may_manage(request.user, risk),
        },
    )


def _form_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"risks/{template}", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_for_manager(request, plan_slug, "raising a risk or issue")
    check_plan_writable(plan, request, "raising a risk or issue")
    if request.method != "POST":
        form = RiskCreateForm(
            plan=plan,
            initial={"raised_on": timezone.localdate(), "status": RiskStatus.OPEN},
        )
        return _form_page(request, "risk_new.html", {"plan": plan, "form": form})
    form = RiskCreateForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            risk = risk_create(
                plan=plan,
                request=request,
                kind=form.cleaned_data["kind"],
                actions=form.cleaned_data["actions"],
                **form.details(),
                **form.assessment(),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{risk.get_kind_display()} {risk.reference} raised.")
            return redirect(risk)
    return _form_page(request, "risk_new.html", {"plan": plan, "form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def risk_change(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    risk = risk_for_writer(request, pk, Right.MANAGE, plan_slug)
    context = {"plan": risk.plan, "risk": risk}
    if request.method != "POST":
        form = RiskEditForm(initial=RiskEditForm.initial_for(risk), plan=risk.plan, risk=risk)
        return _form_page(request, "risk_edit.html", {**context, "form": form})
    form = RiskEditForm(request.POST, plan=risk.plan, risk=risk)
    status = 400
    if form.is_valid():
        try:
            changed = risk_edit(
                risk=risk,
                request=request,
                values=form.details(),
                actions=form.cleaned_data["actions"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleRiskError:
            risk.refresh_from_db()
            context["conflict"] = _updates_since(risk, form.cleaned_data["version"])
            form = _resubmittable(RiskEditForm, request, risk, plan=risk.plan, risk=risk)
            status = CONFLICT
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            words = ", ".join(name.replace("_", " ") for name in changed) or "nothing changed"
            messages.success(request, f"{risk.reference} saved: {words}.")
            return redirect(risk)
    return _form_page(request, "risk_edit.html", {**context, "form": form}, status=status)


def _resubmittable(form_class, request, current: Risk, **kwargs):
    """The person's own input, carrying the current version so it can be saved as it is."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def _updates_since(risk: Risk, seen: int) -> list:
    """What others recorded after version ``seen`` of the risk was read (an edit of its
    details leaves no update: the conflict page then shows the details as they are)."""
    return list(
        risk.updates.filter(risk_version__gt=seen).select_related("recorded_by").latest_first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_update_page(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    risk = risk_for_writer(request, pk, Right.UPDATE, plan_slug)
    latest = risk.updates.select_related("recorded_by").latest_first().first()
    context = {"plan": risk.plan, "risk": risk, "latest": latest}
    if request.method != "POST":
        initial = {"version": risk.version, "effective_date": timezone.localdate()}
        if latest is not None:
            initial |= {
                "status": latest.status,
                "likelihood": latest.likelihood,
                "impact": latest.impact,
                "mitigation": latest.mitigation,
                "review_date": latest.review_date,
            }
        form = RiskUpdateForm(initial=initial, risk=risk)
        return _form_page(request, "risk_update.html", {**context, "form": form})
    form = RiskUpdateForm(request.POST, risk=risk)
    status = 400
    if form.is_valid():
        try:
            risk_update(
                risk=risk,
                request=request,
                effective_date=form.cleaned_data["effective_date"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                **form.assessment(),
            )
        except StaleRiskError:
            risk.refresh_from_db()
            context["conflict"] = _updates_since(risk, form.cleaned_data["version"])
            form = _resubmittable(RiskUpdateForm, request, risk, risk=risk)
            status = CONFLICT
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Update to {risk.reference} saved.")
            return redirect(risk)
    return _form_page(request, "risk_update.html", {**context, "form": form}, status=status)
