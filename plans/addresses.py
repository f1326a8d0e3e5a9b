"""Old addresses, from before every plan page carried its plan: each redirects to the
page it meant, so bookmarks and links in old emails keep working.

List pages took the plan from ``?plan=slug`` (or showed the person's newest active plan);
object pages (an action, a section, a Board report) were addressed by number alone. The
redirect goes to the same page under ``plans/<slug>/``, keeping the rest of the query.
A plan or object the person may not read is a 404, as its new address would be.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from .access import NoPlanYet, default_plan, plan_for_user


def _query_without_plan(request) -> str:
    query = request.GET.copy()
    query.pop("plan", None)
    return f"?{query.urlencode()}" if query else ""


def moved_plan_page(url_name: str) -> Callable:
    """The view for an old list page: to ``url_name`` of the plan it showed."""

    @login_required
    @require_GET
    def moved(request, *args):
        slug = request.GET.get("plan", "").strip()
        if slug:
            plan = plan_for_user(request.user, slug)
        else:
            plan = default_plan(request.user)
            if plan is None:
                raise NoPlanYet("You are not a member of any plan yet.")
        return redirect(reverse(url_name, args=[plan.slug, *args]) + _query_without_plan(request))

    return moved


def moved_object_page(url_name: str, plan_slug_of: Callable) -> Callable:
    """The view for an old page of one object: ``plan_slug_of(user, pk)`` gives the slug of
    the object's plan among those the person may read, or raises Http404."""

    @login_required
    def moved(request, pk: int):
        slug = plan_slug_of(request.user, pk)
        # A form posted to an old address is sent on with its method (307), not lost.
        target = reverse(url_name, args=[slug, pk]) + _query_without_plan(request)
        response = HttpResponseRedirect(target)
        if request.method not in ("GET", "HEAD"):
            response.status_code = 307
        return response

    return moved
