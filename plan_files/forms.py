import datetime
import os

from django import forms
from django.utils import timezone

from actions.models import Action
from improvement_board.forms import GovukDateField
from plans.models import Plan, Section
from plans.organisations import organisation_refusal

from .interpret import FIELDS
from .models import RATING_ANSWERS
from .reading import IGNORE, ColumnReading, WordQuestion
from .sources import MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, too_big_message


class PlanFileForm(forms.Form):
    """A plan file to import. Its bytes are read once, here, within the size cap."""

    file = forms.FileField(
        label="Plan file",
        help_text=f"An Excel workbook (.xlsx), a CSV file or a Word document (.docx) with the "
        f"plan as a table, at most {MAX_UPLOAD_LABEL}. It can be laid out the council's own "
        "way: you will see how every column and word was read before anything is saved.",
        error_messages={
            "required": "Select the plan file to import.",
            "empty": "The selected file is empty.",
            "invalid": "Select the plan file to import.",
        },
    )
    as_at = GovukDateField(
        label="The file shows the plan as at",
        noun="The day the file describes",
        allow_future=False,
        help_text="The day its ratings and commentary describe: today for the plan as it "
        "stands, or the date of a past tracker to bring in its history. For example, "
        "31 3 2020.",
        error_messages={"required": "Enter the day the file describes."},
    )

    field_order = ["file", "as_at"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_big_message(upload.size))
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
    start_date = GovukDateField(
        label="Start date",
        noun="Start date",
        help_text="The day the plan starts. Ratings cannot be dated before it. For example, "
        "1 10 2019.",
        error_messages={"required": "Enter the day the plan starts."},
    )

    field_order = ["title", "organisation", "start_date", "file", "as_at"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_organisation(self) -> str:
        name = " ".join(self.cleaned_data["organisation"].split())
        refusal = organisation_refusal(name, self.user)
        if refusal:
            raise forms.ValidationError(refusal)
        return name

    def clean(self):
        cleaned = super().clean()
        start, as_at = cleaned.get("start_date"), cleaned.get("as_at")
        if start and as_at and as_at < start:
            self.add_error(
                "as_at",
                f"The day the file describes is before the plan starts "
                f"({start.day} {start:%B %Y}). Give a later day, or an earlier start date.",
            )
        return cleaned


class ImportAnswersForm(forms.Form):
    """What a plan manager says about a file: what each column holds, what each word means.

    One choice per column of the plan's table and per rating word the import did not
    know; the answers are kept with the plan for its next import.
    """

    def __init__(
        self, *args, columns: list[ColumnReading], questions: list[WordQuestion], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.column_readings = columns
        self.word_questions = questions
        field_choices = [(IGNORE, "Not read")] + [(key, label) for key, label in FIELDS.items()]
        for index, column in enumerate(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=f"{column.heading} (column {column.letter})",
                choices=field_choices,
                initial=column.field or IGNORE,
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={"invalid_choice": "Choose what the column holds, or Not read."},
            )
        for index, question in enumerate(questions):
            self.fields[f"word_{index}"] = forms.ChoiceField(
                label=f"What does “{question.word}” mean?",
                choices=[("", "Choose a rating"), *RATING_ANSWERS.items()],
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
                help_text=_rows_text(question.rows),
                error_messages={"invalid_choice": "Choose one of the ratings."},
            )

    def column_rows(self):
        """Each column of the table with its choice, for the preview's table."""
        return [
            (column, self[f"column_{index}"]) for index, column in enumerate(self.column_readings)
        ]

    def word_fields(self):
        return [self[f"word_{index}"] for index in range(len(self.word_questions))]

    def answers(self) -> tuple[dict[str, str], dict[str, str]]:
        """What each column holds and what each word means, as the plan manager said.

        Every column is kept, recognised or not: the plan manager has seen them all, and
        the next month's file is then read the same way whatever the import learns.
        """
        columns = {
            column.key: self.cleaned_data[f"column_{index}"]
            for index, column in enumerate(self.column_readings)
        }
        words = {
            question.key: self.cleaned_data[f"word_{index}"]
            for index, question in enumerate(self.word_questions)
            if self.cleaned_data.get(f"word_{index}")
        }
        return columns, words


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:10])
    more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
    return f"Used in row{'s' if len(rows) > 1 else ''} {shown}{more}."


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


class PlaceholderAssignForm(forms.Form):
    """Whom a placeholder's actions go to: a member of the plan who can sign in."""

    person = forms.ChoiceField(
        label="Give their actions to",
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose who takes the actions on.",
            "invalid_choice": "Choose a member of the plan who can sign in.",
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person"), *people]


class RiskLogFileForm(PlanFileForm):
    """A risk and issue log to add to the plan's: the columns the log's export has."""

    as_at = None  # each row carries its own dates
    field_order = ["file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.label = "Risk and issue log file"
        field.help_text = (
            f"An Excel workbook (.xlsx) or CSV file, at most {MAX_UPLOAD_LABEL}, with the "
            "columns of the log's export. Nothing is added unless every row can be."
        )
        field.error_messages["required"] = "Select the file to import."
