"""The Word paper's document as a whole (``reports/word.py`` is the entry point): its
styles, page, running header and footer, properties and steady bytes, and the small
helpers on python-docx objects that the paper's parts use too.
"""

import datetime
import io
import zipfile

from lxml import html as lxml_html

from .paper_chart import RATING_FILL
from .report_content import ReportDocument
from .word import CONTENT_WIDTH_CM, FONT, SECONDARY, TEXT, RenderedWord


class WordDocument:
    """The .docx around the paper: styles, page, running header and footer, document
    properties, and bytes that are the same for the same report. ``WordPaper`` (in
    ``word_paper.py``) fills it with the paper's parts (``_blocks``)."""

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
                draft.font.color.rgb = rgb(RATING_FILL["red"])
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
        run.font.color.rgb = rgb(SECONDARY)
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


# --- Small helpers on python-docx objects ---------------------------------------------


def rgb(colour: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_colour(colour))


def shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour(fill))
    cell._tc.get_or_add_tcPr().append(shading)


def shade_run(run, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour(fill))
    run._r.get_or_add_rPr().append(shading)


def describe(picture, alt: str, name: str) -> None:
    """The picture's alternative text, as Word's Alt Text pane shows it."""
    properties = picture._inline.docPr
    properties.set("descr", alt)
    properties.set("title", name)
    properties.set("name", name)


def hex_colour(colour: str) -> str:
    return colour.lstrip("#").upper()
