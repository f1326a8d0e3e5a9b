"""Rendering a Board paper to a tagged PDF (PDF/UA-1) with WeasyPrint.

The PDF is rendered from the same document template as the browser preview. WeasyPrint
may fetch nothing but ``data:`` URIs and the paper's own font files, so a report can never
make the server reach out to another address or read another file. The paper brings its
font, so it is the same on every server whatever fonts that server has. Any error
WeasyPrint reports while rendering (an image it cannot read, an image with no text
alternative) fails the build rather than passing unnoticed.
"""

import base64
import functools
import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from PIL import Image, UnidentifiedImageError

from .report_content import ReportDocument

PDF_VARIANT = "pdf/ua-1"

# WeasyPrint logs every layout step at INFO; in the worker's log that buries the lines
# that matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
# Arimo and the Noto fallbacks for the scripts it lacks, copied here from npm by
# scripts/build-static.sh; print.css's @font-face rules ask for each file as font:NAME.
FONTS_DIR = Path(__file__).resolve().parent / "fonts"


class PdfRenderError(Exception):
    """The PDF could not be made; the message says what failed, for the person who asked."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    render_seconds: float  # WeasyPrint's own share: layout and writing the PDF


class _ErrorCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def logo_data_uri(file) -> str:
    """The logo as a ``data:`` URI, after checking it is an image WeasyPrint can draw."""
    name = getattr(file, "name", "the logo")
    try:
        file.open("rb")
        try:
            data = file.read()
        finally:
            file.close()
    except OSError as error:
        raise PdfRenderError(
            f"The cover logo “{name}” could not be read ({error.strerror or error}). "
            "Upload the logo again, or remove it, and export again."
        ) from error
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PdfRenderError(
            f"The cover logo “{name}” is not an image that can be printed ({error}). "
            "Upload the logo again as a PNG or JPEG, or remove it, and export again."
        ) from error
    if image_format not in LOGO_TYPES:
        raise PdfRenderError(
            f"The cover logo “{name}” is a {image_format} image; use a PNG or JPEG."
        )
    encoded = base64.b64encode(data).decode("ascii")
    return f"data:{LOGO_TYPES[image_format]};base64,{encoded}"


def document_html(doc: ReportDocument) -> str:
    return render_to_string(
        "reports/board_report/pdf.html", {"doc": doc, "logo_src": doc.logo_data_uri}
    )


def print_stylesheet() -> str:
    return render_to_string("reports/board_report/print.css")


@functools.cache
def paper_fonts() -> dict[str, bytes]:
    """The paper's font files by name, read once a process."""
    return {path.name: path.read_bytes() for path in FONTS_DIR.glob("*.ttf")}


def url_fetcher():
    """WeasyPrint's fetcher for a paper: ``data:`` URIs and ``font:`` the paper's fonts."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PaperFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("font:"):
                name = url.removeprefix("font:")
                if name not in paper_fonts():
                    raise ValueError(f"{name} is not one of the paper's fonts")
                return URLFetcherResponse(url, paper_fonts()[name], {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return PaperFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def scope_table_headers(document, pdf) -> None:
    """Give every table header cell a /Scope saying what it heads (PDF/UA-1 7.5).

    A WeasyPrint finisher: it changes the PDF's structure tree after layout, before the
    file is written. WeasyPrint ties each data cell to its headers with /Headers and /IDs
    but leaves the header cells themselves without a /Scope, so screen readers and
    checkers cannot tell a row header from a column header. The paper's tables are
    simple: a row of header cells alone heads the columns; a header cell in a row with
    data cells (the action or section named at the start of the row) heads that row.
    """
    import pydyf

    by_reference = {obj.reference: obj for obj in pdf.objects if hasattr(obj, "reference")}
    for row in pdf.objects:
        if not isinstance(row, pydyf.Dictionary) or row.get("S") != "/TR":
            continue
        cells = [by_reference.get(kid) for kid in row.get("K", ())]
        cells = [cell for cell in cells if isinstance(cell, pydyf.Dictionary)]
        heads_row = any(cell.get("S") == "/TD" for cell in cells)
        for cell in cells:
            if cell.get("S") == "/TH":
                attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                attributes["Scope"] = "/Row" if heads_row else "/Column"


def html_to_pdf(html: str, stylesheet: str) -> RenderedPdf:
    """WeasyPrint alone: ``html`` with ``stylesheet`` to PDF/UA-1 bytes."""
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF builds need.
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    collector = _ErrorCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    started = time.perf_counter()
    try:
        # The stylesheet's @counter-style and @font-face rules reach the layout only
        # through these objects.
        counter_style = CounterStyle()
        font_config = FontConfiguration()
        css = CSS(
            string=stylesheet,
            url_fetcher=fetcher,
            counter_style=counter_style,
            font_config=font_config,
        )
        document = HTML(string=html, url_fetcher=fetcher, base_url="data:,").render(
            counter_style=counter_style,
            font_config=font_config,
            stylesheets=[css],
            pdf_variant=PDF_VARIANT,
        )
        content = document.write_pdf(pdf_variant=PDF_VARIANT, finisher=scope_table_headers)
    except BaseException as error:  # FatalURLFetchingError is a BaseException
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise
        raise PdfRenderError(f"WeasyPrint could not render the report: {error}") from error
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise PdfRenderError(
            "The PDF was not saved because rendering reported a problem: "
            + "; ".join(dict.fromkeys(collector.messages))
        )
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        render_seconds=time.perf_counter() - started,
    )


def render_report_pdf(doc: ReportDocument) -> RenderedPdf:
    return html_to_pdf(document_html(doc), print_stylesheet())
