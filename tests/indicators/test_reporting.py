"""The "Impact and performance" section the Board's reports include."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from indicators.reporting import impact_rows
from indicators.status import Status
from tests.factories import IndicatorFactory, IndicatorValueFactory
from tests.html import table_rows

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2020, 3, 1)
AS_AT = datetime.date(2020, 3, 31)


@pytest.fixture
def indicators(plan):
    """One of each status, in scorecard order, so the report's order has to differ."""
    made = {}
    for position, (name, value) in enumerate(
        [
            ("On target measure", "18"),
            ("Context measure", "74"),
            ("Within tolerance measure", "21"),
            ("No value yet", None),
            ("Off target measure", "30"),
            ("Second off target measure", "40"),
        ]
    ):
        context = name == "Context measure"
        indicator = IndicatorFactory(
            plan=plan,
            name=name,
            position=position,
            polarity="neither" if context else "lower",
            target=None if context else Decimal("20"),
        )
        if value is not None:
            IndicatorValueFactory(
                indicator=indicator,
                period=MARCH,
                value=Decimal(value),
                commentary=f"About the {name.lower()}.",
            )
        made[name] = indicator
    return made


def test_off_target_indicators_come_first(plan, indicators):
    rows = impact_rows(plan, AS_AT)
    assert [(row.indicator.name, row.status) for row in rows] == [
        ("Off target measure", Status.OFF_TARGET),
        ("Second off target measure", Status.OFF_TARGET),
        ("Within tolerance measure", Status.WITHIN_TOLERANCE),
        ("On target measure", Status.ON_TARGET),
        ("Context measure", Status.NO_TARGET),
        ("No value yet", None),
    ]


def test_it_takes_at_most_three_queries_whatever_the_size(
    plan, indicators, django_assert_max_num_queries
):
    for i in range(30):
        IndicatorValueFactory(
            indicator=IndicatorFactory(plan=plan, name=f"Extra {i}"), period=MARCH, value=1
        )
    with django_assert_max_num_queries(3):
        rows = impact_rows(plan, AS_AT)
        html = render_to_string("indicators/includes/impact_section.html", {"impact_rows": rows})
    assert len(table_rows(html, "app-impact-table")) == 1 + 6 + 30


def test_it_is_as_at_the_date(plan, indicators):
    rows = impact_rows(plan, datetime.date(2020, 2, 29))
    assert {row.status for row in rows} == {None}
    assert all(row.as_at == datetime.date(2020, 2, 29) for row in rows)


def test_the_section_reads_as_the_board_expects(plan, indicators):
    html = render_to_string(
        "indicators/includes/impact_section.html",
        {"impact_rows": impact_rows(plan, AS_AT), "heading_level": 3},
    )
    assert (
        '<h3 class="govuk-heading-m" id="impact-and-performance">Impact and performance</h3>'
        in (html)
    )
    assert "as at 31 March 2020" in html
    rows = table_rows(html, "app-impact-table")
    assert rows[0] == [
        "Indicator",
        "Latest value",
        "Target",
        "Status",
        "Direction of travel",
        "Commentary",
    ]
    assert rows[1][:4] == [
        "Off target measure",
        "30 March 2020",
        "20 or lower Within tolerance to 22",
        "Off target",
    ]
    assert rows[1][5] == "About the off target measure."
    assert rows[-1][1:4] == ["None yet", "20 or lower Within tolerance to 22", "No value yet"]
    assert "style=" not in html
    assert "<a " not in html  # no links unless asked for: it goes into a PDF


def test_a_report_can_number_the_section_itself(plan, indicators):
    html = render_to_string(
        "indicators/includes/impact_section.html",
        {"impact_rows": impact_rows(plan, AS_AT), "omit_heading": True},
    )
    assert "Impact and performance" not in html
    assert "<section" not in html
    assert len(table_rows(html, "app-impact-table")) == 7


def test_the_section_renders_in_a_pdf(plan, indicators):
    import weasyprint
    from pypdf import PdfReader

    html = render_to_string(
        "indicators/includes/impact_section.html", {"impact_rows": impact_rows(plan, AS_AT)}
    )
    pdf = weasyprint.HTML(string=f"<!DOCTYPE html><html lang='en-GB'><body>{html}</body></html>")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.write_pdf())).pages)
    text = " ".join(text.split())
    assert "Impact and performance" in text, text
    assert text.index("Off target measure") < text.index("On target measure"), text
