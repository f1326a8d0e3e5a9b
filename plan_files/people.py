"""The people an import names: matched with accounts of the plan's council, or kept as
placeholders to be given to a member later."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower, Trim

from plans.models import Plan

from .models import ImportChoices


@dataclass
class NewLead:
    """Someone named as a lead or delegate who has no account here: a placeholder."""

    name: str
    is_post: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def is_email(self) -> bool:
        return "@" in self.name


def people_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_people(values: Iterable[str], organisation: str, importer) -> dict[str, list]:
    """The users each value names, by email, else full name, else username (any case).

    Only people of the plan's council are looked up (members of its plans, accounts in
    no plan yet, and whoever is importing): a name or address of someone in another
    council's plans reads as "no account yet", so an import neither reveals nor joins
    accounts of another council.
    """
    keys = {people_key(value) for value in values if value}
    if not keys:
        return {}
    emails = [key for key in keys if "@" in key]
    names = [key for key in keys if "@" not in key]
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    if names:
        query |= Q(full_name_key__in=names) | Q(username_key__in=names)
    # Accounts made for the council that are in no plan yet are theirs to find too.
    council = Q(plans__organisation__name__iexact=organisation) | Q(plans__isnull=True)
    if importer is not None:
        council |= Q(pk=importer.pk)
    users = list(
        get_user_model()
        .objects.filter(council)
        .annotate(
            full_name_key=Lower(Trim(Concat("first_name", Value(" "), "last_name"))),
            username_key=Lower("username"),
        )
        .filter(query)
        .distinct()
    )
    matches = {}
    for key in keys:
        if "@" in key:
            found = [user for user in users if user.email.casefold() == key]
        else:
            found = [user for user in users if people_key(user.get_full_name()) == key] or [
                user for user in users if user.username.casefold() == key
            ]
        if len(found) > 1:
            # An account someone signs in with wins over a placeholder from an import.
            active = [user for user in found if user.is_active]
            if len(active) == 1:
                found = active
        matches[key] = found
    return matches


def people_given(plan: Plan | None, named: list[str]) -> dict[str, list]:
    """Names whose actions a plan manager gave to a member: read as that member."""
    choices = ImportChoices.objects.filter(plan=plan).first() if plan else None
    given = {
        key: pk
        for key, pk in (choices.people if choices else {}).items()
        if key in {people_key(name) for name in named}
    }
    if not given:
        return {}
    users = get_user_model().objects.filter(pk__in=given.values(), plans=plan).in_bulk()
    return {key: [users[pk]] for key, pk in given.items() if pk in users}


def ambiguous_lead_message(value: str, count: int) -> str:
    if "@" in value:
        return (
            f"{count} accounts have the email address {value}. Ask an administrator to "
            "merge them, then import again."
        )
    return f"{count} people are called {value}. Give the lead's email address instead."
