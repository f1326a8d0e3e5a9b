from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

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
