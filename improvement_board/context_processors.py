from django.conf import settings

from .roles import Role, has_role


def service(request) -> dict:
    user = request.user
    return {
        "service_name": "Improvement Board",
        "debug": settings.DEBUG,
        "user_is_plan_manager": has_role(user, Role.PLAN_MANAGER),
        "user_is_action_owner": has_role(user, Role.ACTION_OWNER),
    }
