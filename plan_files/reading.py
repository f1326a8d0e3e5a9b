"""What reading a plan file gives: its rows, how each column was read, every guess,
question, warning and problem; and the small readings of cell text they share.

The reading itself is ``plan_files.layout.parse_plan_file``; nothing here touches the
database.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from actions.models import Rating

from .interpret import FIELDS

# What a plan manager can choose for a column in the preview, besides a field.
IGNORE = "ignore"
# Title rows, logos and instructions above the headings rarely take more than this.
HEADING_SEARCH_ROWS = 30
# The longest a reference may be (actions.Action.reference).
MAX_REFERENCE = 20
# Shorter than the column allows, so an ellipsis and a sentence end fit in tables.
TITLE_LENGTH = 250

DATE_FIELDS = ("start_date", "due_date", "revised_due_date")
TEXT_FIELDS = ("partners", "commentary", "success_measures", "description", "next_steps")
RECOMMENDATIONS_SHEET = "recommendations"


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
                self.sheet[:1].upper() + self.sheet[1:] if self.sheet else "",
                f"row {self.row}" if self.row else "",
                self.column,
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Guess:
    """Something read from the file that was not written plainly, shown before saving."""

    kind: str  # heading, word, colour, date, people, section, continuation, title, reference
    written: str
    read_as: str
    row: int | None = None
    column: str = ""


@dataclass(frozen=True)
class ColumnReading:
    """How one column of the plan's table was read."""

    position: int
    heading: str
    key: str  # the heading as answers are remembered under
    field: str | None
    chosen: bool  # by the plan manager, rather than recognised

    @property
    def letter(self) -> str:
        return get_column_letter(self.position + 1)

    @property
    def label(self) -> str:
        return f"{self.heading} (column {self.letter})"

    @property
    def field_label(self) -> str:
        return FIELDS[self.field] if self.field else "Not read"


@dataclass
class WordQuestion:
    """A rating word the import does not know: the plan manager says what it means."""

    word: str
    key: str
    rows: list[int] = field(default_factory=list)


@dataclass
class ImportRow:
    number: int
    section: str
    reference: str
    title: str
    lead: str = ""
    lead_is_post: bool = False
    # The other people or posts named beside the lead: they become delegates.
    others: tuple[str, ...] = ()
    others_posts: tuple[str, ...] = ()  # which of them are posts, not people
    partners: str = ""
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    # The timescale as written, when it was not a plain date ("Q2 2020/21", "Ongoing").
    due_text: str = ""
    revised_due_date: datetime.date | None = None
    rating: Rating | None = None
    commentary: str = ""
    next_steps: str = ""
    recommendations: tuple[str, ...] = ()
    success_measures: str = ""
    description: str = ""
    # Where each field is in the file, for messages about this row.
    columns: dict[str, str] = field(default_factory=dict, repr=False)

    def column(self, key: str) -> str:
        return self.columns.get(key, FIELDS.get(key, key))


@dataclass
class ParsedFile:
    filename: str
    # Where the plan was read: "the Action Plan sheet", "table 2", "the file".
    table: str = ""
    tables_skipped: list[str] = field(default_factory=list)
    heading_row: int | None = None
    columns: list[ColumnReading] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    # The fields the file has: absent ones leave existing values alone.
    present: frozenset[str] = frozenset()
    # Text of each recommendation, when the workbook has a Recommendations sheet.
    recommendation_texts: dict[str, str] | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    questions: list[WordQuestion] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems and not self.questions

    @property
    def found_table(self) -> bool:
        return self.heading_row is not None


def heading_key(text: str) -> str:
    """The key a column's meaning is remembered under for a plan."""
    return " ".join(cell_text(text).split()).casefold()


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
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def one_line(text: str) -> str:
    return " ".join(text.split())


REFERENCE = re.compile(r"[A-Za-z]{0,4}\s?\d{1,3}(?:[.\-/]\d{1,3}){0,3}[a-z]?\.?")
SECTION_LABEL = re.compile(
    r"^(?:(?:priority|section|theme|objective|standard|area|workstream|part|strand|"
    r"outcome|aim|domain|key line of enquiry|kloe)\s*)?"
    r"(?:\d{1,2}|[ivx]{1,4}|[a-h])\s*[:.\-–—)]\s+",
    re.IGNORECASE,
)


def section_title(text: str) -> str:
    """A section's title without the numbering the plan gives it ("Priority 1: …")."""
    title = one_line(text)
    stripped = SECTION_LABEL.sub("", title, count=1).strip()
    return stripped or title


def references(text: str) -> tuple[str, ...]:
    parts = re.split(r"[;,\n]", text)
    return tuple(dict.fromkeys(part.strip() for part in parts if part.strip()))


RECOMMENDATION_NUMBER = re.compile(
    r"^(?:r(?:ecommendation)?\s*)?(\d{1,2}[a-z]?)\s*[.:)\-–]\s+", re.I
)
GENERIC_TABLE_NAME = re.compile(r"(sheet|table|tab)\s*\d*|.*\.(csv|txt)", re.IGNORECASE)


# --- Keeping a reading between requests -------------------------------------------------


def parsed_to_data(parsed: ParsedFile) -> dict:
    """The reading as JSON-ready data, so the worker that read the file can hand it over."""

    def row_data(row: ImportRow) -> dict:
        data = dataclasses.asdict(row)
        for key in DATE_FIELDS:
            data[key] = data[key].isoformat() if data[key] else None
        data["rating"] = row.rating.value if row.rating else None
        return data

    data = dataclasses.asdict(parsed)
    data["rows"] = [row_data(row) for row in parsed.rows]
    data["present"] = sorted(parsed.present)
    return data


def parsed_from_data(data: dict) -> ParsedFile:
    def row(values: dict) -> ImportRow:
        values = dict(values)
        for key in DATE_FIELDS:
            values[key] = datetime.date.fromisoformat(values[key]) if values[key] else None
        values["rating"] = Rating(values["rating"]) if values["rating"] else None
        values["others"] = tuple(values["others"])
        values["others_posts"] = tuple(values["others_posts"])
        values["recommendations"] = tuple(values["recommendations"])
        return ImportRow(**values)

    return ParsedFile(
        filename=data["filename"],
        table=data["table"],
        tables_skipped=data["tables_skipped"],
        heading_row=data["heading_row"],
        columns=[ColumnReading(**column) for column in data["columns"]],
        rows=[row(values) for values in data["rows"]],
        present=frozenset(data["present"]),
        recommendation_texts=data["recommendation_texts"],
        problems=[Problem(**problem) for problem in data["problems"]],
        warnings=data["warnings"],
        guesses=[Guess(**guess) for guess in data["guesses"]],
        questions=[WordQuestion(**question) for question in data["questions"]],
    )
