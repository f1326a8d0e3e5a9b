from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from improvement_board.as_at import as_at_from_request
from improvement_board.forms import form_errors_from
from improvement_board.roles import Role, has_role, is_plan_manager
from plans.models import Plan

from . import history
from .access import (
    Right,
    WriteRefused,
    action_for_user,
    action_for_writer,
    evidence_for_remover,
    evidence_for_user,
    is_read_only,
    may_manage,
    may_remove_evidence,
    may_update,
)
from .forms import ActionEditForm, ActionUpdateForm, CompletionDecisionForm, EvidenceForm
from .models import Action, ActionUpdate, Rating
from .panels import action_page_panels, my_actions_panels, panels
from .reporting import ReportingMonth
from .rules import is_overdue_on, pending_completion_q
from .services import (
    StaleActionError,
    action_completion_return,
    action_completion_sign_off,
    action_edit,
    action_update_post,
    evidence_add,
    evidence_remove,
    pending_completion,
)
from .uploads import ACCEPT_ATTRIBUTE, ALLOWED_DESCRIPTION
from .versions import action_earlier_history

CONFLICT = 409


def refusals_answered(view: Callable) -> Callable:
    """Answer a refused write with a page that says why, as a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except WriteRefused as refused:
            return render(
                request,
                "actions/write_refused.html",
                {
                    "action": refused.action,
                    "plan": refused.action.plan,
                    "reason": refused.reason,
                },
                status=403,
            )

    return wrapper


@login_required
@require_GET
def signed_in(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands: action owners start at their own actions."""
    if has_role(request.user, Role.ACTION_OWNER) and not is_plan_manager(request.user):
        return redirect("actions:my_actions")
    return redirect("reports:home")


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month = ReportingMonth.containing(today)
    plans = Plan.objects.visible_to(request.user).exclude(status=Plan.Status.SUPERSEDED)
    actions = list(
        Action.objects.filter(plan__in=plans)
        .owned_by(request.user)
        .with_reporting_month(month.start)
        .with_completion_state()
        .select_related("plan__organisation", "section")
        .order_by("plan__title", "plan_id", "section__number", "reference")
    )
    groups: list[dict] = []
    for action in actions:
        action.deadline = month.deadline(action.plan)
        action.update_due = month.needs_update(action)
        action.is_overdue = is_overdue_on(action.current_due_date, action.rating, today)
        if not groups or groups[-1]["section"].pk != action.section_id:
            groups.append({"plan": action.plan, "section": action.section, "actions": []})
        groups[-1]["actions"].append(action)

    to_sign_off = []
    if is_plan_manager(request.user):
        to_sign_off = list(
            Action.objects.filter(plan__in=plans)
            .with_completion_state()
            .filter(pending_completion_q())
            .select_related("plan", "lead")
            .order_by("completion_on", "plan_id", "reference")
        )
    return render(
        request,
        "actions/my_actions.html",
        {
            "groups": groups,
            "several_plans": len({a.plan_id for a in actions}) > 1,
            "due_count": sum(a.update_due for a in actions),
            "action_count": len(actions),
            "month": month,
            "to_sign_off": to_sign_off,
            "organisation_name": actions[0].plan.organisation if actions else "",
            "panels": panels(my_actions_panels, user=request.user, plans=plans, today=today),
        },
    )


@login_required
@require_GET
def action_detail(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    action = action_for_user(request.user, pk, plan_slug)
    as_at = as_at_from_request(request)
    page = history.action_as_at(action, as_at.date, known_now=as_at.known_now)
    user = request.user
    editable = as_at.is_today and not is_read_only(action)
    is_manager = is_plan_manager(user)
    for item in page["all_evidence"]:
        item.may_remove = editable and may_remove_evidence(user, item)
        # Removed files stay on record for plan managers only.
        item.may_download = bool(item.file) and (is_manager or not item.is_removed)
    return render(
        request,
        "actions/action_detail.html",
        {
            **page,
            "action": action,
            "plan": action.plan,
            "as_at": as_at,
            "read_only_plan": is_read_only(action),
            "may_update": editable and may_update(user, action),
            "may_manage": editable and may_manage(user, action),
            # The history it had in earlier versions of the plan, if it was carried over.
            "earlier_history": action_earlier_history(
                action, as_at=as_at.date, known_now=as_at.known_now
            ),
            "panels": panels(
                action_page_panels,
                action=action,
                as_at=as_at.date,
                known_now=as_at.known_now,
                user=user,
            ),
        },
    )


def _update_form_page(request, action: Action, form, *, status: int = 200, conflict=None):
    latest = action.updates.select_related("author").first()
    has_evidence = action.evidence.present().exists()
    if action.rating == Rating.BLUE:
        rating_hint = "The action's completion has been signed off."
    elif has_evidence:
        rating_hint = (
            "Choose Blue only when the action is complete: it is then proposed to a plan "
            "manager, who signs it off against its evidence."
        )
    else:
        rating_hint = "Blue means completed. To propose completion, add evidence first."
    return render(
        request,
        "actions/conflict.html" if conflict else "actions/action_update.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "latest": latest,
            "pending": pending_completion(action),
            "has_evidence": has_evidence,
            "rating_hint": rating_hint,
            "conflict": conflict,
            "form_action": "actions:update",
        },
        status=status,
    )


def _changes_since(action: Action, version: int) -> dict:
    """What others recorded after the given version of the action was read."""
    return {
        "updates": list(
            action.updates.filter(action_version__gt=version)
            .select_related("author")
            .order_by("-action_version")
        ),
        "changes": list(
            action.changes.filter(action_version__gt=version)
            .select_related("changed_by")
            .order_by("-action_version", "pk")
        ),
    }


def _resubmittable(form_class, request, current: Action, **kwargs):
    """The user's own input, carrying the current version so it can be saved as it is."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    return form_class(data, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
@refusals_answered
def action_update(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    action = action_for_writer(request, pk, Right.UPDATE, plan_slug)
    if request.method != "POST":
        form = ActionUpdateForm(
            initial={"version": action.version, "effective_date": timezone.localdate()}
        )
        return _update_form_page(request, action, form)

    form = ActionUpdateForm(request.POST)
    if not form.is_valid():
        return _update_form_page(request, action, form, status=400)
    data = form.cleaned_data
    try:
        update = action_update_post(
            action=action,
            author=request.user,
            effective_date=data["effective_date"],
            rating=data["rating"],
            commentary=data["commentary"],
            revised_due_date=data["revised_due_date"],
            slippage_reason=data["slippage_reason"],
            next_steps=data["next_steps"],
            expected_version=data["version"],
        )
    except StaleActionError:
        action.refresh_from_db()
        conflict = _changes_since(action, data["version"])
        form = _resubmittable(ActionUpdateForm, request, action)
        return _update_form_page(request, action, form, status=CONFLICT, conflict=conflict)
    except ValidationError as error:
        form_errors_from(form, error)
        return _update_form_page(request, action, form, status=400)
    if update.kind == ActionUpdate.Kind.COMPLETION_PROPOSED:
        messages.success(
            request,
            f"Completion of {action.reference} proposed. A plan manager will sign it off "
            "or return it.",
        )
    else:
        messages.success(request, f"Update to {action.reference} saved.")
    return redirect(action)


@login_required
@require_http_methods(["GET", "POST"])
@refusals_answered
def evidence_create(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    action = action_for_writer(request, pk, Right.UPDATE, plan_slug)
    is_post = request.method == "POST"
    form = EvidenceForm(request.POST, request.FILES) if is_post else EvidenceForm()
    status = 200
    if is_post:
        if form.is_valid():
            data = form.cleaned_data
            try:
                evidence_add(
                    action=action,
                    added_by=request.user,
                    title=data["title"],
                    upload=data["file"],
                    url=data["url"],
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Evidence “{data['title']}” added.")
                return redirect(action)
        status = 400
    return render(
        request,
        "actions/evidence_form.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "accept": ACCEPT_ATTRIBUTE,
            "file_hint": f"Upload {ALLOWED_DESCRIPTION}, 20 MB or smaller.",
            # Browsers do not keep a chosen file when the page comes back with an error.
            "file_chosen": request.FILES["file"].name if "file" in request.FILES else "",
        },
        status=status,
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    evidence = evidence_for_user(request.user, pk, plan_slug)
    # Removed files stay on record for plan managers; to everyone else they are gone.
    if not evidence.file or (evidence.is_removed and not is_plan_manager(request.user)):
        raise Http404("No such file.")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file_name or "evidence",
        content_type=evidence.media_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever render it anyway, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
@refusals_answered
def evidence_delete(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    evidence = evidence_for_remover(request, pk, plan_slug)
    action = evidence.action
    if request.method == "POST":
        evidence_remove(evidence=evidence, removed_by=request.user)
        messages.success(request, f"Evidence “{evidence.title}” removed. It stays in the history.")
        return redirect(action)
    return render(
        request,
        "actions/evidence_remove.html",
        {
            "action": action,
            "plan": action.plan,
            "evidence": evidence,
        },
    )


def _decision_page(request, action, form, proposal, *, status=200, conflict=None):
    return render(
        request,
        "actions/completion_decision.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "proposal": proposal,
            "evidence": action.evidence.present().select_related("added_by"),
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusals_answered
def completion_decide(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    action = action_for_writer(request, pk, Right.MANAGE, plan_slug)
    proposal = pending_completion(action)
    if request.method != "POST":
        if proposal is None:
            messages.info(request, f"No completion of {action.reference} is waiting for sign-off.")
            return redirect(action)
        form = CompletionDecisionForm(
            initial={"version": action.version, "effective_date": timezone.localdate()}
        )
        return _decision_page(request, action, form, proposal)

    form = CompletionDecisionForm(request.POST)
    if not form.is_valid():
        return _decision_page(request, action, form, proposal, status=400)
    data = form.cleaned_data
    decide = (
        action_completion_sign_off
        if data["decision"] == CompletionDecisionForm.SIGN_OFF
        else action_completion_return
    )
    extra = (
        {"commentary": data["reason"]}
        if decide is action_completion_sign_off
        else {"reason": data["reason"]}
    )
    try:
        decide(
            action=action,
            manager=request.user,
            effective_date=data["effective_date"],
            expected_version=data["version"],
            **extra,
        )
    except StaleActionError:
        action.refresh_from_db()
        form = _resubmittable(CompletionDecisionForm, request, action)
        conflict = _changes_since(action, data["version"])
        return _decision_page(
            request, action, form, pending_completion(action), status=CONFLICT, conflict=conflict
        )
    except ValidationError as error:
        form_errors_from(form, error)
        return _decision_page(request, action, form, proposal, status=400)
    if decide is action_completion_sign_off:
        messages.success(request, f"Completion of {action.reference} signed off: it is now Blue.")
    else:
        messages.success(request, f"Completion of {action.reference} returned to the owner.")
    return redirect(action)


def _edit_page(request, action, form, *, status=200, conflict=None):
    return render(
        request,
        "actions/action_edit.html",
        {
            "action": action,
            "plan": action.plan,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refusals_answered
def action_change(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    action = action_for_writer(request, pk, Right.MANAGE, plan_slug)
    if request.method != "POST":
        form = ActionEditForm(initial=ActionEditForm.initial_for(action), action=action)
        return _edit_page(request, action, form)

    form = ActionEditForm(request.POST, action=action)
    if not form.is_valid():
        return _edit_page(request, action, form, status=400)
    try:
        changes = action_edit(
            action=action,
            editor=request.user,
            values=form.values(),
            expected_version=form.cleaned_data["version"],
        )
    except StaleActionError:
        action.refresh_from_db()
        conflict = _changes_since(action, form.cleaned_data["version"])
        form = _resubmittable(ActionEditForm, request, action, action=action)
        return _edit_page(request, action, form, status=CONFLICT, conflict=conflict)
    except ValidationError as error:
        form_errors_from(form, error)
        return _edit_page(request, action, form, status=400)
    if changes:
        fields = ", ".join(change.label.lower() for change in changes)
        messages.success(request, f"Changes to {action.reference} saved: {fields}.")
    else:
        messages.info(request, f"Nothing was changed on {action.reference}.")
    return redirect(action)
