from django import forms

from reports.forms import GovukFormMixin

from .models import ApiToken


class ApiTokenForm(GovukFormMixin, forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example “Power BI performance report”. Only you see it, in the list "
        "below, so you know which token to revoke.",
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter what the token is for")
        if ApiToken.objects.live().filter(user=self.user, name__iexact=name).exists():
            raise forms.ValidationError(
                "You already have a token with this name: choose another, or revoke that one"
            )
        return name
