"""The Board paper's parts set in Word (``reports/word.py`` is the entry point): each
block of the paper's HTML (headings, paragraphs, lists, figures and the chart, tables)
and its inline content (text, rating and status tags, links), written into the document
``word_document.py`` sets up.
"""

import base64
import io
import re

from lxml import etree

from .paper_chart import RATING_FILL
from .word import (
    BLOCK_SPANS,
    BLOCK_TAGS,
    BRAND,
    CONTENT_WIDTH_CM,
    HEADER_FILL,
    SECONDARY,
    SECONDARY_SPANS,
    TAG_COLOURS,
)
from .word_document import WordDocument, describe, rgb, shade, shade_run


class WordPaper(WordDocument):
    """The paper's HTML, block by block, in the document."""

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
                run.font.color.rgb = rgb(SECONDARY)
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
                run.font.color.rgb = rgb(SECONDARY)
                run.bold = "app-report__organisation" in classes
        elif classes & {"app-report__missing"}:
            for run in paragraph.runs:
                run.italic = True
        elif classes & {"app-report__draft-notice"}:
            for run in paragraph.runs:
                run.font.color.rgb = rgb(RATING_FILL["red"])
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
        describe(picture, alt, "Chart")

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
        describe(picture, element.get("alt") or "", "Logo")

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
                    run.font.color.rgb = rgb("FFFFFF")
                elif (is_total or row_header) and "app-report__action" not in classes:
                    run.bold = True if run.bold is None else run.bold
        if is_header:
            shade(cell, HEADER_FILL)

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
            run.font.color.rgb = rgb(SECONDARY)

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
        run.font.color.rgb = rgb(text)
        shade_run(run, fill)

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
        run.font.color.rgb = rgb(BRAND)
        run.underline = True
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        hyperlink.append(run._r)
        paragraph._p.append(hyperlink)


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _squash(text: str | None) -> str:
    """HTML's whitespace: runs of spaces and newlines are one space."""
    return re.sub(r"\s+", " ", text or "")


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
