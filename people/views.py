from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import Action, Rating
from improvement_board.audit import audit_record
from improvement_board.forms import form_errors_from
from improvement_board.models import AuditKind
from improvement_board.roles import Role, require_plan_manager
from improvement_board.sso import role_groups, sso_enabled
from plans.models import Plan

from . import services
from .access import people_looked_after_by, person_for_manager, plans_managed_by
from .forms import ActivateForm, PeopleFilterForm, PersonForm, plan_label
from .models import PersonStatus, person_status, status_q

PAGE_SIZE = 50
WRITABLE_STATUSES = (Plan.Status.DRAFT, Plan.Status.ACTIVE)


def _with_status(people):
    return people.annotate(
        status=Case(
            *(When(status_q(status), then=Value(status.value)) for status in PersonStatus),
            default=Value(PersonStatus.ACTIVE.value),
        )
    )


def _posted(request: HttpRequest):
    """The form's data: even an empty POST is a submission to check, never a fresh form."""
    return request.POST if request.method == "POST" else None


def _sign_in_context() -> dict:
    """How people sign in here, for the pages that tell a plan manager."""
    return {
        "sso": sso_enabled(),
        "provider": settings.OIDC_PROVIDER_NAME,
        "password_links": services.sends_password_links(),
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        # Roles then follow the provider's groups at every sign-in (OIDC_ROLE_GROUPS).
        "roles_from_provider": sso_enabled() and bool(role_groups()),
    }


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "listing people (not a plan manager)")
    form = PeopleFilterForm(request.GET or None, by=request.user)
    people = people_looked_after_by(request.user)
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        for word in query.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        if form.cleaned_data["plan"] is not None:
            people = people.filter(plans=form.cleaned_data["plan"])
        if form.cleaned_data["status"]:
            people = people.filter(status_q(PersonStatus(form.cleaned_data["status"])))
    # Only plans the manager is a member of are named: other councils' plans stay unseen.
    # A subquery: the prefetch's own join on members must not meet the manager's.
    their_plans = Plan.objects.filter(
        pk__in=Plan.objects.member_of(request.user).values("pk")
    ).only("pk", "title", "slug")
    people = _with_status(people).prefetch_related(
        Prefetch("plans", queryset=their_plans, to_attr="shown_plans"),
        "groups",
    )
    page = Paginator(people.order_by("first_name", "last_name", "username", "pk"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    for person in page.object_list:
        names = {group.name for group in person.groups.all()}
        person.role_labels = [role.label for role in Role if role.value in names]
        person.status_label = PersonStatus(person.status).label
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "plan_choices": [("", "All plans")]
            + [(str(plan.pk), plan_label(plan)) for plan in plans_managed_by(request.user)],
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    require_plan_manager(request, "adding a person (not a plan manager)")
    form = PersonForm(data=_posted(request), by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_add(by=request.user, request=request, **form.additions())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            _after_sign_in_change(request, person, f"{person} has been added.")
            return redirect("people:edit", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": None, **_sign_in_context()},
        status=400 if form.errors else 200,
    )


def _after_sign_in_change(request: HttpRequest, person, done: str) -> None:
    """Say what was done and how the person now signs in; send the set-password link
    where people sign in with passwords."""
    if services.sends_password_links():
        services.set_password_link_send(by=request.user, person=person, request=request)
        how = f"We have emailed {person.email} a link to set their password."
        if sso_enabled():
            how += f" They can also sign in with {settings.OIDC_PROVIDER_NAME}."
    else:
        how = (
            f"They sign in with {settings.OIDC_PROVIDER_NAME}, using their work account "
            f"{person.email}."
        )
    messages.success(request, f"{done} {how}")


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_manager(request, pk, "changing a person")
    form = PersonForm(data=_posted(request), by=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_change(
                by=request.user, person=person, request=request, **form.changes()
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Changes to {person} saved.")
            return redirect("people:edit", pk=person.pk)
    their_plans = Plan.objects.member_of(request.user)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "status": person_status(person),
            # An inactive member's actions are handed on from each plan's placeholders page.
            "handover_plans": []
            if person.is_active
            else person.plans.filter(
                pk__in=plans_managed_by(request.user).values("pk"),
                status__in=WRITABLE_STATUSES,
            ),
            "archived_plans": person.plans.filter(
                pk__in=their_plans.values("pk"), status=Plan.Status.ARCHIVED
            ),
            **_sign_in_context(),
        },
        status=400 if form.errors else 200,
    )


def _open_actions(person, manager) -> list[dict]:
    """The person's unfinished actions in the manager's plans, by plan, with the page
    where a plan manager hands them on."""
    actions = (
        Action.objects.owned_by(person)
        # Only where they can still be handed on: superseded plans are kept as they were.
        .filter(plan__in=plans_managed_by(manager), plan__status__in=WRITABLE_STATUSES)
        .exclude(rating=Rating.BLUE)
        .select_related("plan")
        .order_by("plan__title", "plan__pk", "reference")
    )
    groups: dict[int, dict] = {}
    for action in actions:
        group = groups.setdefault(action.plan_id, {"plan": action.plan, "actions": []})
        group["actions"].append(action)
    return list(groups.values())


@login_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_manager(request, pk, "deactivating a person")
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.person_deactivate(by=request.user, person=person, request=request)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                f"{person} has been deactivated and can no longer sign in. Their name stays "
                "on their plans' history.",
            )
            return redirect("people:edit", pk=person.pk)
    return render(
        request,
        "people/person_deactivate.html",
        {
            "person": person,
            "errors": errors,
            "is_self": person.pk == request.user.pk,
            "open_actions": _open_actions(person, request.user),
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_activate(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_manager(request, pk, "activating a person")
    form = ActivateForm(_posted(request), initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_activate(
                by=request.user,
                person=person,
                email=form.cleaned_data["email"],
                request=request,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            person.refresh_from_db()
            _after_sign_in_change(request, person, f"{person} can now sign in.")
            return redirect("people:edit", pk=person.pk)
    return render(
        request,
        "people/person_activate.html",
        {"person": person, "form": form, "status": person_status(person), **_sign_in_context()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def password_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a new set-password link: the last one was lost, or has expired."""
    person = person_for_manager(request, pk, "sending a set-password link")
    try:
        services.set_password_link_send(by=request.user, person=person, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We have emailed {person.email} a link to set their password.")
    return redirect("people:edit", pk=person.pk)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page a set-password link opens. The link works once: setting the password
    changes what its token was made from."""

    template_name = "people/set_password.html"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A closed account stays closed, whatever link it was sent before.
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            kind=AuditKind.PEOPLE,
            request=self.request,
            user=form.user,
            detail=f"{form.user.get_username()} set their password with a link",
        )
        messages.success(self.request, "Your password is set. Sign in with it now.")
        return response


set_password = SetPasswordView.as_view()
