"""Fetching actions for a user: outsiders get a 404, never a hint."""

from django.shortcuts import get_object_or_404

from plans.models import Plan

from .models import Action


def action_for_user(user, pk: int) -> Action:
    actions = Action.objects.select_related("plan", "section", "lead").filter(
        plan__in=Plan.objects.visible_to(user)
    )
    return get_object_or_404(actions, pk=pk)
