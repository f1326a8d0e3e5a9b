from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from improvement_board.as_at import as_at_from_request

from .access import action_for_user
from .models import Rating


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_user(request.user, pk)
    as_at = as_at_from_request(request)
    updates = list(
        action.updates.filter(effective_date__lte=as_at.date)
        .select_related("author")
        .latest_first()
    )
    rated = [u for u in updates if u.kind in u.Kind.rated()]
    current = rated[0] if rated else None
    due_date = next(
        (u.revised_due_date for u in updates if u.revised_due_date), action.original_due_date
    )
    evidence = action.evidence.present().filter(added_at__date__lte=as_at.date)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "organisation_name": action.plan.organisation,
            "as_at": as_at,
            "in_plan": action.added_on <= as_at.date,
            "rating": Rating(current.rating) if current else None,
            "latest": updates[0] if updates else None,
            "due_date": due_date,
            "updates": updates,
            "evidence": evidence.select_related("added_by"),
            "recommendations": action.recommendations.all(),
            "delegates": action.delegates.all(),
        },
    )
