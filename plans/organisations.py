"""Which organisation a new plan belongs to, from the council's name as someone typed it.

A name that matches an organisation already here (ignoring case and spacing) means that
organisation, but only for its own people (members of one of its plans) and superusers:
anyone else would be putting a plan into another council's space, so they are told to
check the name. A new name makes a new organisation, with the Board wording defaults.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from .models import Organisation, Plan


def _normal(name: str) -> str:
    return " ".join(name.split())


def _existing(name: str) -> Organisation | None:
    return Organisation.objects.filter(name__iexact=_normal(name)).first()


def organisation_refusal(name: str, user) -> str | None:
    """Why ``user`` may not start a plan for the organisation called ``name``, or None."""
    existing = _existing(name)
    if existing is None or user is None or user.is_superuser:
        return None
    if Plan.objects.member_of(user).filter(organisation=existing).exists():
        return None
    return (
        f"{existing.name} already uses this service, and you are not a member of any of "
        "its plans. Check the council's name, or ask one of its plan managers to add you."
    )


def organisation_for_new_plan(*, name: str, user) -> Organisation:
    """The organisation a new plan called for by ``name`` belongs to (made if new)."""
    refusal = organisation_refusal(name, user)
    if refusal:
        raise ValidationError({"organisation": refusal})
    existing = _existing(name)
    if existing is not None:
        return existing
    name = _normal(name)
    base = slugify(name)[:90] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return Organisation.objects.create(name=name, slug=slug)
