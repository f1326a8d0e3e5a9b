"""Every change a plan manager makes to people: one function each, in one transaction,
each writing what it changed to the audit trail (AuditKind.PEOPLE; an event per plan
whose membership changed, with that plan, and one of no plan for the rest).

A refused change raises ``ValidationError`` keyed by the form field it is about, and
changes nothing.
"""

import re
from collections.abc import Collection

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from improvement_board.audit import audit_record
from improvement_board.models import AuditKind
from improvement_board.roles import Role
from improvement_board.sso import sso_enabled
from plans.models import Organisation, Plan
from plans.revisions import EVERY_PLAN, revise

from .access import SUPERUSER_REFUSAL, plans_managed_by
from .models import Deactivation, PersonStatus, person_status

# Roles that change a plan: an overseer holds none of them.
WRITING_ROLES = (Role.PLAN_MANAGER, Role.ACTION_OWNER)

OVERSEER_WITH_WRITE_ROLE = (
    "An overseer reads plans and never changes them, so cannot also be a plan manager or "
    "an action owner. Untick Overseer, or the other role."
)
OVERSEER_ONLY_BY_SUPERUSER = "Only a superuser can make someone an overseer."
ORGANISATIONS_ONLY_BY_SUPERUSER = "Only a superuser can choose the organisations someone oversees."
OWN_PLAN_MANAGER_ROLE = (
    "You cannot remove your own plan manager role. Ask another plan manager to do it."
)
OWN_DEACTIVATION = "You cannot deactivate your own account. Ask another plan manager to do it."
NOT_YOUR_PLAN = "You can only add people to, or remove them from, plans you are a member of."


def email_taken_message(email: str) -> str:
    return (
        f"An account with the email address {email} already exists. Search for it in the "
        "list of people; if it is not there, it belongs to another council's plans: ask "
        "an administrator."
    )


def _refuse(field: str, message: str):
    raise ValidationError({field: [message]})


def _roles_of(person) -> set[Role]:
    names = set(person.groups.values_list("name", flat=True))
    return {role for role in Role if role.value in names}


def _role_names(roles: Collection[Role]) -> str:
    return ", ".join(role.label for role in Role if role in roles) or "none"


def _check_roles(*, by, person, before: set[Role], after: set[Role]) -> None:
    if Role.OVERSEER in after - before and not by.is_superuser:
        _refuse("roles", OVERSEER_ONLY_BY_SUPERUSER)
    if Role.OVERSEER in after and any(role in after for role in WRITING_ROLES):
        _refuse("roles", OVERSEER_WITH_WRITE_ROLE)
    if (
        person is not None
        and person.pk == by.pk
        and Role.PLAN_MANAGER in before
        and Role.PLAN_MANAGER not in after
    ):
        _refuse("roles", OWN_PLAN_MANAGER_ROLE)


def _check_plans(*, by, plans: Collection[Plan]) -> None:
    allowed = set(plans_managed_by(by).values_list("pk", flat=True))
    if any(plan.pk not in allowed for plan in plans):
        _refuse("plans", NOT_YOUR_PLAN)


def _check_email(email: str, *, person=None) -> None:
    if not email:
        return
    others = get_user_model().objects.filter(email__iexact=email)
    if person is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        _refuse("email", email_taken_message(email))


def _set_roles(person, *, added: Collection[Role], removed: Collection[Role]) -> None:
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in {*added, *removed}}
    person.groups.remove(*(groups[role] for role in removed))
    person.groups.add(*(groups[role] for role in added))
    person.__dict__.pop("_role_names", None)


def _who(person) -> str:
    name = person.get_full_name() or person.username
    return f"{name} ({person.username})"


def _record(*, request, by, person, detail: str, plan: Plan | None = None) -> None:
    audit_record(kind=AuditKind.PEOPLE, request=request, user=by, plan=plan, detail=detail)


def _record_memberships(*, request, by, person, added, removed) -> None:
    for plan in sorted(added, key=lambda plan: plan.pk):
        _record(
            request=request,
            by=by,
            person=person,
            plan=plan,
            detail=f"{_who(person)} added to the plan",
        )
    for plan in sorted(removed, key=lambda plan: plan.pk):
        _record(
            request=request,
            by=by,
            person=person,
            plan=plan,
            detail=f"{_who(person)} removed from the plan",
        )


def _free_username(base: str) -> str:
    User = get_user_model()
    base = base[:140] or "person"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def person_add(
    *,
    by,
    first_name: str,
    last_name: str,
    email: str,
    username: str = "",
    job_title: str = "",
    roles: Collection[Role] = (),
    plans: Collection[Plan] = (),
    overseen: Collection[Organisation] = (),
    request=None,
):
    """A new account with no password: the person signs in through the council's identity
    provider by their email address, or sets a password with the link sent to it
    (``set_password_link_send``)."""
    User = get_user_model()
    roles, plans, overseen = set(roles), set(plans), set(overseen)
    _check_roles(by=by, person=None, before=set(), after=roles)
    _check_plans(by=by, plans=plans)
    if overseen and not by.is_superuser:
        _refuse("overseen", ORGANISATIONS_ONLY_BY_SUPERUSER)
    if not email:
        _refuse("email", "Enter their email address: it is how they sign in.")
    _check_email(email)
    if username:
        if User.objects.filter(username__iexact=username).exists():
            _refuse("username", f"The username {username} is taken. Choose another.")
    else:
        # An address may hold characters a username may not (an apostrophe, say).
        username = _free_username(re.sub(r"[^\w.@+-]", "", email.casefold()))
    person = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
    )
    person.set_unusable_password()
    person.full_clean()
    revise(*plans, because="a new person joined plans")
    person.save()
    _set_roles(person, added=roles, removed=())
    for plan in plans:
        plan.members.add(person)
    person.overseen_organisations.add(*overseen)
    details = [f"{_who(person)} added, email {email}", f"roles: {_role_names(roles)}"]
    if job_title:
        details.append(f"job title: {job_title}")
    if overseen:
        details.append("oversees: " + ", ".join(sorted(str(o) for o in overseen)))
    _record(request=request, by=by, person=person, detail="; ".join(details))
    _record_memberships(request=request, by=by, person=person, added=plans, removed=())
    return person


@transaction.atomic
def person_change(
    *,
    by,
    person,
    first_name: str,
    last_name: str,
    email: str,
    job_title: str,
    roles_added: Collection[Role] = (),
    roles_removed: Collection[Role] = (),
    plans_added: Collection[Plan] = (),
    plans_removed: Collection[Plan] = (),
    overseen_added: Collection[Organisation] = (),
    overseen_removed: Collection[Organisation] = (),
    request=None,
):
    """Change what the manager's form changed, and nothing else.

    Roles, plans and organisations come as what was added and what was removed since the
    form was shown, so memberships the form did not show (other councils' plans,
    archived plans) and anything changed by someone else meanwhile stay as they are.
    """
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_superuser and not by.is_superuser:
        _refuse(NON_FIELD_ERRORS, SUPERUSER_REFUSAL)
    roles_before = _roles_of(person)
    roles_after = (roles_before - set(roles_removed)) | set(roles_added)
    _check_roles(by=by, person=person, before=roles_before, after=roles_after)
    _check_plans(by=by, plans={*plans_added, *plans_removed})
    if (overseen_added or overseen_removed) and not by.is_superuser:
        _refuse("overseen", ORGANISATIONS_ONLY_BY_SUPERUSER)
    if not email and person.is_active:
        _refuse("email", "Enter an email address: it is how they sign in.")
    _check_email(email, person=person)

    changes = []
    wanted = {
        "first_name": (first_name, "first name"),
        "last_name": (last_name, "last name"),
        "email": (email, "email"),
        "job_title": (job_title, "job title"),
    }
    changed_fields = []
    for field, (new, label) in wanted.items():
        old = getattr(person, field)
        if new != old:
            changes.append(f"{label} “{old}” → “{new}”")
            setattr(person, field, new)
            changed_fields.append(field)
    member_of = set(Plan.objects.filter(members=person).values_list("pk", flat=True))
    joined = {plan for plan in plans_added if plan.pk not in member_of}
    left = {plan for plan in plans_removed if plan.pk in member_of}
    # A name or email is on every plan's pages; roles and oversight on none.
    revise(
        *([EVERY_PLAN] if changed_fields else [*joined, *left]),
        because="a person's name, email or plans changed",
    )
    if changed_fields:
        # Only what changed is saved.
        person.full_clean()
        person.save(update_fields=changed_fields)
    if roles_after != roles_before:
        _set_roles(
            person, added=roles_after - roles_before, removed=roles_before & set(roles_removed)
        )
        changes.append(f"roles {_role_names(roles_before)} → {_role_names(roles_after)}")
    overseen_before = set(person.overseen_organisations.all())
    new_oversight = set(overseen_added) - overseen_before
    ended_oversight = set(overseen_removed) & overseen_before
    person.overseen_organisations.add(*new_oversight)
    person.overseen_organisations.remove(*ended_oversight)
    if new_oversight:
        changes.append("now oversees " + ", ".join(sorted(str(o) for o in new_oversight)))
    if ended_oversight:
        changes.append("no longer oversees " + ", ".join(sorted(str(o) for o in ended_oversight)))

    for plan in joined:
        plan.members.add(person)
    for plan in left:
        plan.members.remove(person)
    if changes:
        _record(
            request=request, by=by, person=person, detail=f"{_who(person)}: " + "; ".join(changes)
        )
    _record_memberships(request=request, by=by, person=person, added=joined, removed=left)
    return person


@transaction.atomic
def person_deactivate(*, by, person, request=None):
    """Close a leaver's account: they can no longer sign in (nor use their API tokens),
    and stay a member of their plans so that history and Board papers keep their name."""
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.pk == by.pk:
        _refuse(NON_FIELD_ERRORS, OWN_DEACTIVATION)
    if person.is_superuser and not by.is_superuser:
        _refuse(NON_FIELD_ERRORS, SUPERUSER_REFUSAL)
    if not person.is_active:
        _refuse(NON_FIELD_ERRORS, f"{person} is already unable to sign in.")
    person.is_active = False
    person.save(update_fields=["is_active"])
    Deactivation.objects.update_or_create(user=person, defaults={"deactivated_by": by})
    _record(request=request, by=by, person=person, detail=f"{_who(person)} deactivated")
    return person


@transaction.atomic
def person_activate(*, by, person, email: str, request=None):
    """Let an inactive account sign in: a placeholder an import made (who now needs an
    email address to sign in by) or a leaver who has come back."""
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.is_superuser and not by.is_superuser:
        _refuse(NON_FIELD_ERRORS, SUPERUSER_REFUSAL)
    if person.is_active:
        _refuse(NON_FIELD_ERRORS, f"{person} can already sign in.")
    if not email:
        _refuse("email", "Enter their email address: it is how they sign in.")
    _check_email(email, person=person)
    was = person_status(person)
    detail = (
        f"{_who(person)} activated (was a placeholder)"
        if was == PersonStatus.PLACEHOLDER
        else f"{_who(person)} reactivated"
    )
    if email != person.email:
        detail += f"; email “{person.email}” → “{email}”"
    changed_fields = ["is_active"] if email == person.email else ["is_active", "email"]
    person.email = email
    person.is_active = True
    person.full_clean()
    # Signing in changes no page; an email is on every plan's.
    revise(*([EVERY_PLAN] if "email" in changed_fields else []), because="a person activated")
    person.save(update_fields=changed_fields)
    Deactivation.objects.filter(user=person).delete()
    _record(request=request, by=by, person=person, detail=detail)
    return person


# --- How a person signs in ------------------------------------------------------------


def sends_password_links() -> bool:
    """Whether people sign in with a password of their own here (LOCAL_PASSWORD_SIGN_IN);
    with it off, only the identity provider lets them in and a password would be unused."""
    return settings.LOCAL_PASSWORD_SIGN_IN


def set_password_link(person) -> str:
    """A link that sets the person's password once: it stops working when the password
    is set (or the account signed in to) and after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_URL + reverse("people:set_password", args=[uid, token])


@transaction.atomic
def set_password_link_send(*, by, person, request=None) -> None:
    """Email the person a link to set their password, and record that it was sent."""
    if not sends_password_links():
        _refuse(NON_FIELD_ERRORS, "People here sign in through the identity provider only.")
    if not person.is_active or not person.email:
        _refuse(NON_FIELD_ERRORS, f"{person} cannot sign in yet: activate the account first.")
    if person.is_superuser and not by.is_superuser:
        _refuse(NON_FIELD_ERRORS, SUPERUSER_REFUSAL)
    context = {
        "person": person,
        "by": by,
        "link": set_password_link(person),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "sign_in_url": settings.SITE_URL + reverse("login"),
        "sso": sso_enabled(),
        "provider": settings.OIDC_PROVIDER_NAME,
    }
    EmailMessage(
        subject="Set your password for the Improvement Board",
        body=render_to_string("people/email/set_password.txt", context),
        to=[person.email],
    ).send()
    _record(
        request=request,
        by=by,
        person=person,
        detail=f"{_who(person)}: set-password link sent to {person.email}",
    )
