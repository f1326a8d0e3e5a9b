"""An owner's monthly visit to their risks: from My actions to the update form (a score
out of range first), then the risk's page and the log, as at today and at the Board."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_updates_their_risk_and_reads_the_log(demo, visitor):
    from risks.models import Risk

    page = visitor.page
    visitor.sign_in("owner")
    panel = page.locator("#my-risks")
    assert panel.inner_text() == "Your risks and issues"
    visitor.check("my actions with risks")

    visitor.follow("Update R5", check="risk update form")
    page.get_by_label("Likelihood").fill("9")
    page.get_by_label("What has changed").fill(
        "All children rated red seen this week; absence down to 9% as staff return."
    )
    visitor.submit("Save update")
    summary = page.locator(".govuk-error-summary")
    assert "Likelihood must be a whole number from 1 to 5." in summary.inner_text()
    assert page.get_by_label("Likelihood").input_value() == "9", "the input was lost"
    assert "absence down to 9%" in page.get_by_label("What has changed").input_value()
    visitor.check("risk update form with errors")

    page.get_by_label("Likelihood").fill("2")
    visitor.submit("Save update")
    assert "Covid-19 staff absence" in page.locator("h1").inner_text()
    visitor.check("risk page after the update")
    risk = Risk.objects.get(plan=demo, reference="R5")
    assert risk.updates.latest_first().first().score == 10

    visitor.goto(f"/plans/{demo.slug}/risks/")
    rows = page.locator(".app-risk-log tbody tr")
    assert rows.count() == 8
    visitor.goto(f"/plans/{demo.slug}/risks/?as_at=2020-04-23&sort=score")
    assert "as it stood on 23 April 2020" in page.locator(".app-as-at-banner").inner_text()
    first = page.locator(".app-risk-log tbody tr").first.inner_text()
    assert first.startswith("R2")

    # Renamed today: the Board's picture keeps the old title; as known now, the new one,
    # marked restated.
    from risks.services import EDITABLE, risk_edit

    old_title = risk.title
    risk_edit(
        risk=risk,
        request=None,
        values={name: getattr(risk, name) for name in EDITABLE}
        | {"title": "Covid-19 staff absence & shielding – restated after the May review"},
        actions=risk.actions.all(),
        expected_version=risk.version,
    )
    visitor.goto(f"/plans/{demo.slug}/risks/{risk.pk}/?as_at=2020-04-23")
    assert page.locator("h1").inner_text() == old_title
    visitor.goto(f"/plans/{demo.slug}/risks/{risk.pk}/?as_at=2020-04-23&known=now")
    assert "shielding" in page.locator("h1").inner_text()
    assert "Restated since" in page.locator("main").inner_text()
    visitor.check("risk page as known now, restated")
