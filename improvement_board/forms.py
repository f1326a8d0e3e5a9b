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
