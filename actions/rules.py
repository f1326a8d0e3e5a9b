"""The rules an update must follow, in one place for the forms, the model and imports."""

from .models import Rating


def update_needs_slippage_reason(rating: Rating | str | None) -> bool:
    """Amber and Red say why the action slipped."""
    return rating in (Rating.AMBER, Rating.RED)


def update_needs_sign_off(rating: Rating | str | None, rating_before: Rating | str | None) -> bool:
    """An action becomes Blue (completed) only when a plan manager signs it off."""
    return rating == Rating.BLUE and rating_before != Rating.BLUE
