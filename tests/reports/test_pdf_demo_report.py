"""The demo's Board paper of 23 April 2020 as a PDF: the reference's numbers, tagged,
titled, in British English, and the same every time it is built."""

import datetime
import hashlib
import io
import os
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from pdfua import Severity, validate
from pypdf import PdfReader

from demo.plan import demo_load
from reports.models import BoardReport
from reports.services import report_pdf_render
from tests.pdf import needs_reproducible_subsetting
from tests.reports.test_pdf_fonts import fonts_used
from tests.reports.test_pdf_ua import TABLE_RULE, table_cells
from tests.reports.test_reference_table import REFERENCE_TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_pdf(django_db_setup, django_db_blocker):
    """Load the demo and build its final progress update once for the module."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        demo_load(stdout=io.StringIO())
        report = BoardReport.objects.get(kind=BoardReport.Kind.PROGRESS)
        yield report.pk, report_pdf_render(report)
        transaction.set_rollback(True)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_summary_of_progress_table_has_the_reference_numbers_row_by_row(demo_pdf):
    text = pdf_text(demo_pdf[1].content)
    start = text.index("RAG ratings for actions in each section of the plan as at 23 April 2020")
    table = words(text[start : text.index("Figure:", start)])
    rows = [words(" ".join(row)) for row in REFERENCE_TABLE]
    # Every row, in the reference's order, with nothing between them.
    assert " ".join(rows) in table
    for row in rows:
        assert row in table


def test_the_paper_reads_like_the_reference(demo_pdf):
    text = words(pdf_text(demo_pdf[1].content))
    for expected in [
        "Medway Council Children's Services",
        "CHILDREN'S IMPROVEMENT BOARD",
        "IMPROVEMENT BOARD DATE 23rd April 2020",
        "REPORT TITLE Improvement Plan Progress Update",
        "Jean Imray, Assistant Director",
        "Sue Brunton-Reed, Head of Special Projects and Improvement",
        "Summary The purpose of this report",
        "1. Introduction",
        "2. Progress",
        "3. Specific issues that have delayed progress",
        "4. External assurance since the last Board",
        "Ofsted monitoring visit (Ofsted): postponed from 18/19 March 2020. Postponed as a "
        "result of Covid-19, two days before inspectors were expected on site.",
        "5. Future revisions to the plan",
        "6. Summary of progress",
        "7. Next steps",
        "8. Recommendations",
        "The Board is asked to:",
        "Movement since the Board meeting on 19 March 2020",
        "Exception report: Red and Amber actions",
        "Appendix: every action by section",
        "Page 1 of",
    ]:
        assert expected in text, expected
    assert text.index("6. Summary of progress") < text.index("7. Next steps")
    # The performance indicators stand inside section 6, off-target ones first.
    impact = text.index("Impact and performance")
    assert text.index("6. Summary of progress") < impact < text.index("7. Next steps")
    assert "Maximum caseload" in text[impact:]


def test_impact_and_performance_is_numbered_in_the_papers_own_sequence(demo_pdf):
    text = words(pdf_text(demo_pdf[1].content))
    headings = [
        "6.1 Movement since the Board meeting on 19 March 2020",
        "6.2 Completed since the Board meeting on 19 March 2020",
        "6.3 Exception report: Red and Amber actions",
        "6.4 Impact and performance",
        "7. Next steps",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_dates_in_tables_stay_on_one_line(demo_pdf):
    text = pdf_text(demo_pdf[1].content)
    tables = text[text.index("Exception report: Red and Amber actions") : text.index("Next steps")]
    assert "Original: 31 Mar 2020\nRevised: 30 Jun 2020" in tables  # action 1.11
    assert "33 \nApril 2020\n" in tables  # the indicator's latest month, under its value
    for month in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Dec"]:
        assert f"{month}\n2020" not in tables
    assert "April\n2020" not in tables


def test_no_line_breaks_inside_a_sentence_the_data_holds_in_one_piece(demo_pdf):
    text = pdf_text(demo_pdf[1].content)
    # Stored as one sentence; the paper broke it after "direct" with room to spare.
    assert "Ideas for direct\nwork" not in text
    assert "direct work over video" in words(text)


def test_it_is_a_tagged_pdf_ua_document_with_title_language_and_chart_alt_text(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf[1].content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert reader.metadata.title == (
        "Improvement Plan Progress Update, Improvement Board 23 April 2020"
    )
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert all(page.mediabox.width == pytest.approx(595.28, abs=0.1) for page in reader.pages)

    figures = []

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node.get("/Alt"))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object") and depth < 60:
                        walk(kid, depth + 1)

    walk(root["/StructTreeRoot"])
    assert figures and figures[0].startswith("Bar chart of the RAG ratings")
    assert "Quality of Practice: 22 actions (1 Blue, 7 Green, 10 Amber, 4 Red)" in figures[0]


def test_the_whole_paper_chart_included_is_set_in_the_font_that_comes_with_it(demo_pdf):
    assert fonts_used(demo_pdf[1].content) == {"Arimo", "Arimo-Bold"}
    # Cover to appendix, with section 3's risk summary and section 4 (External assurance).
    assert demo_pdf[1].page_count == 18


def test_table_headers_repeat_on_every_page_a_table_runs_onto(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf[1].content))
    appendix_pages = [
        words(page.extract_text())
        for page in reader.pages
        if "Latest commentary" in page.extract_text()
    ]
    assert len(appendix_pages) >= 3
    assert all("Action and lead Rating Due date Latest commentary" in p for p in appendix_pages)


def test_the_demo_paper_passes_the_pdf_ua_checker(demo_pdf, tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(demo_pdf[1].content)
    report = validate(str(path))
    problems = [
        f"{finding.rule_id} page {finding.location.page}: {finding.message}"
        for finding in report.findings
        if finding.severity == Severity.ERROR or finding.rule_id == TABLE_RULE
    ]
    assert problems == []
    # The table rule really ran (a rule that fails inside the checker is only "skipped").
    assert TABLE_RULE not in {outcome.rule_id for outcome in report.skipped}
    assert TABLE_RULE in {outcome.rule_id for outcome in report.outcomes}


def test_every_header_cell_in_the_paper_says_what_it_heads(demo_pdf):
    cells = table_cells(demo_pdf[1].content)
    headers = [cell for cell in cells if cell[0] == "/TH"]
    assert len(headers) > 100
    assert {(scope, kind) for _, scope, kind in headers} == {
        ("/Column", "header row"),
        ("/Row", "data row"),
    }


@pytest.mark.skipif(
    shutil.which("pdfinfo") is None,
    reason="pdfinfo is not installed (Debian package poppler-utils)",
)
def test_pdfinfo_reports_tagged_with_a_title(demo_pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(demo_pdf[1].content)
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", ""), "TZ": "UTC"},
    )
    assert "Tagged:          yes" in info.stdout
    assert "Title:           Improvement Plan Progress Update" in info.stdout
    assert "Page size:       595.276 x 841.89 pts (A4)" in info.stdout
    # Dates come from the report, never the clock.
    assert "CreationDate:    2020-04-06T09:00:00+01" in info.stdout
    assert "ModDate:         2020-04-23T08:00:00+01" in info.stdout


@needs_reproducible_subsetting
def test_building_the_final_report_again_gives_the_same_figures_and_bytes(demo_pdf):
    pk, first = demo_pdf
    again = report_pdf_render(BoardReport.objects.get(pk=pk))
    assert pdf_text(again.content) == pdf_text(first.content)
    assert again.page_count == first.page_count
    # Nothing in it reads the clock, so the bytes match too (measured; see README).
    assert hashlib.sha256(again.content).digest() == hashlib.sha256(first.content).digest()


def test_the_command_builds_the_paper_without_a_meeting_on_record(demo_pdf, tmp_path):
    output = tmp_path / "report.pdf"
    stdout = io.StringIO()
    call_command(
        "board_report",
        "--as-at",
        "2020-01-31",
        "--output",
        str(output),
        "--plan",
        "medway-improvement-plan",
        "--no-appendix",
        stdout=stdout,
    )
    assert "no report on record" in stdout.getvalue()
    assert "SHA-256" in stdout.getvalue()
    text = words(pdf_text(output.read_bytes()))
    assert "as at 31 January 2020" in text
    # No Board date is invented for a paper from the data alone.
    assert "Figures as at 31 January 2020 REPORT TITLE" in text
    assert "IMPROVEMENT BOARD DATE" not in text
    assert "Improvement Board, 31 January 2020" not in text
    assert "Movement since the Board meeting on 23 January 2020" in text
    assert "Appendix" not in text


@needs_reproducible_subsetting
def test_the_command_uses_the_report_on_record_for_that_date(demo_pdf, tmp_path):
    output = tmp_path / "report.pdf"
    call_command(
        "board_report", "--as-at", "2020-04-23", "--output", str(output), stdout=io.StringIO()
    )
    assert output.read_bytes() == demo_pdf[1].content


def test_the_command_explains_bad_input(demo_pdf, tmp_path):
    with pytest.raises(CommandError, match="before the plan started"):
        call_command("board_report", "--as-at", "2019-01-01", "--output", str(tmp_path / "a.pdf"))
    with pytest.raises(CommandError, match="must be a date"):
        call_command("board_report", "--as-at", "April", "--output", str(tmp_path / "a.pdf"))
    with pytest.raises(CommandError, match="no plan"):
        call_command(
            "board_report",
            "--as-at",
            "2020-04-23",
            "--output",
            str(tmp_path / "a.pdf"),
            "--plan",
            "nope",
        )


def test_the_monthly_report_from_the_command(demo_pdf, tmp_path):
    output = tmp_path / "monthly.pdf"
    call_command(
        "board_report",
        "--as-at",
        "2020-04-23",
        "--kind",
        "monthly",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = words(pdf_text(output.read_bytes()))
    assert "Director's monthly report" in text
    assert "Ratings changed since the Board meeting on 19 March 2020" in text
    assert "Exceptions: Red and Amber actions" in text
    assert "April's updates show the first completions" in text


def test_the_demo_has_the_monthly_board_meetings(demo_pdf):
    report = BoardReport.objects.get(pk=demo_pdf[0])
    dates = list(report.plan.board_meetings.order_by("date").values_list("date", flat=True))
    assert dates == [
        datetime.date(2019, 11, 21),
        datetime.date(2019, 12, 19),
        datetime.date(2020, 1, 23),
        datetime.date(2020, 2, 20),
        datetime.date(2020, 3, 19),
        datetime.date(2020, 4, 23),
    ]
    assert report.is_final and report.as_at == datetime.date(2020, 4, 23)
