"""A Board paper as a Word document (.docx), for councils' committee systems.

The Word paper is drawn from the paper's own HTML: the same ``ReportDocument`` rendered by
the same document template as the preview and the PDF. So its content, order and
numbering are the PDF's by construction, and a change to what the paper says is made once,
in the templates and ``report_content``. What this module adds is only how each part of
that HTML is set in Word:

- h1 to h3 become Word's Heading 1 to 3, so the navigation pane and a committee system's
  table of contents work;
- tables become Word tables with their caption as alternative text, a header row that
  repeats on every page, rows that do not split across pages, and row headers in bold;
- a rating or status tag is its word, in bold, on the tag's colour (the colour only
  reinforces the word);
- the chart's SVG becomes a PNG (CairoSVG) with the SVG's title as its alternative text;
- the running header (organisation, Board meeting, DRAFT) and footer (title, page X of
  Y) are Word headers and footers.

Like the PDF, nothing here reads the clock, and the file's dates come from the report, so
the same report gives the same bytes.

This module is the entry point (``render_report_word``) and the styles every part reads:
a new part of the paper that needs its own look in Word adds its class or colour here.
``word_document.py`` sets up the document as a whole (styles, page, header and footer,
properties, steady bytes); ``word_paper.py`` writes the paper's blocks and inline content.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from lxml import etree

from .paper_chart import RATING_FILL, RATING_TEXT
from .report_content import ReportDocument

WORD_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Arial"
TEXT = "0B0C0C"
SECONDARY = "505A5F"
BRAND = "1D70B8"
HEADER_FILL = "1D3A5C"
# Tag colours as print.css draws them: (fill, text).
TAG_COLOURS = {
    **{rating.value: (RATING_FILL[rating], RATING_TEXT[rating]) for rating in RATING_FILL},
    "none": ("#cecece", "#0b0c0c"),
}
# Spans the stylesheet sets on a line of their own inside a table cell.
BLOCK_SPANS = {"app-report__lead", "app-report__date-line", "app-report__direction"}
SECONDARY_SPANS = BLOCK_SPANS | {"app-report__date", "app-report__nil", "app-target__tolerance"}
BLOCK_TAGS = {"p", "div", "ul", "ol", "table", "figure", "h1", "h2", "h3", "h4", "section"}
CONTENT_WIDTH_CM = 17.4  # A4 less the PDF's 18 mm margins


class WordRenderError(Exception):
    """The Word paper could not be made; the message says what failed."""


@dataclass(frozen=True)
class RenderedWord:
    content: bytes
    headings: int
    tables: int


def render_report_word(doc: ReportDocument) -> RenderedWord:
    """The paper as a .docx: the same document template as the PDF, set in Word
    (``word_paper.py`` sets its parts, ``word_document.py`` the document around them)."""
    from .word_paper import WordPaper  # beside this module; it reads the styles above

    html = render_to_string(
        "reports/board_report/document.html", {"doc": doc, "logo_src": doc.logo_data_uri}
    )
    try:
        return WordPaper(doc).write(html)
    except (ValueError, OSError, etree.LxmlError) as error:
        raise WordRenderError(f"The Word paper could not be made: {error}") from error
