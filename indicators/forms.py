import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from .formatting import format_measure
from .models import Indicator, IndicatorValue, Unit
from .periods import add_months, current_period, parse_period, period_key, period_label
from .status import Status
from .values import ValueEntry, off_target_message, parse_value

MAX_UPLOAD_BYTES = 1024 * 1024


class PeriodForm(forms.Form):
    """The month an entry sheet is for: ``?period=2020-03``."""

    period = forms.CharField(label="Month", required=False)

    def clean_period(self) -> datetime.date:
        raw = self.cleaned_data["period"]
        if not raw:
            return default_entry_period()
        period = parse_period(raw)
        if period is None:
            raise ValidationError("Enter the month as a year and month, like 2020-03")
        if period > current_period():
            raise ValidationError(
                f"{period_label(period)} is in the future: choose a month up to now"
            )
        return period


def default_entry_period() -> datetime.date:
    """Last month: values are usually entered once the month is over."""
    return add_months(current_period(), -1)


def month_choices(selected: datetime.date, count: int = 24) -> list[tuple[str, str]]:
    now = current_period()
    months = [add_months(now, -i) for i in range(count)]
    if selected not in months and selected <= now:
        months.append(selected)
        months.sort(reverse=True)
    return [(period_key(month), period_label(month)) for month in months]


class IndicatorValueForm(forms.Form):
    """One indicator's value and commentary for the month, on the entry sheet."""

    value = forms.CharField(required=False, max_length=40)
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # The value in force when the page was opened, to spot someone else's change.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        indicator: Indicator,
        period: datetime.date,
        current: IndicatorValue | None,
        previous: IndicatorValue | None,
        **kwargs,
    ):
        self.indicator = indicator
        self.period = period
        self.current = current
        self.previous = previous
        kwargs.setdefault("prefix", f"indicator-{indicator.pk}")
        kwargs.setdefault(
            "initial",
            {
                "value": format_measure(current.value, Unit.NUMBER) if current else "",
                "commentary": current.commentary if current else "",
                "seen": str(current.pk) if current else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["value"].label = f"Value for {period_label(period)}"
        self.fields["value"].widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["commentary"].label = "Commentary"

    def clean_value(self) -> Decimal | None:
        raw = self.cleaned_data["value"]
        if not raw.strip():
            if self.current is not None:
                raise ValidationError(
                    f"Enter {self.indicator.name} for {period_label(self.period)}: a recorded "
                    f"value can be corrected but not removed (it was "
                    f"{format_measure(self.current.value, self.indicator.unit)})"
                )
            return None
        return parse_value(raw, self.indicator)

    def clean_seen(self) -> int | None:
        raw = self.cleaned_data["seen"]
        return int(raw) if raw.isdigit() else None

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        commentary = (cleaned.get("commentary") or "").strip()
        if "value" in self.errors:
            return cleaned
        if value is None and commentary:
            self.add_error(
                "value",
                f"Enter {self.indicator.name} for {period_label(self.period)}, "
                "or clear its commentary",
            )
        elif (
            value is not None
            and self.indicator.status_for(value) == Status.OFF_TARGET
            and not commentary
        ):
            self.add_error("commentary", off_target_message(self.indicator, value))
        return cleaned

    def mark_stale(self, current: IndicatorValue | None) -> None:
        """Someone else changed the month's value: say so, keep what this user typed,
        and let their next save build on the value now in force."""
        self.current = current
        self.data = self.data.copy()
        self.data[self.add_prefix("seen")] = str(current.pk) if current else ""
        recorded = (
            f"was recorded as {format_measure(current.value, self.indicator.unit)} by "
            f"{current.entered_by}"
            if current
            else "changed"
        )
        self.add_error(
            "value",
            f"{self.indicator.name} for {period_label(self.period)} {recorded} after you "
            "opened this page. Check the value and save again",
        )

    def entry(self) -> ValueEntry | None:
        """What to record, or None when nothing was entered or changed."""
        value = self.cleaned_data.get("value")
        if value is None:
            return None
        commentary = self.cleaned_data["commentary"].strip()
        if self.current and self.current.value == value and self.current.commentary == commentary:
            return None
        return ValueEntry(
            indicator=self.indicator,
            period=self.period,
            value=value,
            commentary=commentary,
            expected_current=self.cleaned_data["seen"],
        )


class EntrySheet:
    """One form for all the user's indicators in a month: an IndicatorValueForm each,
    prefixed by the indicator's id so a changed list of indicators never sends a value
    to the wrong one."""

    def __init__(
        self,
        indicators: list[Indicator],
        period: datetime.date,
        values: list[IndicatorValue],
        data=None,
    ):
        current = {v.indicator_id: v for v in values if v.period == period}
        previous = {v.indicator_id: v for v in values if v.period == add_months(period, -1)}
        self.period = period
        self.forms = [
            IndicatorValueForm(
                data,
                indicator=indicator,
                period=period,
                current=current.get(indicator.pk),
                previous=previous.get(indicator.pk),
            )
            for indicator in indicators
        ]

    def is_valid(self) -> bool:
        # Validate every form, not just up to the first bad one, so the summary lists
        # every problem on the page at once.
        valid = [form.is_valid() for form in self.forms]
        return all(valid)

    def entries(self) -> list[ValueEntry]:
        return [entry for form in self.forms if (entry := form.entry()) is not None]

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the GOV.UK error summary, in page order."""
        return [
            (form[name].id_for_label, message)
            for form in self.forms
            for name, messages in form.errors.items()
            for message in messages
        ]

    def form_for(self, indicator: Indicator) -> IndicatorValueForm:
        return next(form for form in self.forms if form.indicator.pk == indicator.pk)


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The selected file must be smaller than 1MB")
        return upload
