"""The four roles a council gives its people, held as Django groups.

Roles say what kind of thing a person may do; plan membership (see
``plans.models.Plan.members``) says where. Superusers may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import TextChoices


class Role(TextChoices):
    PLAN_MANAGER = "Plan managers", "Plan manager"
    ACTION_OWNER = "Action owners", "Action owner"
    BOARD_MEMBER = "Board members", "Board member"
    # Reads, across the organisations they are given (plans.Organisation.overseers), and
    # changes nothing: regional or national advisers, commissioners.
    OVERSEER = "Overseers", "Overseer"


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Group names are cached on the user so a page asking several times costs one query.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return role.value in user._role_names


def is_plan_manager(user) -> bool:
    return has_role(user, Role.PLAN_MANAGER)


def require_plan_manager(
    request, what: str, message: str = "Only plan managers can do this.", *, plan=None
) -> None:
    """403 with ``message`` for anyone but a plan manager; the refused attempt at
    ``what`` goes to the audit trail (with its ``plan``), so refused changes can be
    looked into by the plan's managers."""
    if is_plan_manager(request.user):
        return
    # Imported here: the audit trail's models load after the roles every app imports.
    from .audit import record_refused_write

    record_refused_write(request, what, plan=plan)
    raise PermissionDenied(message)
