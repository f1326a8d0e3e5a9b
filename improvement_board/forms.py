from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Enter a correct username and password. Both are case-sensitive, "
            "and several failed attempts in a row will lock the account for a few minutes."
        ),
        "inactive": "This account has been closed. Ask your plan manager if you need access.",
    }
