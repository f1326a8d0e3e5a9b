"""A performance officer makes an API token on its page, reads the API's documentation
(Swagger UI, from the app's own files, under the app's Content-Security-Policy), uses the
token, and revokes it."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_is_made_used_and_revoked_and_the_docs_work_under_the_csp(
    demo, visitor, browser, live_server
):
    visitor.sign_in("board")
    visitor.goto("/api/tokens/")
    visitor.page.get_by_label("What is the token for?").fill("Power BI performance report")
    visitor.submit("Make a token", check="token made")
    key = visitor.page.get_by_role("textbox", name="Your token").input_value()
    assert key.startswith("ib_")

    # The docs, with the CSP enforced as the server sends it (no bypass here).
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else 0,
    )
    response = page.goto(live_server.url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/plans/{slug}/actions/" in [p.replace("\u200b", "") for p in paths]
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
    assert outside == []  # no CDN: every file from the app itself

    # The token reads the plan; once revoked, it reads nothing.
    api = context.request
    headers = {"Authorization": f"Token {key}"}
    summary = api.get(
        live_server.url + "/api/plans/medway-improvement-plan/summary/?as_at=2020-04-23",
        headers=headers,
    )
    assert summary.status == 200 and summary.json()[-1]["total"] == 62
    context.close()

    visitor.goto("/api/tokens/")
    visitor.submit("Revoke the token for Power BI performance report", check="revoked")
    assert "it no longer works" in visitor.page.content()
    again = visitor.page.context.request.get(
        live_server.url + "/api/plans/", headers=headers, fail_on_status_code=False
    )
    assert again.status == 401
