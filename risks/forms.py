"""Forms of the risk and issue log. Each normalises its input into typed values; rules
that need the database (dates in order, versions) come back from ``services.py`` as
errors on the same fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from actions.forms import GovukCheckboxes, GovukRadios, PersonChoiceField
from actions.models import Action
from improvement_board.forms import GovukDateField
from improvement_board.models import User
from improvement_board.roles import Role
from plans.models import Plan

from .models import Risk, RiskStatus


def _score_field(name: str, hint: str) -> forms.IntegerField:
    message = f"{name.capitalize()} must be a whole number from 1 to 5."
    return forms.IntegerField(
        label=name.capitalize(),
        required=False,
        help_text=hint,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-2"}
        ),
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        min_value=1,
        max_value=5,
    )


class ActionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, action) -> str:
        return f"{action.reference} {action.title}"


class AssessmentForm(forms.Form):
    """Where a risk or issue stands: what a risk's first entry and every update record."""

    status = forms.ChoiceField(
        label="Status",
        choices=RiskStatus.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose the status."},
    )
    likelihood = _score_field("likelihood", "Risks only: 1 (rare) to 5 (almost certain).")
    impact = _score_field("impact", "Risks only: 1 (negligible) to 5 (severe).")
    mitigation = forms.CharField(
        label="Mitigation", widget=forms.Textarea, required=False, max_length=5000
    )
    review_date = GovukDateField(label="Review date", noun="Review date", required=False)

    def check_scores(self, data: dict, kind: str) -> None:
        """A risk is scored on both scales; an issue, which has happened, on neither."""
        for name in ("likelihood", "impact"):
            if name in self.errors:
                continue
            if kind == Risk.Kind.RISK and data.get(name) is None:
                self.add_error(name, f"Enter the {name}, from 1 to 5.")
            elif kind == Risk.Kind.ISSUE and data.get(name) is not None:
                self.add_error(name, f"An issue has already happened: leave {name} empty.")

    def assessment(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data["status"],
            "likelihood": data["likelihood"],
            "impact": data["impact"],
            "mitigation": data["mitigation"].strip(),
            "review_date": data["review_date"],
        }


class RiskDetailsForm(forms.Form):
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example R3 for a risk, I2 for an issue.",
        error_messages={"required": "Enter a reference."},
    )
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter a title."}
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    owner = PersonChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        empty_label="Choose the owner",
        error_messages={"required": "Choose who owns it."},
    )
    raised_on = GovukDateField(
        label="Raised on",
        noun="Raised on",
        allow_future=False,
        error_messages={"required": "Enter the day it was raised."},
    )
    actions = ActionsField(
        label="Actions it affects",
        queryset=Action.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        error_messages={"invalid_choice": "Choose only actions of this plan."},
    )

    def __init__(self, *args, plan: Plan, risk: Risk | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.risk = risk
        people = User.objects.filter(plans=plan, is_active=True).filter(
            Q(groups__name__in=[Role.ACTION_OWNER.value, Role.PLAN_MANAGER.value])
            | Q(pk=risk.owner_id if risk else None)
        )
        self.fields["owner"].queryset = people.distinct().order_by("first_name", "last_name")
        self.fields["actions"].queryset = Action.objects.in_plan(plan).order_by(
            "section__number", "reference"
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        others = Risk.objects.filter(plan=self.plan, reference=reference)
        if self.risk is not None:
            others = others.exclude(pk=self.risk.pk)
        if others.exists():
            raise ValidationError(f"{reference} is already used in this plan. Use another.")
        return reference

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "reference": data["reference"],
            "title": data["title"],
            "description": data["description"].strip(),
            "owner": data["owner"],
            "raised_on": data["raised_on"],
        }


class RiskCreateForm(RiskDetailsForm, AssessmentForm):
    kind = forms.ChoiceField(
        label="Is it a risk or an issue?",
        choices=[
            (Risk.Kind.RISK, "A risk: it may happen"),
            (Risk.Kind.ISSUE, "An issue: it has happened"),
        ],
        widget=GovukRadios,
        error_messages={"required": "Choose whether it is a risk or an issue."},
    )
    field_order = ["kind", "reference", "title", "description", "owner", "raised_on", "actions"]

    def clean(self):
        data = super().clean()
        self.check_scores(data, data.get("kind"))
        raised, review = data.get("raised_on"), data.get("review_date")
        if raised and review and review < raised:
            self.add_error("review_date", "The review date cannot be before the day it was raised.")
        return data


class RiskEditForm(RiskDetailsForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_for(cls, risk: Risk) -> dict:
        return {
            "version": risk.version,
            "reference": risk.reference,
            "title": risk.title,
            "description": risk.description,
            "owner": risk.owner_id,
            "raised_on": risk.raised_on,
            "actions": [action.pk for action in risk.actions.all()],
        }


class RiskUpdateForm(AssessmentForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label="What has changed",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Say what has changed since the last update."},
    )
    effective_date = GovukDateField(
        label="Effective date",
        noun="Effective date",
        allow_future=False,
        error_messages={"required": "Enter the effective date."},
    )

    def __init__(self, *args, risk: Risk, **kwargs):
        super().__init__(*args, **kwargs)
        self.risk = risk

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError("Say what has changed since the last update.")
        return note

    def clean(self):
        data = super().clean()
        self.check_scores(data, self.risk.kind)
        review = data.get("review_date")
        if review and review < self.risk.raised_on:
            self.add_error(
                "review_date",
                f"The review date cannot be before the day it was raised "
                f"({self.risk.raised_on:%-d %B %Y}).",
            )
        return data
