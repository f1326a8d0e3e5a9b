"""Reading a plan from a spreadsheet (XLSX or CSV): one row per action.

Parsing only; nothing here touches the database. Every problem is collected with its
row and column rather than stopping at the first, so a plan manager can fix a file in
one pass. What the rows mean for a plan (new, changed, unchanged) is worked out in
``plans.services``.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from actions.models import Rating

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_LABEL = "5 MB"
# Far more than any plan has; a bound keeps a hostile file from tying up a worker.
MAX_ROWS = 5000
MAX_COLUMNS = 60
# A title or notes row above the headings is common in council spreadsheets.
HEADER_SEARCH_ROWS = 20

ACTIONS_SHEET = "Actions"
RECOMMENDATIONS_SHEET = "Recommendations"
NOTES_SHEET = "Notes"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    notes: str
    example: object = ""
    max_length: int | None = None


COLUMNS = [
    Column(
        "section",
        "Section",
        True,
        "The section of the plan the action belongs to, e.g. Quality of Practice. "
        "Sections are numbered in the order they first appear.",
        "Quality of Practice",
        max_length=200,
    ),
    Column(
        "reference",
        "Ref",
        True,
        "The action's reference, unique in the plan, e.g. 1.01. Format the column as Text "
        "so Excel keeps 1.10 as 1.10. Re-importing a file updates the action with the same Ref.",
        "1.01",
        max_length=20,
    ),
    Column(
        "title",
        "Action",
        True,
        "What will be done, in a sentence.",
        "Relaunch the quality assurance framework with a new audit tool",
        max_length=300,
    ),
    Column(
        "lead",
        "Lead",
        False,
        "The lead's email address or full name. Someone who has no account yet is added "
        "as a placeholder (who cannot sign in) until an administrator activates them. "
        "Left empty, the person importing leads the action.",
        "jo.bloggs@example.org",
        max_length=254,
    ),
    Column("partners", "Partners", False, "Partner agencies or teams, as free text.", "Health"),
    Column(
        "start_date",
        "Start date",
        False,
        "A date: a spreadsheet date, 2020-03-31 or 31/03/2020.",
        datetime.date(2019, 11, 1),
    ),
    Column(
        "due_date",
        "Due date",
        False,
        "The date the action was originally due. Same formats as Start date.",
        datetime.date(2020, 3, 31),
    ),
    Column(
        "revised_due_date",
        "Revised due date",
        False,
        "A later due date agreed since, if any. Needs a Rating in the same row, unless the "
        "action already has one.",
        "",
    ),
    Column(
        "rating",
        "Rating",
        False,
        "Blue (completed), Green (on track), Amber (some progress but slippage) or Red "
        "(not progressed as planned), in any case. A changed rating is recorded in the "
        "action's history with the import as its source.",
        "Green",
    ),
    Column(
        "commentary",
        "Commentary",
        False,
        "The latest progress commentary. Needs a Rating in the same row, unless the action "
        "already has one.",
        "New audit tool agreed with team managers; first audit round in January.",
    ),
    Column(
        "recommendations",
        "Recommendations",
        False,
        "References of the inspection recommendations the action answers, separated by ; "
        "e.g. R1; R3. Their text goes in the Recommendations sheet.",
        "R1; R3",
    ),
    Column(
        "success_measures",
        "Success measures",
        False,
        "What will be different for children and families when the action is done.",
        "Audits show 80% of assessments good or better.",
    ),
    Column("description", "Description", False, "More detail on the action, if needed.", ""),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column for column in COLUMNS if column.required]
DATE_KEYS = ("start_date", "due_date", "revised_due_date")
TEXT_KEYS = ("partners", "commentary", "success_measures", "description")

# Other headings people use for the same thing, all compared after normalising.
ALIASES = {
    "reference": "reference",
    "action ref": "reference",
    "success measures / expected impact": "success_measures",
    "expected impact": "success_measures",
    "brag": "rating",
    "brag rating": "rating",
    "rag rating": "rating",
}
HEADERS = {" ".join(c.header.split()).casefold(): c.key for c in COLUMNS} | ALIASES

RECOMMENDATION_HEADERS = {
    "ref": "reference",
    "reference": "reference",
    "recommendation": "text",
    "text": "text",
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file. ``row`` is None when it is about the whole file."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"{self.sheet} sheet" if self.sheet else "",
                f"row {self.row}" if self.row else "",
                self.column,
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ImportRow:
    number: int
    section: str
    reference: str
    title: str
    lead: str = ""
    partners: str = ""
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    revised_due_date: datetime.date | None = None
    rating: Rating | None = None
    commentary: str = ""
    recommendations: tuple[str, ...] = ()
    success_measures: str = ""
    description: str = ""
    # Where each column is in the file, for messages about this row.
    columns: dict[str, str] = field(default_factory=dict, repr=False)

    def column(self, key: str) -> str:
        return self.columns.get(key, COLUMNS_BY_KEY[key].header)


@dataclass
class ParsedFile:
    filename: str
    rows: list[ImportRow] = field(default_factory=list)
    # The optional columns the file has: absent columns leave existing values alone.
    present: frozenset[str] = frozenset()
    # Text of each recommendation, when the workbook has a Recommendations sheet.
    recommendation_texts: dict[str, str] | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


class _Unreadable(Exception):
    """The file cannot be read as a spreadsheet at all."""


def parse_plan_file(data: bytes, filename: str) -> ParsedFile:
    """Read a plan from the bytes of an XLSX or CSV file."""
    parsed = ParsedFile(filename=filename)
    if not data:
        parsed.problems.append(Problem("The file is empty."))
        return parsed
    if len(data) > MAX_UPLOAD_BYTES:
        parsed.problems.append(Problem(_too_big_message(len(data))))
        return parsed
    try:
        if _is_workbook(data):
            actions_rows, recommendation_rows = _read_workbook(data)
        else:
            actions_rows, recommendation_rows = _read_csv(data), None
    except _Unreadable as error:
        parsed.problems.append(Problem(str(error)))
        return parsed

    _parse_actions(actions_rows, parsed)
    if recommendation_rows is not None:
        _parse_recommendations(recommendation_rows, parsed)
    return parsed


def _too_big_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB. The largest file you can import is "
        f"{MAX_UPLOAD_LABEL}: remove other sheets, images or formatting, or save it as CSV."
    )


# --- Reading the cells ----------------------------------------------------------------

NOT_A_SPREADSHEET = (
    "The file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file; "
    "the template shows the columns to use."
)


def _is_workbook(data: bytes) -> bool:
    if data.startswith(b"%PDF"):
        raise _Unreadable("The file is a PDF, not a spreadsheet. " + _SAVE_AS)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Unreadable(
            "The file is an older Excel (.xls) or Word document. Open it in Excel and "
            "save it as an Excel Workbook (.xlsx) or CSV, then upload that."
        )
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Unreadable(
            "The file looks like an Excel workbook but is damaged and cannot be opened. "
            "Open it in Excel, save it again and upload the new copy."
        ) from None
    if "xl/workbook.xml" in names:
        return True
    if "word/document.xml" in names:
        raise _Unreadable("The file is a Word document, not a spreadsheet. " + _SAVE_AS)
    if "mimetype" in names and "content.xml" in names:
        raise _Unreadable(
            "The file is an OpenDocument spreadsheet (.ods). Save it as an Excel "
            "Workbook (.xlsx) or CSV and upload that."
        )
    raise _Unreadable(NOT_A_SPREADSHEET)


_SAVE_AS = "Copy the plan into the template workbook (.xlsx) or save it as CSV, then upload that."

NumberedRow = tuple[int, list]


def _read_workbook(data: bytes) -> tuple[list[NumberedRow], list[NumberedRow] | None]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds of error for damaged or unusual files; to the
        # person importing they all mean the same thing.
        raise _Unreadable(
            "The workbook could not be read. Open it in Excel, save it as an Excel "
            "Workbook (.xlsx) and upload the new copy."
        ) from None
    try:
        sheets = {sheet.title.strip().casefold(): sheet for sheet in workbook.worksheets}
        if not sheets:
            raise _Unreadable("The workbook has no sheets with data.")
        actions = sheets.get(ACTIONS_SHEET.casefold()) or workbook.worksheets[0]
        recommendations = sheets.get(RECOMMENDATIONS_SHEET.casefold())
        try:
            action_rows = _sheet_rows(actions)
            recommendation_rows = _sheet_rows(recommendations) if recommendations else None
        except _Unreadable:
            raise
        except Exception:
            raise _Unreadable(
                "The workbook could not be read. Open it in Excel, save it as an Excel "
                "Workbook (.xlsx) and upload the new copy."
            ) from None
    finally:
        workbook.close()
    return action_rows, recommendation_rows


def _sheet_rows(sheet) -> list[NumberedRow]:
    # Declared dimensions are often wrong in files written by other programs.
    sheet.reset_dimensions()
    rows = []
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
        if _blank(values):
            continue
        if len(rows) > MAX_ROWS:
            raise _Unreadable(_too_many_rows_message(sheet.title))
        rows.append((number, list(values)))
    return rows


def _too_many_rows_message(where: str) -> str:
    return f"{where} has more than {MAX_ROWS:,} rows; a plan has far fewer actions than that."


def _read_csv(data: bytes) -> list[NumberedRow]:
    text = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, 1):
            if _blank(values):
                continue
            if len(rows) > MAX_ROWS:
                raise _Unreadable(_too_many_rows_message("The file"))
            rows.append((number, values[:MAX_COLUMNS]))
    except csv.Error as error:
        raise _Unreadable(f"The CSV file could not be read: {error}.") from None
    if not rows:
        raise _Unreadable("The file has nothing in it but blank lines.")
    return rows


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" format.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Unreadable(NOT_A_SPREADSHEET) from None
    if b"\x00" in data[:8192]:
        raise _Unreadable(NOT_A_SPREADSHEET)
    # UTF-8 first (with or without Excel's byte-order mark), then the Windows encoding
    # older versions of Excel save CSV in.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable(NOT_A_SPREADSHEET)


def _blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


# --- Turning cells into values --------------------------------------------------------


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _normalise_header(value) -> str:
    return " ".join(cell_text(value).split()).casefold()


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


def _date(value) -> datetime.date | None:
    """A date from a cell, or None when the cell is empty; ValueError when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        parsed = value.date()
    elif isinstance(value, datetime.date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # A date stored as a plain number, the way Excel counts days.
        if not 1 <= value < 2958466:
            raise ValueError
        parsed = from_excel(value).date()
    else:
        raw = str(value).strip()
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError
    if not 1900 <= parsed.year <= 2199:
        raise ValueError
    return parsed


RATING_WORDS = {rating.value: rating for rating in Rating} | {
    rating.meaning.casefold(): rating for rating in Rating
}


def _rating(value) -> Rating | None:
    """A BRAG rating from a cell: "Amber", "amber", "Amber – some progress but slippage"."""
    text = " ".join(cell_text(value).split()).casefold()
    if not text:
        return None
    if text in RATING_WORDS:
        return RATING_WORDS[text]
    word = re.match(r"[a-z]+", text)
    if word and word.group() in Rating.values:
        rest = text[word.end() :].strip(" -–—:()")
        rating = Rating(word.group())
        if not rest or rest == rating.meaning.casefold():
            return rating
    raise ValueError


def _references(value) -> tuple[str, ...]:
    parts = re.split(r"[;,\n]", cell_text(value))
    seen = dict.fromkeys(part.strip() for part in parts if part.strip())
    return tuple(seen)


# --- The actions sheet ----------------------------------------------------------------


def _find_header(rows: list[NumberedRow]) -> int | None:
    """Index of the heading row: the first of the top rows naming two known columns."""
    best = None
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {HEADERS.get(_normalise_header(value)) for value in values} - {None}
        if len(known) >= 2:
            return index
        if known and best is None:
            best = index
    return best


def _parse_actions(rows: list[NumberedRow], parsed: ParsedFile) -> None:
    header_index = _find_header(rows)
    if header_index is None:
        parsed.problems.append(
            Problem(
                "No column headings found. The first row must name the columns, at least "
                "Section, Ref and Action. Is this the right file? The template shows the "
                "columns to use."
            )
        )
        return
    header_number, header_values = rows[header_index]
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    for position, value in enumerate(header_values):
        heading = cell_text(value)
        if not heading:
            continue
        letter = get_column_letter(position + 1)
        key = HEADERS.get(_normalise_header(value))
        if key is None:
            parsed.warnings.append(
                f"The column “{heading}” (column {letter}) is not one the import reads, "
                "so it was ignored."
            )
            continue
        if key in positions:
            first = get_column_letter(positions[key] + 1)
            parsed.problems.append(
                Problem(
                    f"Two columns are headed {COLUMNS_BY_KEY[key].header} (columns {first} and "
                    f"{letter}). Delete or rename one of them.",
                    row=header_number,
                )
            )
            continue
        positions[key] = position
        labels[key] = f"{heading} (column {letter})"

    for column in REQUIRED:
        if column.key not in positions:
            parsed.problems.append(
                Problem(
                    f"The file has no {column.header} column. The heading row (row "
                    f"{header_number}) must name the columns Section, Ref and Action.",
                    row=header_number,
                )
            )
    if any(problem.row == header_number for problem in parsed.problems):
        return
    parsed.present = frozenset(positions)

    data_rows = rows[header_index + 1 :]
    if not data_rows:
        parsed.problems.append(
            Problem("The file has column headings but no actions below them.", row=header_number)
        )
        return
    first_row_of_reference: dict[str, int] = {}
    for number, values in data_rows:
        position = positions["reference"]
        reference = cell_text(values[position]) if position < len(values) else ""
        duplicate = reference in first_row_of_reference
        if duplicate:
            parsed.problems.append(
                Problem(
                    f"Ref {reference} is also on row {first_row_of_reference[reference]}. "
                    "Each action needs its own Ref.",
                    row=number,
                    column=labels["reference"],
                )
            )
        elif reference:
            first_row_of_reference[reference] = number
        row = _parse_row(number, values, positions, labels, parsed)
        if row is not None and not duplicate:
            parsed.rows.append(row)


def _parse_row(
    number: int,
    values: list,
    positions: dict[str, int],
    labels: dict[str, str],
    parsed: ParsedFile,
) -> ImportRow | None:
    def cell(key: str):
        position = positions.get(key)
        if position is None or position >= len(values):
            return None
        return values[position]

    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(message, row=number, column=labels[key]))

    texts = {key: cell_text(cell(key)) for key in positions}
    for column in REQUIRED:
        if not texts[column.key]:
            problem(column.key, f"The {column.header} is empty. {_REQUIRED_HINT[column.key]}")
    for key, text in texts.items():
        limit = COLUMNS_BY_KEY[key].max_length
        if limit and len(text) > limit:
            problem(
                key,
                f"The {COLUMNS_BY_KEY[key].header} is {len(text)} characters long; "
                f"it can be at most {limit}.",
            )
    if isinstance(cell("reference"), float) and not cell("reference").is_integer():
        parsed.warnings.append(
            f"Row {number}: the Ref {texts['reference']} is a number in the spreadsheet, so "
            "Excel may have dropped a trailing zero (1.10 becomes 1.1). Format the Ref "
            "column as Text if it should be different."
        )

    lead = " ".join(texts.get("lead", "").split())
    if "@" in lead:
        try:
            validate_email(lead)
        except ValidationError:
            problem("lead", f"“{lead}” is not an email address. Give an email or a full name.")

    dates: dict[str, datetime.date | None] = {}
    for key in DATE_KEYS:
        if key not in positions:
            continue
        try:
            dates[key] = _date(cell(key))
        except ValueError:
            problem(
                key,
                f"“{texts[key][:40]}” is not a date. Use a date like 31/03/2020 or 2020-03-31.",
            )
    start, due = dates.get("start_date"), dates.get("due_date")
    if start and due and due < start:
        problem("due_date", "The due date is before the start date.")
    revised = dates.get("revised_due_date")
    if start and revised and revised < start:
        problem("revised_due_date", "The revised due date is before the start date.")

    rating = None
    if "rating" in positions:
        try:
            rating = _rating(cell("rating"))
        except ValueError:
            problem(
                "rating",
                f"“{texts['rating'][:40]}” is not a rating. Use Blue, Green, Amber or Red.",
            )

    recommendations = _references(cell("recommendations")) if "recommendations" in positions else ()
    for reference in recommendations:
        if len(reference) > 20:
            problem(
                "recommendations",
                f"“{reference[:40]}” is too long for a recommendation reference (at most 20 "
                "characters). Separate references with ;",
            )

    if problems:
        parsed.problems.extend(problems)
        return None
    return ImportRow(
        number=number,
        section=" ".join(texts["section"].split()),
        reference=texts["reference"],
        title=texts["title"],
        lead=lead,
        partners=texts.get("partners", ""),
        start_date=start,
        due_date=due,
        revised_due_date=revised,
        rating=rating,
        commentary=texts.get("commentary", ""),
        recommendations=recommendations,
        success_measures=texts.get("success_measures", ""),
        description=texts.get("description", ""),
        columns=labels,
    )


_REQUIRED_HINT = {
    "section": "Every action belongs to a section of the plan.",
    "reference": "Every action needs a reference, like 1.01.",
    "title": "Say what the action is.",
}


# --- The recommendations sheet --------------------------------------------------------


def _parse_recommendations(rows: list[NumberedRow], parsed: ParsedFile) -> None:
    sheet = RECOMMENDATIONS_SHEET
    if not rows:
        return
    header_number, header_values = rows[0]
    positions = {}
    for position, value in enumerate(header_values):
        key = RECOMMENDATION_HEADERS.get(_normalise_header(value))
        if key and key not in positions:
            positions[key] = position
    if set(positions) != {"reference", "text"}:
        parsed.problems.append(
            Problem(
                "The Recommendations sheet's first row must name two columns: Ref and "
                "Recommendation.",
                row=header_number,
                sheet=sheet,
            )
        )
        return
    texts: dict[str, str] = {}
    first_row: dict[str, int] = {}
    for number, values in rows[1:]:
        reference = (
            cell_text(values[positions["reference"]])
            if positions["reference"] < len(values)
            else ""
        )
        text = cell_text(values[positions["text"]]) if positions["text"] < len(values) else ""
        if not reference:
            parsed.problems.append(
                Problem("The Ref is empty.", row=number, column="Ref", sheet=sheet)
            )
            continue
        if len(reference) > 20:
            parsed.problems.append(
                Problem(
                    "The Ref can be at most 20 characters long.",
                    row=number,
                    column="Ref",
                    sheet=sheet,
                )
            )
            continue
        if reference in first_row:
            parsed.problems.append(
                Problem(
                    f"Recommendation {reference} is also on row {first_row[reference]}.",
                    row=number,
                    column="Ref",
                    sheet=sheet,
                )
            )
            continue
        if not text:
            parsed.problems.append(
                Problem(
                    f"Recommendation {reference} has no text.",
                    row=number,
                    column="Recommendation",
                    sheet=sheet,
                )
            )
            continue
        first_row[reference] = number
        texts[reference] = text
    parsed.recommendation_texts = texts
