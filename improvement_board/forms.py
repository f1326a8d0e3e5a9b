import datetime
import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

USERNAME_MAX_LENGTH = 150


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct username and password. Both are case-sensitive, "
            "and several failed attempts in a row will lock the account for a few minutes."
        ),
        "inactive": "This account has been closed. Ask your plan manager if you need access.",
    }

    def clean_username(self) -> str:
        # AuthenticationForm sets the field's max_length after its validators are made, so
        # an over-long name would otherwise reach authenticate(), the lockout records
        # (255 characters at most) and the audit trail.
        username = self.cleaned_data["username"]
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValidationError(
                f"Enter a username of {USERNAME_MAX_LENGTH} characters or fewer.",
                code="max_length",
            )
        return username


class CodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
    refused_message = (
        "Enter the 6-digit code your authenticator app shows now. Each code works once; "
        "if it has just been used, wait for the next one."
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


class ReplaceAppForm(CodeForm):
    """Moving to a new phone: the old app's code first, so that a session left open
    cannot be used to put someone else's phone in its place."""

    current_code = forms.CharField(
        label="Code from the app you use now",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from the app you use now"},
    )
    current_refused_message = (
        "Enter the 6-digit code the app you use now shows. Each code works once."
    )
    field_order = ["current_code", "code"]

    def clean_current_code(self) -> str:
        code = "".join(self.cleaned_data["current_code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes given when two-step verification was set up."""

    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
    )
    refused_message = (
        "That recovery code is not right, or has been used. Each code works once: "
        "check you have typed it as written, like 1a2b3-c4d5e."
    )


# --- Dates -------------------------------------------------------------------------------
# Every date a person types is a GOV.UK date input: day, month and year boxes, in that
# order. A form adopts it with ``GovukDateField`` and draws it with
# ``{% load govuk_dates %}{% date_input form.field %}`` (or ``form.field.as_field_group``);
# a GET form, such as the "as at" date of the reading pages, with ``{% date_query_input %}``.

DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def date_parts(value) -> dict[str, str]:
    """Day, month and year as strings: from a date, from the three boxes as typed, or from
    "d/m/yyyy" or "yyyy-mm-dd" text (how a date the page could not use comes back)."""
    if isinstance(value, datetime.date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, dict):
        return {part: str(value.get(part, "")) for part, _, _ in DATE_PARTS}
    text = str(value or "").strip()
    if "/" in text:
        day, _, rest = text.partition("/")
        month, _, year = rest.partition("/")
        return {"day": day, "month": month, "year": year}
    if re.fullmatch(r"\d*-\d*-\d*", text):
        year, month, day = text.split("-")
        return {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}
    return {"day": "", "month": "", "year": ""}


def date_boxes(name: str, id_: str, value, *, invalid: bool) -> list[dict]:
    """The three inputs of a date input, ready for templates/includes/date_input.html."""
    parts = date_parts(value)
    return [
        {
            "name": f"{name}-{part}",
            "id": f"{id_}-{part}",
            "label": label,
            "value": parts[part],
            "width": width,
            "invalid": invalid,
        }
        for part, label, width in DATE_PARTS
    ]


def date_from_parts(parts: dict[str, str], noun: str) -> datetime.date | None:
    """The date the three boxes give, None if all are empty, else a GOV.UK error message."""
    given = {part: (parts.get(part) or "").strip() for part, _, _ in DATE_PARTS}
    if not any(given.values()):
        return None
    if missing := [part for part, text in given.items() if not text]:
        raise ValidationError(f"{noun} must include a {' and '.join(missing)}.")
    if not all(text.isdigit() for text in given.values()):
        raise ValidationError(f"{noun} must be a real date, in numbers.")
    if len(given["year"]) != 4:
        raise ValidationError("Year must include 4 numbers, for example 2020.")
    try:
        return datetime.date(int(given["year"]), int(given["month"]), int(given["day"]))
    except (ValueError, OverflowError):  # a 20-digit day overflows the C int
        raise ValidationError(f"{noun} must be a real date.") from None


class DateInput(forms.Widget):
    """The GOV.UK date input: day, month and year boxes named <name>-day, -month, -year.

    The value is kept as the three strings typed, so a wrong date comes back exactly as
    it was entered.
    """

    template_name = "includes/date_input_widget.html"
    # The fieldset, not each box, carries the hint: Django leaves the boxes alone.
    use_fieldset = True

    def value_from_datadict(self, data, files, name) -> dict[str, str]:
        return {part: data.get(f"{name}-{part}", "").strip() for part, _, _ in DATE_PARTS}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}-{part}" in data for part, _, _ in DATE_PARTS)

    def format_value(self, value) -> dict[str, str]:
        return date_parts(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id") or name
        invalid = context["widget"]["attrs"].get("aria-invalid") == "true"
        context["widget"]["boxes"] = date_boxes(name, id_, value, invalid=invalid)
        return context

    def id_for_label(self, id_: str) -> str:
        # Errors take the reader to the first box of the date.
        return f"{id_}-day" if id_ else id_


class GovukDateField(forms.Field):
    """A date typed in a GOV.UK date input, day first.

    ``noun`` begins its error messages ("Date of the meeting must include a month"; the
    label by default); ``allow_future=False`` refuses a day after today.
    """

    widget = DateInput
    template_name = "includes/date_input_field.html"

    def __init__(self, *, noun: str = "", allow_future: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.noun = noun or str(self.label or "Date")
        self.allow_future = allow_future

    def to_python(self, value) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        date = date_from_parts(date_parts(value), self.noun)
        if date is not None and not self.allow_future and date > timezone.localdate():
            raise ValidationError(f"{self.noun} cannot be in the future.")
        return date

    def validate(self, value) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


def form_errors_from(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that asked for the write.

    Services validate with ``full_clean()`` (errors keyed by model field) or raise a plain
    message. A key that names one of the form's fields lands beside that field; anything
    else (a model field the form does not show, ``__all__``, a message with no key) goes
    to the form's own errors, so no refusal is lost because the form is narrower than the
    model.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
