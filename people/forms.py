from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from actions.forms import GovukCheckboxes
from improvement_board.roles import Role
from plans.models import Organisation

from .access import plans_managed_by
from .models import PersonStatus
from .services import NOT_YOUR_PLAN

EMAIL_ERRORS = {
    "required": "Enter their email address.",
    "invalid": "Enter an email address in the correct format, like name@example.gov.uk.",
}


class ShownValues(forms.Field):
    """What a list of checkboxes held when the form was shown, sent back hidden, so that
    only what the person changed is changed. Values no longer offered are ignored."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        return [str(item) for item in (value if isinstance(value, list | tuple) else [value])]


def plan_label(plan) -> str:
    return f"{plan.title} ({plan.organisation})"


class PersonForm(forms.Form):
    """Adding a person (``person`` None) or changing one; views pass what it parses to
    ``services.person_add`` or ``services.person_change``."""

    first_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their last name."}
    )
    email = forms.EmailField(
        max_length=254,
        help_text="Their work email address. It is how they sign in.",
        error_messages=EMAIL_ERRORS,
    )
    username = forms.CharField(
        max_length=150,
        required=False,
        validators=[UnicodeUsernameValidator()],
        help_text="Leave empty to use their email address.",
    )
    job_title = forms.CharField(
        max_length=200, required=False, help_text="Shown beside their name in Board papers."
    )
    roles = forms.MultipleChoiceField(
        required=False,
        choices=Role.choices,
        widget=GovukCheckboxes,
    )
    plans = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=GovukCheckboxes,
        error_messages={"invalid_choice": NOT_YOUR_PLAN, "invalid_pk_value": NOT_YOUR_PLAN},
    )
    overseen = forms.ModelMultipleChoiceField(
        label="Organisations they oversee",
        queryset=Organisation.objects.all(),
        required=False,
        widget=GovukCheckboxes,
        help_text="They read every plan of these organisations and change nothing.",
    )
    roles_shown = ShownValues(required=False)
    plans_shown = ShownValues(required=False)
    overseen_shown = ShownValues(required=False)

    def __init__(self, *args, by, person=None, **kwargs):
        self.by = by
        self.person = person
        if person is not None and kwargs.get("data") is None and not args:
            roles = list(person.groups.filter(name__in=Role.values).values_list("name", flat=True))
            plans = [str(pk) for pk in person.plans.values_list("pk", flat=True)]
            overseen = [
                str(pk) for pk in person.overseen_organisations.values_list("pk", flat=True)
            ]
            kwargs["initial"] = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "job_title": person.job_title,
                "roles": roles,
                "roles_shown": roles,
                "plans": plans,
                "plans_shown": plans,
                "overseen": overseen,
                "overseen_shown": overseen,
            }
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans_managed_by(by)
        self.fields["plans"].label_from_instance = plan_label
        self.fields["roles"].choices = [
            (role.value, role.label)
            for role in Role
            if role != Role.OVERSEER or self.shows_oversight
        ]
        if person is not None:
            del self.fields["username"]
            # A placeholder or a post an import made may have no surname or no address.
            self.fields["last_name"].required = False
            self.fields["email"].required = person.is_active
            self.fields["email"].help_text = (
                "Their work email address. It is how they sign in."
                if person.is_active
                else "Needed before they can sign in."
            )
        else:
            for name in ("roles_shown", "plans_shown", "overseen_shown"):
                del self.fields[name]
        if not self.shows_oversight:
            del self.fields["overseen"]
            self.fields.pop("overseen_shown", None)
        if person is not None:
            # The page carries back only what it offers: no hint of other councils' plans.
            offered_roles = {value for value, _ in self.fields["roles"].choices}
            offered_plans = {str(plan.pk) for plan in self.fields["plans"].queryset}
            for name, offered in (("roles", offered_roles), ("plans", offered_plans)):
                if f"{name}_shown" in self.initial:
                    self.initial[f"{name}_shown"] = [
                        value for value in self.initial[f"{name}_shown"] if value in offered
                    ]

    @property
    def shows_oversight(self) -> bool:
        """Only superusers give the Overseer role and choose what an overseer reads."""
        return self.by.is_superuser

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean_roles(self) -> set[Role]:
        return {Role(value) for value in self.cleaned_data["roles"]}

    def _diff(self, name: str, offered: set[str], chosen: set[str]) -> tuple[set[str], set[str]]:
        """What was ticked and what was unticked since the form was shown, among what it
        offered: (added, removed)."""
        before = set(self.cleaned_data.get(f"{name}_shown") or []) & offered
        return chosen - before, before - chosen

    def changes(self) -> dict:
        """The keyword arguments of ``services.person_change`` this form asks for."""
        data = self.cleaned_data
        offered_roles = {value for value, _ in self.fields["roles"].choices}
        roles_added, roles_removed = self._diff(
            "roles", offered_roles, {role.value for role in data["roles"]}
        )
        plans = {str(plan.pk): plan for plan in self.fields["plans"].queryset}
        plans_added, plans_removed = self._diff(
            "plans", set(plans), {str(plan.pk) for plan in data["plans"]}
        )
        changes = {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "job_title": data["job_title"],
            "roles_added": {Role(value) for value in roles_added},
            "roles_removed": {Role(value) for value in roles_removed},
            "plans_added": {plans[pk] for pk in plans_added},
            "plans_removed": {plans[pk] for pk in plans_removed},
        }
        if "overseen" in self.fields:
            organisations = {str(o.pk): o for o in Organisation.objects.all()}
            added, removed = self._diff(
                "overseen", set(organisations), {str(o.pk) for o in data["overseen"]}
            )
            changes["overseen_added"] = {organisations[pk] for pk in added}
            changes["overseen_removed"] = {organisations[pk] for pk in removed}
        return changes

    def additions(self) -> dict:
        """The keyword arguments of ``services.person_add`` this form asks for."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "username": data["username"],
            "job_title": data["job_title"],
            "roles": data["roles"],
            "plans": set(data["plans"]),
            "overseen": set(data.get("overseen") or ()),
        }


class ActivateForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="Their work email address. It is how they sign in.",
        error_messages=EMAIL_ERRORS,
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or email", required=False, max_length=200)
    plan = forms.ModelChoiceField(queryset=None, required=False, empty_label="All plans")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *PersonStatus.choices])

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_managed_by(by)
        self.fields["plan"].label_from_instance = plan_label
