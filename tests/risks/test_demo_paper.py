"""The demo's risk and issue log in the Board paper of 23 April 2020: section 3 drafted
from the log names the reference paper's issues, each with the actions it affected and
their ratings that day; the risk summary table is in the paper and in its Word copy."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from actions.models import Action
from improvement_board.models import User
from reports.models import BoardMeeting, BoardReport
from reports.report_content import report_document, unsaved_report_document
from reports.services import board_report_create
from reports.word import render_report_word
from tests.reports.test_known_then_demo import demo  # noqa: F401  (the demo, loaded once)

BOARD = datetime.date(2020, 4, 23)
SEED = json.loads((Path(__file__).parents[2] / "demo/data/risks.json").read_text())
ISSUES = [row for row in SEED if row["kind"] == "issue"]

pytestmark = pytest.mark.django_db


def _ratings_on_board_day(plan, references) -> dict[str, str]:
    actions = Action.objects.in_plan(plan).filter(reference__in=references)
    return {
        a.reference: a.rating_as_at.capitalize()
        for a in actions.with_standing_as_at(BOARD)
        if a.rating_as_at
    }


def test_section_3_lists_the_seeds_issues_each_with_the_actions_it_affected(demo):  # noqa: F811
    doc = unsaved_report_document(plan=demo, as_at=BOARD)
    section = next(part for part in doc.parts if part.key == "issues")
    html = str(section.narrative.html)
    assert len(ISSUES) == 3
    for issue in ISSUES:
        assert issue["title"] in html
        ratings = _ratings_on_board_day(demo, issue["actions"])
        for reference in issue["actions"]:
            action = Action.objects.get(plan=demo, reference=reference)
            assert f"{reference} {action.title} ({ratings[reference]})" in html
    # The Covid-19 issue says what it postponed, as the reference paper does.
    assert "Ofsted monitoring visit of 18/19 March" in html


def test_a_new_draft_starts_with_section_3_from_the_log_for_the_manager_to_edit(demo):  # noqa: F811
    draft = board_report_create(
        meeting=BoardMeeting.objects.get(plan=demo, date=BOARD),
        kind=BoardReport.Kind.PROGRESS,
        title="Improvement Plan Progress Update (redraft)",
        as_at=BOARD,
        period_start=datetime.date(2020, 3, 19),
        authors="Jean Imray, Assistant Director",
        created_by=User.objects.get(username="manager"),
    )
    assert draft.issues.startswith("The following issues have delayed progress")
    assert "**Partner in Practice: false start with Ealing and Oxfordshire.**" in draft.issues
    assert "5.01 Secure a Partner in Practice (Blue)" in draft.issues


def test_the_paper_and_its_word_copy_carry_the_risk_summary(demo):  # noqa: F811
    report = BoardReport.objects.get(meeting__plan=demo, kind=BoardReport.Kind.PROGRESS)
    doc = report_document(report)
    rows = [(row.reference, row.score, row.trend) for row in doc.risk_summary]
    # Highest first; trends since the Board of 19 March 2020.
    assert rows[:3] == [("R2", 16, "No change"), ("R3", 16, "Rising"), ("R5", 15, "Falling")]
    word = render_report_word(doc)
    with zipfile.ZipFile(io.BytesIO(word.content)) as docx:
        text = docx.read("word/document.xml").decode()
    assert "Risk summary as at 23 April 2020" in text
    assert "The move to Mosaic disrupts case recording and performance reporting" in text


def test_the_dashboard_shows_open_issues_and_high_risks_as_at_the_board(demo, client):  # noqa: F811
    client.force_login(User.objects.get(username="board"))
    response = client.get(reverse("reports:dashboard", args=[demo.slug]), {"as_at": "2020-04-23"})
    panel = response.context["risks"]
    assert [risk.reference for risk in panel.issues] == ["I1", "I2", "I3"]
    assert [risk.reference for risk in panel.high_risks] == ["R2", "R3", "R5"]
    before_covid = client.get(
        reverse("reports:dashboard", args=[demo.slug]), {"as_at": "2020-03-01"}
    ).context["risks"]
    assert [risk.reference for risk in before_covid.issues] == ["I1", "I2"]
