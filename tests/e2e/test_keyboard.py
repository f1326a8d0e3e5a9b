"""An action owner posts an update with the keyboard alone, and can always see where the
focus is."""

import pytest

from tests.e2e.conftest import focus_indicator

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 120


def tab_to(page, matches: str, *, arg=None, label: str) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show focus."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = focus_indicator(page)
        seen.append(focus["element"])
        # On the body the focus is in the browser's own controls, between two laps.
        if not focus["element"].startswith("body "):
            assert focus["indicator"], f"no visible focus on {focus['element']} ({label})"
        if page.evaluate(f"arg => {{ const el = document.activeElement; return {matches}; }}", arg):
            return focus
    raise AssertionError(f"{label}: not reached after {MAX_TABS} presses of Tab: {seen[:30]}")


def test_action_owner_posts_an_update_with_the_keyboard_only(demo, visitor):
    from actions.models import Action, Rating

    page = visitor.page
    visitor.goto("/accounts/login/")

    focus = tab_to(page, "el.matches('.govuk-skip-link')", label="skip link")
    assert "Skip to main content" in focus["element"]
    tab_to(page, "el.name === 'username'", label="username")
    page.keyboard.type("owner")
    tab_to(page, "el.name === 'password'", label="password")
    page.keyboard.type("improvement-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    visitor.check("my actions")

    tab_to(
        page,
        "el.textContent.replace(/\\s+/g, ' ').trim() === 'Update 1.05'",
        label="update link for 1.05",
    )
    visitor.screenshot("focus on update link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.check("update form")

    # Tab reaches the first radio of the group; the arrow keys move between the choices.
    tab_to(page, "el.name === 'rating'", label="rating")
    for _ in range(4):
        if page.evaluate("() => document.activeElement.value") == "green":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.get_by_label("Green").is_checked()
    visitor.screenshot("green chosen")
    tab_to(page, "el.name === 'commentary'", label="commentary")
    page.keyboard.type("Strategy discussions held within a day for 94% of children.")
    tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Save update'", label="save")
    with page.expect_navigation():
        page.keyboard.press("Space")
    visitor.check("action 1.05 after the update")

    action = Action.objects.get(plan=demo, reference="1.05")
    assert action.rating == Rating.GREEN
    assert action.updates.order_by("-pk").first().commentary.startswith("Strategy discussions")
