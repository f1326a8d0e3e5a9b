"""Every refusal and error is a page in the service's style that says what happened and
what to do: 403, 404, 400, 500 and a form sent without a valid token."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def assert_service_page(page, status_heading: str):
    """The service's own layout (header, footer, its stylesheet), not a bare error."""
    assert page.locator("h1").inner_text() == status_heading
    assert page.locator(".govuk-generic-header").is_visible()
    assert page.locator(".govuk-footer").is_visible()
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('h1')).fontFamily"
    ).startswith("Arial")
    assert page.title().endswith("– Improvement Board")


@pytest.mark.parametrize("width", [390, 1280])
def test_refusals_and_missing_pages_explain_themselves(demo, visitor, width):
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})
    visitor.sign_in("owner")

    for path in ("/plans/", "/audit/", "/imports/new/", "/board-reports/new/"):
        response = page.goto(visitor.url(path))
        assert response.status == 403, path
        assert_service_page(page, "You do not have permission to see this page")
        assert "Only plan managers" in page.locator("main").inner_text()
        # The council is named in the header though the page shows no plan.
        assert "Medway Council" in page.locator("header").inner_text()
        visitor.check(f"403 {path}")

    response = page.goto(visitor.url("/actions/999999/"))
    assert response.status == 404
    assert_service_page(page, "Page not found")
    assert "check you copied the entire address" in page.locator("main").inner_text()
    visitor.check("404")
    visitor.follow("Go to your plans")
    assert page.locator("h1").inner_text() == "Children's Services Improvement Plan"


def test_a_board_member_refused_a_change_is_told_nothing_changed(demo, visitor):
    page = visitor.page
    visitor.sign_in("board")
    response = page.goto(visitor.url("/indicators/enter/"))
    assert response.status == 403
    assert_service_page(page, "You do not have permission to see this page")
    assert "they do not enter values" in page.locator("main").inner_text()
    visitor.check("403 for a Board member")


def test_a_bad_request_and_a_failure_get_pages_of_their_own(demo, visitor, settings):
    settings.ROOT_URLCONF = "tests.e2e.error_urls"
    page = visitor.page
    visitor.sign_in("manager")

    response = page.goto(visitor.url("/test-errors/400/"))
    assert response.status == 400
    assert_service_page(page, "Sorry, there is a problem with the request")
    visitor.check("400")

    response = page.goto(visitor.url("/test-errors/500/"))
    assert response.status == 500
    assert_service_page(page, "Sorry, there is a problem with the service")
    assert "may not have been saved" in page.locator("main").inner_text()
    visitor.check("500")


def test_a_form_sent_with_an_expired_token_says_what_to_do(demo, visitor):
    page = visitor.page
    visitor.goto("/accounts/login/")
    # As if the page had been open across a sign-out elsewhere: its token no longer holds.
    page.context.clear_cookies()
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password", exact=True).fill("improvement-demo")
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.get_by_role("button", name="Sign in").click()
    assert sent.value.status == 403
    page.wait_for_load_state()
    assert_service_page(page, "Your form could not be sent")
    assert "Nothing was saved" in page.locator("main").inner_text()
    visitor.check("CSRF failure")
