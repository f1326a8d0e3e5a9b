"""Small builders for council plan files (workbook, Word table, CSV), made in memory.

A table is a list of headings and a list of rows. A row is either a `Banner` (a title
merged across the whole table) or a list of cells, one per heading, where a cell is:

- a plain value (str, int, float, datetime.date/datetime): written as is; dates get
  the number format ``dd/mm/yyyy`` unless wrapped in `Cell`;
- `Cell(value, fill=..., number_format=...)`: a value with a fill colour (hex RGB, no
  ``#``) or a number format; ``Cell(None, fill="FF0000")`` is a colour-only cell;
- `UP`: this cell is merged with the cell above (in a workbook, one merged range from
  the first value down; in Word, a vertical merge).

`shown_text` and `file_texts` give the text a person sees in a file, used by the
library's own self-check (and handy for the importer's tests).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Banner:
    """A row holding only a title, merged across the table (starts a section)."""

    text: str
    fill: str | None = None


@dataclass(frozen=True)
class Cell:
    value: object = None
    fill: str | None = None
    number_format: str | None = None


class _Up:
    def __repr__(self) -> str:
        return "UP"


UP = _Up()

# The fills real trackers use for their ratings.
RED = "FF0000"
AMBER = "FFC000"
YELLOW = "FFFF00"
GREEN = "00B050"
LIGHT_GREEN = "92D050"
BLUE = "0070C0"
GREY = "D9D9D9"

DATE_FORMATS = {
    "dd/mm/yyyy": "%d/%m/%Y",
    "dd/mm/yy": "%d/%m/%y",
    "mmm-yy": "%b-%y",
    "mmmm yyyy": "%B %Y",
    "d mmmm yyyy": "%-d %B %Y",
    "dd-mmm-yy": "%d-%b-%y",
}


def _solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color="FF" + colour, end_color="FF" + colour)


# --- workbooks ----------------------------------------------------------------------


def write_sheet(ws, headings, rows, titles=(), heading_fill: str | None = GREY) -> None:
    """Write title rows (None = a blank row), a heading row, then the table rows."""
    width = len(headings)
    last = get_column_letter(width)
    r = 1
    for title in titles:
        if title is not None:
            ws.cell(row=r, column=1, value=title).font = Font(bold=True, size=14)
            ws.merge_cells(f"A{r}:{last}{r}")
        r += 1
    for c, heading in enumerate(headings, start=1):
        cell = ws.cell(row=r, column=c, value=heading)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if heading_fill:
            cell.fill = _solid(heading_fill)
    r += 1
    ups: list[tuple[int, int]] = []
    for row in rows:
        if isinstance(row, Banner):
            cell = ws.cell(row=r, column=1, value=row.text)
            cell.font = Font(bold=True)
            if row.fill:
                cell.fill = _solid(row.fill)
            ws.merge_cells(f"A{r}:{last}{r}")
        else:
            if len(row) != width:
                raise ValueError(f"row {r} has {len(row)} cells for {width} headings: {row}")
            for c, value in enumerate(row, start=1):
                if value is UP:
                    ups.append((r, c))
                    continue
                _put(ws.cell(row=r, column=c), value)
        r += 1
    for first, end, column in _runs(ups):
        letter = get_column_letter(column)
        ws.merge_cells(f"{letter}{first}:{letter}{end}")
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 24


def _put(cell, value) -> None:
    fill = number_format = None
    if isinstance(value, Cell):
        value, fill, number_format = value.value, value.fill, value.number_format
    cell.value = value
    if isinstance(value, datetime.date):
        cell.number_format = number_format or "dd/mm/yyyy"
    elif number_format:
        cell.number_format = number_format
    if fill:
        cell.fill = _solid(fill)
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _runs(ups):
    """Merged ranges (first row, last row, column) from the cells marked UP."""
    runs: list[list[int]] = []
    for r, c in sorted(ups, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][2] == c and runs[-1][1] == r - 1:
            runs[-1][1] = r
        else:
            runs.append([r - 1, r, c])
    return [tuple(run) for run in runs]


def key_sheet(ws, title: str, entries) -> None:
    """A legend sheet: a title, then (word, meaning, fill) rows."""
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=3, column=1, value="Rating").font = Font(bold=True)
    ws.cell(row=3, column=2, value="Meaning").font = Font(bold=True)
    for i, (word, meaning, fill) in enumerate(entries, start=4):
        cell = ws.cell(row=i, column=1, value=word)
        if fill:
            cell.fill = _solid(fill)
        ws.cell(row=i, column=2, value=meaning)


def notes_sheet(ws, lines) -> None:
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line)


def workbook_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def shown_text(value, number_format: str = "General") -> str:
    """The text Excel shows for a cell value (for the formats this library uses)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        fmt = DATE_FORMATS.get(number_format.lower(), "%d/%m/%Y")
        return value.strftime(fmt)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- Word ---------------------------------------------------------------------------


def shade(cell, colour: str) -> None:
    """Give a Word table cell a background fill."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def docx_table(doc, headings, rows, style: str | None = "Table Grid"):
    """Add a table to a python-docx Document: heading row, banners merged across."""
    width = len(headings)
    table = doc.add_table(rows=1, cols=width)
    if style:
        table.style = style
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
        shade(cell, GREY)
    for row in rows:
        cells = table.add_row().cells
        if isinstance(row, Banner):
            merged = cells[0].merge(cells[-1])
            merged.text = row.text
            for run in merged.paragraphs[0].runs:
                run.bold = True
            if row.fill:
                shade(merged, row.fill)
            continue
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells for {width} headings: {row}")
        for c, value in enumerate(row):
            if value is UP:
                continue
            fill = None
            if isinstance(value, Cell):
                value, fill = value.value, value.fill
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            if value is not None:
                cells[c].text = str(value)
            if fill:
                shade(cells[c], fill)
    # Vertical merges, now that every row exists.
    for r, row in enumerate(rows, start=1):
        if isinstance(row, Banner):
            continue
        for c, value in enumerate(row):
            if value is UP:
                above = table.cell(r - 1, c)
                above.merge(table.cell(r, c))
    return table


def docx_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def new_document():
    return Document()


# --- CSV ----------------------------------------------------------------------------


def csv_bytes(rows, encoding: str = "utf-8-sig") -> bytes:
    """Rows (lists of values; a Banner becomes a row with only its first cell)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    width = max(len(r) for r in rows if not isinstance(r, Banner))
    for row in rows:
        if isinstance(row, Banner):
            writer.writerow([row.text] + [""] * (width - 1))
        else:
            writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


# --- reading back (self-check) ------------------------------------------------------


def file_texts(filename: str, data: bytes) -> dict[str, list[str]]:
    """Every non-empty text a person sees, by sheet / table ("Table 1"...; CSV: "")."""
    if filename.endswith(".xlsx"):
        wb = load_workbook(io.BytesIO(data))
        return {
            ws.title: [
                shown_text(cell.value, cell.number_format)
                for row in ws.iter_rows()
                for cell in row
                if cell.value is not None
            ]
            for ws in wb.worksheets
        }
    if filename.endswith(".docx"):
        doc = Document(io.BytesIO(data))
        texts = {"": [p.text for p in doc.paragraphs if p.text.strip()]}
        for i, table in enumerate(doc.tables, start=1):
            texts[f"Table {i}"] = [
                cell.text for row in table.rows for cell in row.cells if cell.text.strip()
            ]
        return texts
    if filename.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        return {"": [value for row in rows for value in row if value.strip()]}
    raise ValueError(filename)
