"""Opening a plan file: the tables in an Excel workbook, a CSV file or a Word document.

Nothing here knows what a plan looks like; it turns bytes into tables of cells, keeping
what a person sees in them (the value, its fill colour, how a date is shown, which cells
are merged) and refusing, with a message naming the limit, any file whose reading could
tie up a worker: the bounds apply to what matters for time and memory (the archive's
uncompressed sizes, the shared strings, cells and rows read, text per cell, wall time),
not to the upload's size alone.
"""

import csv
import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from improvement_board.spreadsheets import unneutralise

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_LABEL = "5 MB"


@dataclass(frozen=True)
class Bounds:
    """What reading one file may cost. Every limit a real plan comes nowhere near."""

    # The archive's parts once unpacked: a zip bomb is refused before it is parsed.
    # openpyxl parses a sheet that does not declare its size once just to find it, out of
    # reach of the clock below, so this bounds the time too (a large real plan is 2 MB).
    unpacked_bytes: int = 12 * 1024 * 1024
    # openpyxl holds every shared string in memory before the first cell is read.
    shared_strings_bytes: int = 8 * 1024 * 1024
    # Rows a sheet may have, blank-looking ones included (a value far to the right
    # still costs the parse).
    rows: int = 20_000
    # Cells with something in them, across the whole file (a 400-action plan has 10,000).
    cells: int = 200_000
    columns: int = 60
    text_per_cell: int = 20_000
    seconds: float = 30.0


BOUNDS = Bounds()


class Unreadable(Exception):
    """The file cannot be read as a plan file at all; the message says why and what to do."""


@dataclass(frozen=True)
class Cell:
    value: object = None
    # An "AARRGGBB" solid fill colour, when the cell has one.
    fill: str | None = None
    number_format: str = ""
    # Part of a range merged across columns (a banner across the table, typically).
    spans_columns: bool = False
    bold: bool = False

    @property
    def is_blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


BLANK = Cell()


@dataclass
class Table:
    """One sheet of a workbook, one table of a Word document, or a whole CSV file."""

    name: str
    # "sheet", "table" or "file": for messages ("the Action Plan sheet", "table 2").
    kind: str
    # (the row's number as the person sees it, its cells), blank rows left out.
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    hidden: bool = False

    @property
    def label(self) -> str:
        if self.kind == "sheet":
            return f"the {self.name} sheet"
        if self.kind == "table":
            return self.name
        return "the file"


NOT_A_PLAN_FILE = (
    "The file is not a spreadsheet or a Word document. Upload an Excel workbook (.xlsx), "
    "a CSV file or a Word document (.docx) holding the plan as a table."
)


def read_tables(data: bytes, filename: str, *, bounds: Bounds = BOUNDS) -> list[Table]:
    """Every table in the file, in the order a person would meet them."""
    if not data:
        raise Unreadable("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise Unreadable(too_big_message(len(data)))
    clock = _Clock(bounds)
    if data.startswith(b"%PDF"):
        raise Unreadable(
            "The file is a PDF. Upload the spreadsheet or Word document the plan is kept in."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable(
            "The file is an older Excel (.xls) or Word (.doc) file. Open it and save it as an "
            "Excel Workbook (.xlsx) or Word Document (.docx), then upload that."
        )
    if not data.startswith(b"PK\x03\x04"):
        return [_csv_table(data, filename, clock)]
    archive = _open_archive(data, bounds)
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return _workbook_tables(data, clock)
    if "word/document.xml" in names:
        return _document_tables(data, clock)
    if "mimetype" in names and "content.xml" in names:
        raise Unreadable(
            "The file is an OpenDocument file (.ods or .odt). Save it as an Excel Workbook "
            "(.xlsx) or Word Document (.docx) and upload that."
        )
    raise Unreadable(NOT_A_PLAN_FILE)


def too_big_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB. The largest file you can import is "
        f"{MAX_UPLOAD_LABEL}: remove other sheets, images or formatting, or save it as CSV."
    )


class _Clock:
    """Counts what reading has cost so far, and stops it at a bound."""

    def __init__(self, bounds: Bounds):
        self.bounds = bounds
        self.cells = 0
        self.deadline = time.monotonic() + bounds.seconds

    def row(self, where: str, count: int, cells: int) -> None:
        """Count one more row (blank-looking or not) and the cells with something in it."""
        if count > self.bounds.rows:
            raise Unreadable(
                f"{where} has more than {self.bounds.rows:,} rows (counting rows that look "
                "blank but hold something far to the right). A plan has far fewer: copy the "
                "plan's table into a new workbook and upload that."
            )
        self.cells += cells
        if self.cells > self.bounds.cells:
            raise Unreadable(
                f"The file has more than {self.bounds.cells:,} cells to read. A plan has far "
                "fewer: remove the other sheets or columns, or copy the plan's table into a "
                "new workbook."
            )
        if time.monotonic() > self.deadline:
            raise Unreadable(
                f"Reading the file took longer than {self.bounds.seconds:.0f} seconds, far "
                "longer than a plan takes. Copy the plan's table into a new workbook and "
                "upload that."
            )

    def text(self, value, where: str, row: int):
        if isinstance(value, str) and len(value) > self.bounds.text_per_cell:
            raise Unreadable(
                f"{where}, row {row}: a cell holds {len(value):,} characters, more than the "
                f"{self.bounds.text_per_cell:,} a cell of a plan can hold. Shorten it."
            )
        return value


def _open_archive(data: bytes, bounds: Bounds) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable(
            "The file looks like an Excel workbook or Word document but is damaged and cannot "
            "be opened. Open it, save it again and upload the new copy."
        ) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > bounds.unpacked_bytes:
        raise Unreadable(
            f"The file unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the "
            f"{bounds.unpacked_bytes // 1024 // 1024} MB a plan file may. Remove images and "
            "other sheets, or copy the plan's table into a new file."
        )
    for member in members:
        if member.filename.endswith("sharedStrings.xml") and (
            member.file_size > bounds.shared_strings_bytes
        ):
            raise Unreadable(
                f"The workbook's text table is {member.file_size / 1024 / 1024:,.0f} MB, more "
                f"than the {bounds.shared_strings_bytes // 1024 // 1024} MB a plan needs. Copy "
                "the plan's table into a new workbook and upload that."
            )
    return archive


# --- Excel ------------------------------------------------------------------------------


def _workbook_tables(data: bytes, clock: _Clock) -> list[Table]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of error for damaged or unusual files; to the
        # person importing they all mean the same thing.
        raise Unreadable(
            "The workbook could not be read. Open it in Excel, save it as an Excel Workbook "
            "(.xlsx) and upload the new copy."
        ) from None
    try:
        tables = []
        for sheet in workbook.worksheets:
            table = Table(name=sheet.title.strip(), kind="sheet")
            table.hidden = getattr(sheet, "sheet_state", "visible") != "visible"
            try:
                merges = _merged_ranges(sheet)
                table.rows = list(_sheet_rows(sheet, merges, clock, table.label))
            except Unreadable:
                raise
            except Exception:
                raise Unreadable(
                    f"{table.label.capitalize()} could not be read. Open the workbook in "
                    "Excel, save it again and upload the new copy."
                ) from None
            tables.append(table)
    finally:
        workbook.close()
    if not tables:
        raise Unreadable("The workbook has no sheets.")
    return tables


MERGE_CELL = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})\""
)


def _merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    # Read-only worksheets do not expose merged cells. They are listed after the cells
    # in the sheet's own XML; a plain search of its bytes finds them without parsing
    # every cell a second time.
    ranges = []
    tail = b""
    with sheet._get_source() as source:
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            for match in MERGE_CELL.finditer(text):
                min_col, min_row, max_col, max_row = range_boundaries(match.group(1).decode())
                ranges.append((min_row, min_col, max_row, max_col))
            # A tag cut by the chunk's end is searched again with the next chunk.
            cut = text.rfind(b"<")
            tail = text[cut:] if cut >= 0 and b">" not in text[cut:] else b""
    return ranges


def _sheet_rows(sheet, merges, clock: _Clock, where: str) -> Iterator[tuple[int, list[Cell]]]:
    width = clock.bounds.columns
    # The value of a merged range is in its first cell; every cell of it reads as that.
    starts = {(r[0], r[1]): r for r in merges if r[1] <= width}
    covering: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    area = sum(
        (min(r[2], r[0] + clock.bounds.rows) - r[0] + 1) * (min(r[3], width) - r[1] + 1)
        for r in starts.values()
    )
    if area > clock.bounds.cells:
        raise Unreadable(
            f"{where.capitalize()} merges more than {clock.bounds.cells:,} cells together. "
            "A plan has far fewer: unmerge the cells or copy the plan's table into a new "
            "workbook."
        )
    for merged in starts.values():
        first_row, first_col, last_row, last_col = merged
        for row in range(first_row, min(last_row, first_row + clock.bounds.rows) + 1):
            for col in range(first_col, min(last_col, width) + 1):
                covering[(row, col)] = merged
    merged_values: dict[tuple[int, int, int, int], Cell] = {}
    sheet.reset_dimensions()
    # Read-only sheets give every row from the first, gaps included, so the count is
    # the row's number; a cell missing from the file comes as an empty cell.
    for number, row in enumerate(sheet.iter_rows(max_col=width), 1):
        cells: list[Cell] = []
        for column, cell in enumerate(row, 1):
            merged = covering.get((number, column))
            if merged is not None and (number, column) != merged[:2]:
                source = merged_values.get(merged, BLANK)
                cells.append(_in_range(source, merged))
                continue
            if getattr(cell, "row", None) is None:
                cells.append(BLANK)
                continue
            value = clock.text(cell.value, where, number)
            read = _in_range(
                Cell(value, _fill(cell), cell.number_format or "", bold=_bold(cell)), merged
            )
            if merged is not None:
                merged_values[merged] = read
            cells.append(read)
        filled = sum(1 for c in cells if not c.is_blank or c.fill)
        clock.row(where, number, filled)
        if not filled:
            continue
        yield number, cells


def _in_range(cell: Cell, merged: tuple[int, int, int, int] | None) -> Cell:
    if merged is None:
        return cell
    return Cell(cell.value, cell.fill, cell.number_format, merged[1] != merged[3], cell.bold)


def _bold(cell) -> bool:
    try:
        return bool(cell.font and cell.font.b)
    except (AttributeError, IndexError):
        return False


def _fill(cell) -> str | None:
    try:
        fill = cell.fill
    except (AttributeError, IndexError):
        return None
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    colour = fill.fgColor
    if getattr(colour, "type", None) != "rgb" or not isinstance(colour.rgb, str):
        return None
    return colour.rgb.upper()


# --- Word --------------------------------------------------------------------------------


def _document_tables(data: bytes, clock: _Clock) -> list[Table]:
    from docx import Document  # Only Word imports need python-docx loaded.

    try:
        document = Document(io.BytesIO(data))
    except Exception:
        raise Unreadable(
            "The Word document could not be read. Open it in Word, save it as a Word "
            "Document (.docx) and upload the new copy."
        ) from None
    tables = []
    for index, word_table in enumerate(document.tables, 1):
        table = Table(name=f"table {index}", kind="table")
        count = 0
        for number, row in enumerate(word_table.rows, 1):
            count += 1
            cells = _word_row(row, clock)
            clock.row(table.label.capitalize(), count, sum(1 for c in cells if not c.is_blank))
            for cell in cells:
                clock.text(cell.value, table.label.capitalize(), number)
            if all(cell.is_blank and not cell.fill for cell in cells):
                continue
            table.rows.append((number, cells))
        tables.append(table)
    if not tables:
        raise Unreadable(
            "The Word document has no tables. The import reads a plan kept as a table (a "
            "row for each action); copy the plan into a table, or into the template workbook."
        )
    return tables


def _word_row(row, clock: _Clock) -> list[Cell]:
    cells = []
    seen: dict[int, Cell] = {}
    for cell in row.cells[: clock.bounds.columns]:
        # python-docx gives a cell spanning columns once per column it covers, and a cell
        # merged down as the cell above: both read as the same value, as in a workbook.
        key = id(cell._tc)
        if key in seen:
            cells.append(seen[key])
            continue
        text = "\n".join(paragraph.text for paragraph in cell.paragraphs).strip()
        runs = [run for paragraph in cell.paragraphs for run in paragraph.runs if run.text.strip()]
        bold = bool(runs) and all(run.bold for run in runs)
        read = Cell(text or None, _shading(cell), "", _spans_columns(cell), bold)
        seen[key] = read
        cells.append(read)
    return cells


def _spans_columns(cell) -> bool:
    return cell.grid_span > 1


def _shading(cell) -> str | None:
    properties = cell._tc.tcPr
    if properties is None:
        return None
    for child in properties.iterchildren():
        if child.tag.endswith("}shd"):
            fill = child.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
            if fill and fill.lower() != "auto" and len(fill) == 6:
                return "FF" + fill.upper()
    return None


# --- CSV ---------------------------------------------------------------------------------


def _csv_table(data: bytes, filename: str, clock: _Clock) -> Table:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    table = Table(name=filename, kind="file")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, 1):
            values = values[: clock.bounds.columns]
            clock.row("The file", number, sum(1 for value in values if value.strip()))
            # The service's own exports mark text that could start a formula with an
            # apostrophe (improvement_board.spreadsheets); read it back without.
            cells = [
                Cell(unneutralise(clock.text(value, "The file", number)) or None)
                for value in values
            ]
            if all(cell.is_blank for cell in cells):
                continue
            table.rows.append((number, cells))
    except csv.Error as error:
        raise Unreadable(f"The CSV file could not be read: {error}.") from None
    if not table.rows:
        raise Unreadable("The file has nothing in it but blank lines.")
    return table


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" format.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable(NOT_A_PLAN_FILE) from None
    if b"\x00" in data[:8192]:
        raise Unreadable(NOT_A_PLAN_FILE)
    # UTF-8 first (with or without Excel's byte-order mark), then the Windows encoding
    # older versions of Excel save CSV in.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(NOT_A_PLAN_FILE)
