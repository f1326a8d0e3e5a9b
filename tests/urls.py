"""Addresses of plan pages in tests. Every page of one plan has the plan's slug in its
address; most tests have one plan, so ``plan_url`` finds it when not given."""

from django.urls import reverse

from plans.models import Plan


def plan_url(name: str, *args, plan: Plan | None = None) -> str:
    """``name``'s address for ``plan``, else for the test's plan (the first one made)."""
    if plan is None:
        plan = Plan.objects.order_by("pk").first()
    # With no plan at all (a test of signing in), any address of the page will do.
    return reverse(name, args=[plan.slug if plan else "no-plan", *args])
