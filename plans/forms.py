import datetime
import os

from django import forms
from django.utils import timezone

from actions.models import Action
from improvement_board.forms import GovukDateField

from .importing import MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL
from .models import Plan, Recommendation, Section

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Enter a real date, like 2020-06-01 or 01/06/2020."


class PlanFileForm(forms.Form):
    """A spreadsheet to import. Its bytes are read once, here, within the size cap."""

    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"An Excel workbook (.xlsx) or CSV file, at most {MAX_UPLOAD_LABEL}.",
        error_messages={
            "required": "Select the spreadsheet to import.",
            "empty": "The selected file is empty.",
            "invalid": "Select the spreadsheet to import.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB. The largest file you can "
                f"import is {MAX_UPLOAD_LABEL}: remove other sheets, images or formatting, "
                "or save it as CSV."
            )
        self.file_bytes = upload.read(MAX_UPLOAD_BYTES + 1)
        # Browsers send only the base name, but a hand-made request need not.
        self.file_name = os.path.basename(upload.name.replace("\\", "/"))[:100] or "upload"
        return upload


class NewPlanImportForm(PlanFileForm):
    title = forms.CharField(
        label="Plan title",
        max_length=200,
        help_text="As it appears on Board papers, e.g. Children's Services Improvement Plan.",
        error_messages={"required": "Enter the plan's title."},
    )
    organisation = forms.CharField(
        label="Council",
        max_length=200,
        error_messages={"required": "Enter the council's name."},
    )
    start_date = forms.DateField(
        label="Start date",
        input_formats=DATE_INPUT_FORMATS,
        help_text="The day the plan starts. Ratings in the file count from today, or from "
        "this day if it is later.",
        error_messages={"required": "Enter the day the plan starts.", "invalid": DATE_ERROR},
    )

    field_order = ["title", "organisation", "start_date", "file"]


class ImportConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RefreshForm(forms.Form):
    title = forms.CharField(
        label="Title of the refreshed plan",
        max_length=200,
        error_messages={"required": "Enter the refreshed plan's title."},
    )
    start_date = GovukDateField(
        label="Start date",
        noun="Start date",
        help_text="Carried actions join the refreshed plan on this day, with their current "
        "rating and commentary. For example, 1 6 2020.",
        error_messages={"required": "Enter the day the refreshed plan starts."},
    )
    sections = forms.MultipleChoiceField(required=False)
    actions = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, plan: Plan, sections: list[Section], actions: list[Action], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.plan_sections = {str(s.pk): s for s in sections}
        self.plan_actions = {str(a.pk): a for a in actions}
        self.fields["sections"].choices = [(pk, str(s)) for pk, s in self.plan_sections.items()]
        self.fields["actions"].choices = [(pk, str(a)) for pk, a in self.plan_actions.items()]
        self.fields["sections"].error_messages["invalid_choice"] = (
            "A section you chose is no longer in the plan. Choose again."
        )
        self.fields["actions"].error_messages["invalid_choice"] = (
            "An action you chose is no longer in the plan. Choose again."
        )

    def clean_start_date(self) -> datetime.date:
        start = self.cleaned_data["start_date"]
        if start <= self.plan.start_date:
            raise forms.ValidationError(
                f"The refreshed plan must start after {self.plan.title} did "
                f"({self.plan.start_date.day} {self.plan.start_date:%B %Y})."
            )
        return start

    def clean(self):
        cleaned = super().clean()
        sections = cleaned.get("sections")
        actions = cleaned.get("actions")
        if sections is None or actions is None:
            return cleaned
        chosen = set(sections)
        orphans: dict[str, list[str]] = {}
        for pk in actions:
            action = self.plan_actions[pk]
            if str(action.section_id) not in chosen:
                orphans.setdefault(str(action.section_id), []).append(action.reference)
        for section_pk, references in orphans.items():
            section = self.plan_sections[section_pk]
            self.add_error(
                "sections",
                f"You chose actions {', '.join(references)} but not their section, {section}. "
                "Choose the section too, or untick its actions.",
            )
        cleaned["section_objects"] = [self.plan_sections[pk] for pk in sections]
        cleaned["action_objects"] = [self.plan_actions[pk] for pk in actions]
        return cleaned

    def chosen(self, name: str) -> set[str]:
        """The ids ticked: what was submitted, else what is preselected."""
        value = self[name].value() or []
        return {str(v) for v in value}


def refresh_initial(plan: Plan, sections: list[Section], actions: list[Action]) -> dict:
    # Work still under way carries over; completed (Blue) work stays with the old plan.
    unfinished = [a for a in actions if a.rating != "blue"]
    return {
        "title": plan.title,
        "start_date": timezone.localdate(),
        "sections": [str(s.pk) for s in sections],
        "actions": [str(a.pk) for a in unfinished],
    }


class RecommendationForm(forms.Form):
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
        recommendation: Recommendation | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.recommendation = recommendation
        self.plan_actions = {str(a.pk): a for a in actions}
        self.fields["actions"].choices = [(pk, str(a)) for pk, a in self.plan_actions.items()]
        self.fields["actions"].error_messages["invalid_choice"] = (
            "An action you chose is no longer in the plan. Choose again."
        )

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        others = Recommendation.objects.filter(plan=self.plan, reference=reference)
        if self.recommendation is not None:
            others = others.exclude(pk=self.recommendation.pk)
        if others.exists():
            raise forms.ValidationError(
                f"Recommendation {reference} already exists in this plan. Use another reference."
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
