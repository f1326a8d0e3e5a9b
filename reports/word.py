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
"""

import base64
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from lxml import etree
from lxml import html as lxml_html

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
    """The paper as a .docx: the same document template as the PDF, set in Word."""
    html = render_to_string(
        "reports/board_report/document.html", {"doc": doc, "logo_src": doc.logo_data_uri}
    )
    try:
        return _WordWriter(doc).write(html)
    except (ValueError, OSError, etree.LxmlError) as error:
        raise WordRenderError(f"The Word paper could not be made: {error}") from error


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _squash(text: str | None) -> str:
    """HTML's whitespace: runs of spaces and newlines are one space."""
    return re.sub(r"\s+", " ", text or "")


class _WordWriter:
    def __init__(self, doc: ReportDocument):
        from docx import Document

        self.doc = doc
        self.document = Document()
        self.headings = 0
        self.tables = 0
        self._set_styles()
        self._set_page()
        self._set_properties()

    # --- The document as a whole ----------------------------------------------------

    def write(self, html: str) -> RenderedWord:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
        self._blocks(root, self.document)
        output = io.BytesIO()
        self.document.save(output)
        return RenderedWord(
            content=self._steady_zip(output.getvalue()),
            headings=self.headings,
            tables=self.tables,
        )

    def _set_styles(self) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = RGBColor.from_string(TEXT)
        normal.paragraph_format.space_after = Pt(6)
        # The paper's language, for spelling and for screen readers.
        run_properties = normal.element.get_or_add_rPr()
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = run_properties.makeelement(qn("w:lang"), {})
            run_properties.append(language)
        language.set(qn("w:val"), "en-GB")
        for name, size in [("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 11.5)]:
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = RGBColor.from_string(TEXT)
            style.paragraph_format.space_before = Pt(14 if name != "Heading 3" else 10)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = True
            # The template's theme fonts would otherwise win over the name set above.
            fonts = style.element.rPr.find(qn("w:rFonts"))
            if fonts is not None:
                for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    fonts.attrib.pop(qn(attribute), None)
                fonts.set(qn("w:ascii"), FONT)
                fonts.set(qn("w:hAnsi"), FONT)
        caption = styles["Caption"]
        caption.font.name = FONT
        caption.font.size = Pt(9)
        caption.font.bold = True
        caption.font.italic = False
        caption.font.color.rgb = RGBColor.from_string(TEXT)
        caption.paragraph_format.keep_with_next = True

    def _set_page(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Cm, Mm, Pt

        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(24), Mm(20)
        section.left_margin = section.right_margin = Mm(18)
        section.header_distance = section.footer_distance = Mm(10)
        # As in the PDF: the cover has no running header, every page has the footer.
        section.different_first_page_header_footer = True
        right = Cm(CONTENT_WIDTH_CM)
        for header, with_running in [(section.header, True), (section.first_page_header, False)]:
            paragraph = header.paragraphs[0]
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Cm(CONTENT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER
            )
            paragraph.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
            if with_running:
                self._furniture_run(paragraph, self.doc.running_header)
            paragraph.add_run("\t")
            if self.doc.is_draft:
                draft = self._furniture_run(paragraph, "DRAFT")
                draft.bold = True
                draft.font.color.rgb = _rgb(RATING_FILL["red"])
                draft.font.size = Pt(9)
            paragraph.add_run("\t")
            if with_running:
                self._furniture_run(paragraph, self.doc.occasion)
        for footer in (section.footer, section.first_page_footer):
            paragraph = footer.paragraphs[0]
            paragraph.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)
            self._furniture_run(paragraph, self.doc.title)
            self._furniture_run(paragraph, "\tPage ")
            self._field(paragraph, "PAGE")
            self._furniture_run(paragraph, " of ")
            self._field(paragraph, "NUMPAGES")

    def _furniture_run(self, paragraph, text: str):
        from docx.shared import Pt

        run = paragraph.add_run(text)
        run.font.size = Pt(8.5)
        run.font.color.rgb = _rgb(SECONDARY)
        return run

    def _field(self, paragraph, instruction: str) -> None:
        """A field Word fills in as it lays out the pages (PAGE, NUMPAGES)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        for kind, text in [("begin", None), (None, instruction), ("separate", None), ("end", None)]:
            run = self._furniture_run(paragraph, "")
            if kind:
                character = OxmlElement("w:fldChar")
                character.set(qn("w:fldCharType"), kind)
                run._r.append(character)
            else:
                code = OxmlElement("w:instrText")
                code.set(qn("xml:space"), "preserve")
                code.text = f" {text} "
                run._r.append(code)
            if kind == "separate":
                self._furniture_run(paragraph, "1")

    def _set_properties(self) -> None:
        properties = self.document.core_properties
        properties.title = self.doc.document_title
        properties.subject = f"{self.doc.title} for the {self.doc.board_name}"
        properties.author = ", ".join(self.doc.author_names) or "Improvement Board"
        properties.last_modified_by = properties.author
        properties.comments = ""
        properties.keywords = ""
        properties.category = "Board paper"
        properties.language = "en-GB"
        properties.revision = 1
        moment = self.doc.modified or self.doc.created
        if moment is not None:
            naive = moment.astimezone(datetime.UTC).replace(tzinfo=None)
            properties.created = (
                (self.doc.created or moment).astimezone(datetime.UTC).replace(tzinfo=None)
            )
            properties.modified = naive
            properties.last_printed = naive

    def _steady_zip(self, content: bytes) -> bytes:
        """The package again with every member dated from the report, not the clock."""
        moment = self.doc.modified or self.doc.created
        stamp = moment.timetuple()[:6] if moment else (1980, 1, 1, 0, 0, 0)
        output = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(content)) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                member = zipfile.ZipInfo(info.filename, date_time=stamp)
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = 0o644 << 16
                target.writestr(member, source.read(info.filename))
        return output.getvalue()

    # --- Blocks ---------------------------------------------------------------------

    def _blocks(self, element, container) -> None:
        """Set ``element``'s children in ``container`` (the document or a table cell)."""
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag
            classes = _classes(child)
            if tag in ("h1", "h2", "h3", "h4"):
                self._heading(child, container, min(int(tag[1]), 3))
            elif tag == "p":
                self._paragraph(child, container, classes)
            elif tag in ("ul", "ol"):
                self._list(child, container, level=0)
            elif tag == "table":
                self._table(child, container)
            elif tag == "figure":
                self._figure(child, container)
            elif tag == "img":
                self._image(child, container)
            elif tag == "span" and "app-rating__meaning" in classes:
                continue
            else:
                # article, header, section, div: their children are the blocks.
                text = _squash(child.text).strip()
                if text and not any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child):
                    self._paragraph(child, container, classes)
                else:
                    self._blocks(child, container)

    def _heading(self, element, container, level: int) -> None:
        paragraph = container.add_paragraph(style=f"Heading {level}")
        self._inline(element, paragraph)
        _strip_edges(paragraph)
        self.headings += 1

    def _paragraph(self, element, container, classes: set[str]):
        from docx.shared import Pt

        paragraph = container.add_paragraph()
        self._inline(element, paragraph)
        _strip_edges(paragraph)
        if classes & {"app-report__label"}:
            for run in paragraph.runs:
                run.bold = True
                run.font.size = Pt(8.5)
                run.font.color.rgb = _rgb(SECONDARY)
                run.text = run.text.upper()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = True
        elif classes & {"app-report__board"}:
            for run in paragraph.runs:
                run.bold = True
                run.font.size = Pt(21)
                run.text = run.text.upper()
        elif classes & {"app-report__organisation", "app-report__running"}:
            for run in paragraph.runs:
                run.font.color.rgb = _rgb(SECONDARY)
                run.bold = "app-report__organisation" in classes
        elif classes & {"app-report__missing"}:
            for run in paragraph.runs:
                run.italic = True
        elif classes & {"app-report__draft-notice"}:
            for run in paragraph.runs:
                run.font.color.rgb = _rgb(RATING_FILL["red"])
        return paragraph

    def _list(self, element, container, level: int) -> None:
        """A list with its markers written out ("1.", "a.", "(iii)"), so the numbers are
        the PDF's whatever Word's own list numbering would continue from."""
        from docx.shared import Cm

        classes = _classes(element)
        start = int(element.get("start") or 1)
        number = start
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li":
                continue
            paragraph = container.add_paragraph()
            marker = _marker(element.tag, classes, number)
            paragraph.add_run(f"{marker}\t")
            indent = Cm(0.75 + 0.75 * level + (0.25 if "app-list--roman" in classes else 0))
            paragraph.paragraph_format.left_indent = indent
            paragraph.paragraph_format.first_line_indent = -Cm(0.75)
            paragraph.paragraph_format.tab_stops.add_tab_stop(indent)
            paragraph.paragraph_format.space_after = Cm(0.1)
            self._inline(item, paragraph, skip_lists=True)
            _strip_edges(paragraph, keep_first=1)
            for nested in item:
                if isinstance(nested.tag, str) and nested.tag in ("ul", "ol"):
                    self._list(nested, container, level + 1)
            number += 1

    def _figure(self, element, container) -> None:
        svg = element.find(".//{http://www.w3.org/2000/svg}svg")
        if svg is None:
            svg = element.find(".//svg")
        if svg is not None:
            self._chart(svg, container)
        for caption in element.iter("figcaption"):
            paragraph = container.add_paragraph(style="Caption")
            self._inline(caption, paragraph)
            _strip_edges(paragraph)
        for image in element.iter("img"):
            self._image(image, container)

    def _chart(self, svg, container) -> None:
        import cairosvg
        from docx.shared import Cm

        title = svg.find("{http://www.w3.org/2000/svg}title")
        if title is None:
            title = svg.find("title")
        alt = _squash(title.text).strip() if title is not None else ""
        if not alt:
            raise ValueError("the chart has no text alternative")
        markup = etree.tostring(svg)
        if b"xmlns=" not in markup[:200]:
            markup = markup.replace(b"<svg", b'<svg xmlns="http://www.w3.org/2000/svg"', 1)
        # Twice the chart's size, so it stays sharp when printed.
        png = cairosvg.svg2png(bytestring=markup, scale=2)
        paragraph = container.add_paragraph()
        picture = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
        _describe(picture, alt, "Chart")

    def _image(self, element, container) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        source = element.get("src") or ""
        if not source.startswith("data:") or ";base64," not in source:
            return  # only an inlined image is the paper's own (the cover logo)
        data = base64.b64decode(source.split(";base64,", 1)[1])
        paragraph = container.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        picture = paragraph.add_run().add_picture(io.BytesIO(data), height=Cm(2.2))
        _describe(picture, element.get("alt") or "", "Logo")

    # --- Tables ---------------------------------------------------------------------

    def _table(self, element, container) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT

        rows = []  # (row element, is header row, is total row)
        for group in element:
            if not isinstance(group.tag, str):
                continue
            if group.tag == "tr":
                rows.append((group, False, False))
            elif group.tag in ("thead", "tbody", "tfoot"):
                for row in group:
                    if isinstance(row.tag, str) and row.tag == "tr":
                        total = group.tag == "tfoot" or "app-summary-table__total" in _classes(row)
                        rows.append((row, group.tag == "thead", total))
        if not rows:
            return
        caption = element.find("caption")
        caption_text = _squash(caption.text_content()).strip() if caption is not None else ""
        if caption is not None and "govuk-visually-hidden" not in _classes(caption):
            container.add_paragraph(caption_text, style="Caption")
        columns = max(sum(int(c.get("colspan") or 1) for c in _cells(row)) for row, _, _ in rows)
        table = container.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        self._table_properties(table, caption_text)
        widths = _column_widths(element, rows[0][0], columns)
        for index, (row_element, is_header, is_total) in enumerate(rows):
            row = table.rows[index]
            _row_properties(row, repeat=is_header)
            for column, cell_element in enumerate(_cells(row_element)):
                if column >= columns:
                    break
                cell = row.cells[column]
                if widths:
                    cell.width = widths[column]
                self._cell(cell_element, cell, is_header=is_header, is_total=is_total)
        self.tables += 1
        container.add_paragraph()  # space after the table, as the PDF leaves

    def _table_properties(self, table, caption: str) -> None:
        """The caption as the table's alternative text (Word's title and description)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        properties = table._tbl.tblPr
        if caption:
            for name in ("w:tblCaption", "w:tblDescription"):
                element = OxmlElement(name)
                element.set(qn("w:val"), caption[:255])
                properties.append(element)

    def _cell(self, element, cell, *, is_header: bool, is_total: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        classes = _classes(element)
        paragraph = cell.paragraphs[0]
        if any(isinstance(c.tag, str) and c.tag in ("ul", "ol", "p", "div") for c in element):
            # A cell with blocks of its own (rare in the paper): set them inside it.
            self._inline_text_only(element, paragraph)
            self._blocks(element, cell)
        else:
            self._inline(element, paragraph)
        _strip_edges(paragraph)
        numeric = classes & {"govuk-table__header--numeric", "govuk-table__cell--numeric"}
        row_header = element.tag == "th" and not is_header
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            if numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in paragraph.runs:
                if run.font.size is None:
                    run.font.size = Pt(9)
                if is_header:
                    run.bold = True
                    run.font.color.rgb = _rgb("FFFFFF")
                elif (is_total or row_header) and "app-report__action" not in classes:
                    run.bold = True if run.bold is None else run.bold
        if is_header:
            _shade(cell, HEADER_FILL)

    # --- Inline content -------------------------------------------------------------

    def _inline(self, element, paragraph, *, bold=None, italic=None, secondary=False,
                skip_lists=False) -> None:  # fmt: skip
        """Runs for ``element``'s text and inline children, in order."""
        self._text(paragraph, element.text, bold, italic, secondary)
        for child in element:
            if not isinstance(child.tag, str):
                self._text(paragraph, child.tail, bold, italic, secondary)
                continue
            tag = child.tag
            classes = _classes(child)
            if skip_lists and tag in ("ul", "ol"):
                pass
            elif tag == "br":
                paragraph.add_run().add_break()
            elif "govuk-visually-hidden" in classes or child.get("aria-hidden") == "true":
                pass
            elif "govuk-tag" in classes:
                self._tag(child, paragraph)
            elif tag == "a":
                self._link(child, paragraph, bold, italic)
            else:
                if classes & BLOCK_SPANS and paragraph.runs and paragraph.text.strip():
                    _strip_trailing(paragraph)
                    paragraph.add_run().add_break()
                self._inline(
                    child,
                    paragraph,
                    bold=True if tag in ("strong", "b") or "app-report__ref" in classes
                    or "app-report__reason" in classes else bold,
                    italic=True if tag in ("em", "i") else italic,
                    secondary=secondary or bool(classes & SECONDARY_SPANS),
                )  # fmt: skip
                if "app-report__ref" in classes:
                    paragraph.add_run(" ")
            self._text(paragraph, child.tail, bold, italic, secondary)

    def _inline_text_only(self, element, paragraph) -> None:
        self._text(paragraph, element.text, None, None, False)

    def _text(self, paragraph, text, bold, italic, secondary) -> None:
        text = _squash(text)
        current = paragraph.text
        if not current or current.endswith((" ", "\n", "\t")):
            text = text.lstrip(" ")
        if not text:
            return
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if secondary:
            run.font.color.rgb = _rgb(SECONDARY)

    def _tag(self, element, paragraph) -> None:
        """A rating or status tag: its word, bold, on its colour."""
        from docx.shared import Pt

        colour = next(
            (name.removeprefix("app-rating--") for name in _classes(element)
             if name.startswith("app-rating--")),
            "none",
        )  # fmt: skip
        fill, text = TAG_COLOURS.get(colour, TAG_COLOURS["none"])
        run = paragraph.add_run(_squash(element.text_content()).strip())
        run.bold = True
        run.font.size = Pt(8.5)
        run.font.color.rgb = _rgb(text)
        _shade_run(run, fill)

    def _link(self, element, paragraph, bold, italic) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        url = element.get("href") or ""
        text = _squash(element.text_content())
        if not url.startswith(("http://", "https://", "mailto:")):
            self._text(paragraph, text, bold, italic, False)
            return
        relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relationship)
        run = paragraph.add_run(text)
        run.font.color.rgb = _rgb(BRAND)
        run.underline = True
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        hyperlink.append(run._r)
        paragraph._p.append(hyperlink)


# --- Small helpers on python-docx objects ---------------------------------------------


def _rgb(colour: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(_hex(colour))


def _cells(row) -> list:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("th", "td")]


def _column_widths(table, first_row, columns: int) -> list | None:
    """Widths from the print stylesheet's column classes, the rest shared equally."""
    from docx.shared import Cm

    percentages = {
        "app-report__col-action": 32,
        "app-report__col-rating": 11,
        "app-report__col-dates": 21,
    }
    cells = _cells(first_row)
    if len(cells) != columns:
        return None
    fixed = [
        next((percentages[c] for c in _classes(cell) if c in percentages), None) for cell in cells
    ]
    if "app-summary-table" in _classes(table):
        fixed = [None] + [12] * (columns - 1)
    free = [index for index, value in enumerate(fixed) if value is None]
    rest = max(100 - sum(value for value in fixed if value), 10)
    share = rest / len(free) if free else 0
    return [Cm(CONTENT_WIDTH_CM * (value or share) / 100) for value in fixed]


def _row_properties(row, *, repeat: bool) -> None:
    """Rows never split across pages; a header row repeats at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _hex(fill))
    cell._tc.get_or_add_tcPr().append(shading)


def _shade_run(run, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _hex(fill))
    run._r.get_or_add_rPr().append(shading)


def _describe(picture, alt: str, name: str) -> None:
    """The picture's alternative text, as Word's Alt Text pane shows it."""
    properties = picture._inline.docPr
    properties.set("descr", alt)
    properties.set("title", name)
    properties.set("name", name)


def _marker(tag: str, classes: set[str], number: int) -> str:
    if tag == "ul":
        return "•"
    if "app-list--letters" in classes:
        return f"{chr(ord('a') + (number - 1) % 26)}."
    if "app-list--roman" in classes:
        return f"({_roman(number)})"
    return f"{number}."


def _roman(number: int) -> str:
    numerals = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v")]
    numerals += [(4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out += numeral
            number -= value
    return out


def _has_more_than_text(run) -> bool:
    return bool(run._r.xpath("./w:br | ./w:drawing | ./w:tab | ./w:fldChar"))


def _strip_edges(paragraph, keep_first: int = 0) -> None:
    """No space at the start or end of a paragraph (HTML ignores it; Word prints it)."""
    for run in paragraph.runs[keep_first:]:
        if _has_more_than_text(run):
            break
        run.text = run.text.lstrip(" ")
        if run.text:
            break
    _strip_trailing(paragraph)


def _strip_trailing(paragraph) -> None:
    for run in reversed(paragraph.runs):
        if _has_more_than_text(run):
            break
        run.text = run.text.rstrip(" ")
        if run.text:
            break
