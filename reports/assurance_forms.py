"""The forms of the assurance pages: an event, and a finding with the actions answering it."""

from django import forms
from django.core.exceptions import ValidationError

from actions.forms import GovukRadios, RecommendationForm
from improvement_board.forms import GovukDateField
from plans.assurance import EVENT_FIELDS, event_fingerprint
from plans.models import AssuranceEvent, Plan

from .forms import GovukFormMixin


def _date(label: str, hint: str) -> GovukDateField:
    return GovukDateField(label=label, required=False, help_text=hint)


class AssuranceEventForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label="What kind of event", choices=AssuranceEvent.Kind.choices)
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, Ofsted monitoring visit, or Essex diagnostic of Early Help.",
        error_messages={"required": "Enter the event's title."},
    )
    led_by = forms.CharField(
        label="Led by",
        max_length=200,
        required=False,
        help_text="Who carries it out, e.g. Ofsted, or Essex County Council.",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=AssuranceEvent.Status.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose the event's status."},
    )
    planned_start = _date(
        "Planned from", "The first day it is planned for. For example, 18 3 2020."
    )
    planned_end = _date("Planned to", "The last day, if it runs over several days.")
    actual_start = _date("Took place from", "Once done: the first day it took place.")
    actual_end = _date("Took place to", "Once done: the last day, if it ran over several days.")
    postponed_reason = forms.CharField(
        label="Why it was postponed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the status is Postponed.",
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What it looked at and what it found.",
    )
    # The event as the form showed it (``plans.assurance.event_fingerprint``).
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The rules are the model's (``AssuranceEvent.clean``): shown here field by field.
        event = AssuranceEvent(plan=self.plan, **self.values())
        try:
            event.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned

    def values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in EVENT_FIELDS}
        for name in ("led_by", "postponed_reason", "summary", "title"):
            values[name] = (values[name] or "").strip()
        return values


def event_initial(event: AssuranceEvent) -> dict:
    return {
        **{name: getattr(event, name) for name in EVENT_FIELDS},
        "fingerprint": event_fingerprint(event),
    }


class FindingForm(RecommendationForm):
    """A finding of an event: as a recommendation, in the event's words."""

    noun = "Finding"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "reference"
        ].help_text = "For example EH1. Unique in the plan, so a spreadsheet can name it."
        self.fields["reference"].error_messages["required"] = "Enter the finding's reference."
        self.fields["text"].label = "Finding"
        self.fields["text"].help_text = "What the event found must improve, in its words."
        self.fields["text"].error_messages["required"] = "Enter the finding."
