"""The Board paper in Word: the demo progress update read back with python-docx (the
reference table cell for cell, its headings in the PDF's order, header rows that repeat,
the chart with its alternative text), checked as a package and read again by a second
library; and a final report's Word paper kept with its final PDF."""

import io
import posixpath
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from docx.oxml.ns import qn
from docx2python import docx2python
from lxml import etree

from demo.plan import demo_load
from reports.models import BoardReport
from reports.services import (
    report_pdf_document,
)
from reports.word import render_report_word
from tests.reports.test_pdf_demo_report import pdf_text, words
from tests.reports.test_reference_table import REFERENCE_TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_word(django_db_setup, django_db_blocker):
    """The demo's final progress update as a Word paper, with its document, built once."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        demo_load(stdout=io.StringIO())
        report = BoardReport.objects.get(kind=BoardReport.Kind.PROGRESS)
        doc = report_pdf_document(report)
        yield report.pk, doc, render_report_word(doc)
        transaction.set_rollback(True)


def opened(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def headings(document) -> list[tuple[int, str]]:
    return [
        (int(paragraph.style.name.removeprefix("Heading ")), paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading ")
    ]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_summary_table_is_the_reference_table_cell_for_cell(demo_word):
    document = opened(demo_word[2].content)
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "Section of Plan")
    assert cell_texts(summary) == REFERENCE_TABLE


def test_every_heading_is_a_word_heading_in_the_papers_order_and_numbering(demo_word):
    _, doc, rendered = demo_word
    found = headings(opened(rendered.content))
    expected = [(1, doc.title), (2, "Summary")]
    for part in doc.parts:
        expected.append((2, f"{part.number}. {part.heading}"))
        if part.key == "figures":
            expected += [(3, f"{sub.number} {sub.heading}") for sub in doc.figures_subparts]
    expected.append((2, "Appendix: every action by section"))
    expected += [(3, group.title) for group in doc.figures.appendix]
    assert found == expected
    assert (3, "6.4 Impact and performance") in found
    assert (2, "4. External assurance since the last Board") in found
    assert rendered.headings == len(found)


def test_the_headings_come_in_the_same_order_as_in_the_pdf(demo_word):
    from reports.pdf import render_report_pdf

    text = words(pdf_text(render_report_pdf(demo_word[1]).content))
    positions = [text.index(heading) for _, heading in headings(opened(demo_word[2].content))]
    assert positions == sorted(positions)


def test_every_table_has_a_header_row_that_repeats_and_rows_that_do_not_split(demo_word):
    document = opened(demo_word[2].content)
    # Ten of figures and one of risks (the summary under section 3).
    assert len(document.tables) == demo_word[2].tables == 11
    for table in document.tables:
        rows = table._tbl.tr_lst
        first = rows[0].trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        # Each table says what it is (Word's alternative text for a table).
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))


def test_ratings_are_words_in_the_cells_with_their_colour_behind_them(demo_word):
    document = opened(demo_word[2].content)
    exceptions = next(
        t for t in document.tables if t.rows[0].cells[3].text.startswith("Reason for slippage")
    )
    first = exceptions.rows[1].cells
    assert first[0].text.startswith("1.11 Make every child in need")
    assert first[1].text == "Red"
    shading = first[1].paragraphs[0].runs[0]._r.rPr.find(qn("w:shd"))
    assert shading.get(qn("w:fill")) == "CA3535"
    assert first[2].text == "Original: 31 Mar 2020\nRevised: 30 Jun 2020"
    assert {row.cells[1].text for row in exceptions.rows[1:]} == {"Red", "Amber"}


def test_the_chart_is_a_picture_with_the_charts_alternative_text(demo_word):
    document = opened(demo_word[2].content)
    pictures = document.inline_shapes
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert len(descriptions) == 1
    assert descriptions[0] == demo_word[1].figures.chart.alt
    assert "Quality of Practice: 22 actions (1 Blue, 7 Green, 10 Amber, 4 Red)" in descriptions[0]
    image = document.part.related_parts[
        pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert image.content_type == "image/png"
    assert image.blob.startswith(b"\x89PNG")


def test_the_councils_header_and_footer_are_on_the_pages(demo_word):
    section = opened(demo_word[2].content).sections[0]
    header = section.header.paragraphs[0].text
    assert header.startswith("Medway Council Children's Services")
    assert header.endswith("Improvement Board, 23 April 2020")
    assert section.different_first_page_header_footer  # the cover has no running header
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Improvement Plan Progress Update\tPage ")
    assert " PAGE " in footer._p.xml and " NUMPAGES " in footer._p.xml


def test_it_is_titled_dated_from_the_report_and_in_british_english(demo_word):
    properties = opened(demo_word[2].content).core_properties
    assert properties.title == "Improvement Plan Progress Update, Improvement Board 23 April 2020"
    assert properties.author == "Jean Imray, Sue Brunton-Reed"
    assert properties.language == "en-GB"
    assert properties.created.date().isoformat() == "2020-04-06"


def test_the_package_is_whole(demo_word):
    """What Word checks before it offers to repair a file: every part is well-formed XML,
    has a content type, and every internal relationship points at a part that exists."""
    with zipfile.ZipFile(io.BytesIO(demo_word[2].content)) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        defaults = {e.get("Extension") for e in types if e.tag.endswith("Default")}
        overrides = {e.get("PartName").lstrip("/") for e in types if e.tag.endswith("Override")}
        for name in names:
            if name.endswith("/"):
                continue
            assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))
        for name in (n for n in names if n.endswith(".rels")):
            folder = posixpath.dirname(posixpath.dirname(name))
            for relationship in etree.fromstring(package.read(name)):
                if relationship.get("TargetMode") == "External":
                    continue
                target = relationship.get("Target")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                assert path in names, (name, target)


def test_a_second_library_reads_the_same_paper(demo_word):
    with docx2python(io.BytesIO(demo_word[2].content)) as read:
        text = read.text
        header = " ".join(" ".join(map(str, row)) for row in read.header)
    assert "6.4 Impact and performance" in text
    assert "Ideas for direct work over video shared with all teams." in text
    assert "Medway Council Children's Services" in header
    for row in REFERENCE_TABLE[1:]:
        assert row[0] in text


def test_the_same_report_gives_the_same_bytes(demo_word):
    assert render_report_word(demo_word[1]).content == demo_word[2].content


def test_the_command_writes_word_when_the_output_ends_docx(demo_word, tmp_path):
    output = tmp_path / "report.docx"
    stdout = io.StringIO()
    call_command("board_report", "--as-at", "2020-04-23", "--output", str(output), stdout=stdout)
    assert "Word, 20 headings and 11 tables" in stdout.getvalue()
    assert output.read_bytes() == demo_word[2].content
    with pytest.raises(CommandError, match=r"must end \.pdf .* or \.docx"):
        call_command("board_report", "--as-at", "2020-04-23", "--output", str(tmp_path / "a.doc"))


def test_a_paper_from_the_data_alone_has_no_board_date(demo_word, tmp_path):
    output = tmp_path / "data.docx"
    call_command(
        "board_report", "--as-at", "2020-01-31", "--data-only", "--no-appendix",
        "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    document = opened(output.read_bytes())
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Figures as at 31 January 2020" in text
    assert "IMPROVEMENT BOARD DATE" not in text
    assert document.sections[0].header.paragraphs[0].text.endswith("Figures as at 31 January 2020")


def test_the_external_assurance_section_is_in_the_word_paper(demo_word):
    text = "\n".join(paragraph.text for paragraph in opened(demo_word[2].content).paragraphs)
    assert "Ofsted monitoring visit (Ofsted): postponed from 18/19 March 2020." in text
