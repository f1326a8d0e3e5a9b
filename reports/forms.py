"""Forms for Board meetings and reports. Every error reaches the GOV.UK error summary."""

from django import forms
from django.utils import timezone

from improvement_board.forms import GovukDateField

from .models import NARRATIVE_FIELDS, BoardMeeting, BoardReport


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, and error classes to fields that failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                css = "govuk-file-upload"
            else:
                css = "govuk-input"
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "").split()[0:1]
                if css and css[0] in ("govuk-input", "govuk-textarea", "govuk-select"):
                    widget.attrs["class"] += f" {css[0]}--error"


class BoardMeetingForm(GovukFormMixin, forms.Form):
    date = GovukDateField(
        label="Date of the meeting",
        noun="Date of the meeting",
        error_messages={"required": "Enter the date of the meeting."},
    )
    title = forms.CharField(
        label="Meeting",
        max_length=200,
        initial="Improvement Board",
        error_messages={"required": "Enter the meeting's name, e.g. Improvement Board."},
    )
    board_name = forms.CharField(
        label="Board, as printed at the top of its papers",
        max_length=200,
        initial="Children's Improvement Board",
        error_messages={"required": "Enter the Board's name."},
    )


def authors_from_text(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


class ReportDetailsMixin(forms.Form):
    title = forms.CharField(
        label="Report title",
        max_length=200,
        error_messages={"required": "Enter the report's title."},
    )
    as_at = GovukDateField(
        label="Figures as at",
        noun="The “figures as at” date",
        help_text="The figures are what was true at the end of this day. For example, 23 4 2020.",
        error_messages={"required": "Enter the date the figures are taken at."},
    )
    period_start = GovukDateField(
        label="Movement counted from",
        noun="The “movement counted from” date",
        help_text="Usually the previous Board meeting. Ratings changed and actions "
        "completed since this day are listed. For example, 26 3 2020.",
        error_messages={"required": "Enter the date movement is counted from."},
    )
    authors = forms.CharField(
        label="Report authors",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line: name, a comma, then job title. For example: "
        "Jean Imray, Assistant Director",
        error_messages={"required": "Enter at least one author."},
    )
    running_header = forms.CharField(
        label="Running header",
        max_length=200,
        required=False,
        help_text="Printed at the top of every page, for example “Medway Council "
        "Children's Services”. Leave empty to use the plan's organisation.",
    )
    include_appendix = forms.BooleanField(
        label="Include the appendix: every action by section, with its rating and latest "
        "commentary",
        required=False,
    )

    def clean_authors(self) -> str:
        authors = authors_from_text(self.cleaned_data["authors"])
        for line in authors.splitlines():
            name, _, job_title = line.partition(",")
            if not name.strip():
                raise forms.ValidationError(f"“{line}” has no name before the comma.")
        if not authors:
            raise forms.ValidationError("Enter at least one author.")
        return authors

    def clean(self):
        cleaned = super().clean()
        as_at, start = cleaned.get("as_at"), cleaned.get("period_start")
        if as_at and as_at > timezone.localdate():
            self.add_error("as_at", "The “as at” date cannot be in the future.")
        if as_at and start and start > as_at:
            self.add_error(
                "period_start", "Movement must be counted from a day on or before the “as at” date."
            )
        return cleaned


class BoardReportCreateForm(GovukFormMixin, ReportDetailsMixin):
    meeting = forms.ModelChoiceField(
        label="Board meeting",
        queryset=BoardMeeting.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose the Board meeting the report is for.",
            "invalid_choice": "Choose one of the plan's Board meetings.",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of report",
        choices=BoardReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of report."},
    )
    start_from = forms.ModelChoiceField(
        label="Start from the narrative of",
        queryset=BoardReport.objects.none(),
        required=False,
        empty_label="Nothing: start with empty sections",
        help_text="The narrative is copied into the new draft for you to edit.",
        error_messages={"invalid_choice": "Choose one of the plan's reports."},
    )

    field_order = ["meeting", "kind", "title", "as_at", "period_start", "authors"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = BoardMeeting.objects.for_plan(plan).order_by("-date")
        self.fields["start_from"].queryset = (
            BoardReport.objects.for_plan(plan).select_related("meeting").order_by("-as_at", "-pk")
        )
        self.fields["start_from"].label_from_instance = lambda r: (
            f"{r.title} ({r.meeting.date:%-d %B %Y}, {r.get_status_display().lower()})"
        )
        self.fields["kind"].widget.attrs["class"] = "govuk-radios__input"


class BoardReportEditForm(GovukFormMixin, ReportDetailsMixin):
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the report is for, in a paragraph or two.",
    )
    introduction = forms.CharField(
        label="1. Introduction", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    progress = forms.CharField(
        label="2. Progress", required=False, widget=forms.Textarea(attrs={"rows": 16})
    )
    issues = forms.CharField(
        label="3. Specific issues that have delayed progress",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    assurance = forms.CharField(
        label="4. External assurance since the last Board",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Drafted from the plan's assurance calendar: each event since the "
        "previous Board, and any still postponed, with its status and findings. Edit it as "
        "the Board should read it.",
    )
    future_revisions = forms.CharField(
        label="5. Future revisions to the plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    next_steps = forms.CharField(
        label="7. Next steps", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    recommendations = forms.CharField(
        label="8. Recommendations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The Board is asked to… One recommendation a line; they are numbered for you.",
    )
    logo = forms.ImageField(
        label="Cover logo (optional)",
        required=False,
        help_text="A PNG or JPEG of the council's logo, printed on the cover.",
        error_messages={
            "invalid_image": "The logo must be a PNG or JPEG image. The file chosen is not "
            "an image or is damaged."
        },
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report: BoardReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if report.kind == BoardReport.Kind.MONTHLY:
            for name in set(NARRATIVE_FIELDS) - set(report.narrative_fields):
                del self.fields[name]
            self.fields["next_steps"].label = "Next steps"
            del self.fields["include_appendix"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The logo must be smaller than 2 MB.")
        image = getattr(logo, "image", None) if logo else None
        if image is not None and image.format not in ("PNG", "JPEG"):
            raise forms.ValidationError("The logo must be a PNG or JPEG image.")
        return logo

    @property
    def narrative_field_names(self) -> list[str]:
        return [name for name in NARRATIVE_FIELDS if name in self.fields]


class ConfirmVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
