"""The page where a person makes and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms import ApiTokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Your tokens, and a form for a new one. A new key is shown on this response only:
    it is not stored, so it cannot be shown again."""
    form = ApiTokenForm(request.POST or None, user=request.user)
    new = None
    if request.method == "POST" and form.is_valid():
        try:
            new = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.messages[0])
        else:
            form = ApiTokenForm(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new": new,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only your own tokens: anyone else's does not exist for you.
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    if token.is_revoked:
        messages.info(request, f"The token “{token.name}” was already revoked.")
    else:
        api_token_revoke(token=token)
        messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api:tokens")
