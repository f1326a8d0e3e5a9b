"""Forms for the action owner's workflow and the plan manager's edits.

Each form normalises its input into typed values; rules that need the database (dates
in order, evidence before completion, versions) live in ``services.py`` and come back
as errors on the same fields.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from improvement_board.forms import GovukDateField
from improvement_board.models import User
from improvement_board.roles import Role
from plans.models import Finding, Plan

from .models import Action, Rating, SlippageReason
from .rules import needs_slippage_reason
from .uploads import ACCEPT_ATTRIBUTE, ALLOWED_DESCRIPTION


class GovukRadios(forms.RadioSelect):
    """Radios whose first input carries the field's id, so errors can link to it."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class VersionedForm(forms.Form):
    """Carries the action's version, so a save can tell whether someone got there first."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionUpdateForm(VersionedForm):
    rating = forms.ChoiceField(
        label="Rating",
        choices=Rating.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose a rating."},
    )
    slippage_reason = forms.ChoiceField(
        label="Reason for slippage",
        choices=SlippageReason.choices,
        widget=GovukRadios,
        required=False,
    )
    commentary = forms.CharField(
        label="Commentary",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={
            "required": "Enter commentary: what has changed since the last update.",
            "max_length": "Commentary must be 5,000 characters or fewer.",
        },
    )
    next_steps = forms.CharField(
        label="Next steps", widget=forms.Textarea, required=False, max_length=3000
    )
    revised_due_date = GovukDateField(label="Revised due date", noun="Revised due date")
    effective_date = GovukDateField(
        label="Effective date",
        noun="Effective date",
        allow_future=False,
        error_messages={"required": "Enter the effective date."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revised_due_date"].required = False

    def clean_commentary(self) -> str:
        text = self.cleaned_data["commentary"].strip()
        if not text:
            raise ValidationError("Enter commentary: what has changed since the last update.")
        return text

    def clean(self):
        data = super().clean()
        if needs_slippage_reason(data.get("rating")):
            if not data.get("slippage_reason"):
                self.add_error(
                    "slippage_reason", "Choose the reason for slippage: Amber and Red need one."
                )
        elif "slippage_reason" in data:
            # A reason for slippage means nothing beside Green or Blue; it is not recorded.
            data["slippage_reason"] = ""
        return data


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title for the evidence.",
            "max_length": "Title must be 200 characters or fewer.",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        error_messages={"invalid": "The selected file could not be read. Try again."},
    )
    url = forms.URLField(
        label="Or give a link",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web address, like https://example.org/report.",
            "max_length": "The link must be 500 characters or fewer.",
        },
    )

    allowed_files = ALLOWED_DESCRIPTION

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        # Links are to secure addresses only, as the field's hint says: evidence is often
        # personal data, and an http:// link would send whoever follows it in the clear.
        if url and not url.lower().startswith("https://"):
            raise ValidationError("The link must start with https:// (a secure address).")
        return url

    def clean(self):
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if "url" in self.errors or "file" in self.errors:
            return data
        if has_file and has_url:
            self.add_error("file", "Upload a file or give a link, not both.")
        elif not has_file and not has_url:
            self.add_error("file", "Choose a file to upload, or give a link.")
        return data


class CompletionDecisionForm(VersionedForm):
    SIGN_OFF = "sign_off"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Is the action complete?",
        choices=[
            (SIGN_OFF, "Yes, sign it off: it counts as Blue – completed"),
            (RETURN, "No, return it to the owner: the rating stays as it is"),
        ],
        widget=GovukRadios,
        error_messages={"required": "Choose whether to sign off or return the completion."},
    )
    reason = forms.CharField(
        label="Comments for the action owner",
        widget=forms.Textarea,
        required=False,
        max_length=3000,
    )
    effective_date = GovukDateField(
        label="Date of the decision",
        noun="Date of the decision",
        allow_future=False,
        error_messages={"required": "Enter the date of the decision."},
    )

    def clean(self):
        data = super().clean()
        data["reason"] = data.get("reason", "").strip()
        if data.get("decision") == self.RETURN and not data["reason"]:
            self.add_error("reason", "Say why the completion is being returned.")
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user}, {user.job_title}" if user.job_title else str(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user}, {user.job_title}" if user.job_title else str(user)


class RecommendationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rec) -> str:
        return f"{rec.reference}: {rec.text}"


class ActionEditForm(VersionedForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the action's title."},
    )
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    success_measures = forms.CharField(
        label="Success measures / expected impact",
        widget=forms.Textarea,
        required=False,
        help_text="What will be different for children and families when this is done.",
    )
    lead = PersonChoiceField(
        label="Lead",
        queryset=User.objects.none(),
        empty_label="Choose the lead",
        error_messages={"required": "Choose who leads the action."},
    )
    delegates = PeopleChoiceField(
        label="Delegates",
        queryset=User.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        help_text="People who may update the action as well as the lead.",
    )
    partners = forms.CharField(label="Partners", widget=forms.Textarea, required=False)
    start_date = GovukDateField(label="Start date", noun="Start date", required=False)
    original_due_date = GovukDateField(
        label="Original due date", noun="Original due date", required=False
    )
    recommendations = RecommendationsField(
        label="Inspection recommendations it answers",
        queryset=None,
        required=False,
        widget=GovukCheckboxes,
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(plans=action.plan, is_active=True)
            .filter(
                Q(groups__name__in=[Role.ACTION_OWNER.value, Role.PLAN_MANAGER.value])
                | Q(pk=action.lead_id)
            )
            .distinct()
        )
        self.fields["lead"].queryset = people
        self.fields["delegates"].queryset = people
        self.fields["recommendations"].queryset = action.plan.findings.all()

    @classmethod
    def initial_for(cls, action: Action) -> dict:
        return {
            "version": action.version,
            "title": action.title,
            "description": action.description,
            "success_measures": action.success_measures,
            "lead": action.lead_id,
            "delegates": [user.pk for user in action.delegates.all()],
            "partners": action.partners,
            "start_date": action.start_date,
            "original_due_date": action.original_due_date,
            "recommendations": [rec.pk for rec in action.recommendations.all()],
        }

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("original_due_date")
        if start and due and due < start:
            self.add_error(
                "original_due_date", "The original due date cannot be before the start date."
            )
        lead = data.get("lead")
        if lead and lead in (data.get("delegates") or []):
            self.add_error("delegates", "The lead cannot also be a delegate.")
        return data

    def values(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class RecommendationForm(forms.Form):
    noun = "Recommendation"  # what its messages call it
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example R1. Actions in spreadsheets name recommendations by it.",
        error_messages={"required": "Enter the recommendation's reference."},
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea,
        help_text="What the inspection said needs to improve, in its words.",
        error_messages={"required": "Enter the recommendation."},
    )
    actions = forms.MultipleChoiceField(required=False, label="Actions that answer it")
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args,
        plan: Plan,
        actions: list[Action],
        recommendation: Finding | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.recommendation = recommendation
        self.plan_actions = {str(a.pk): a for a in actions}
        self.fields["actions"].choices = [(pk, str(a)) for pk, a in self.plan_actions.items()]
        self.fields["actions"].error_messages["invalid_choice"] = (
            "Choose actions of this plan only: one you chose is not in it (it may have "
            "been removed). Choose again."
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        others = Finding.objects.filter(plan=self.plan, reference=reference)
        if self.recommendation is not None:
            others = others.exclude(pk=self.recommendation.pk)
        if others.exists():
            raise forms.ValidationError(
                f"{self.noun} {reference} already exists in this plan. Use another reference."
            )
        return reference

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()

    def clean(self):
        cleaned = super().clean()
        cleaned["action_objects"] = [self.plan_actions[pk] for pk in cleaned.get("actions", [])]
        return cleaned

    def chosen(self) -> set[str]:
        return {str(v) for v in (self["actions"].value() or [])}
