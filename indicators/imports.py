"""Reading a CSV of monthly values: every row checked, every problem reported.

Columns (in any order, names in any case): Indicator, Period (``YYYY-MM``), Value and,
optionally, Commentary. Nothing is stored unless the whole file is right; see
``services.indicator_values_import``.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from improvement_board.spreadsheets import unneutralise

from .models import Indicator
from .periods import current_period, parse_period, period_label
from .status import Status
from .values import ValueEntry, off_target_message, parse_value

COLUMNS = ["Indicator", "Period", "Value", "Commentary"]
REQUIRED_COLUMNS = ["Indicator", "Period", "Value"]
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    row: int  # the line of the file, counting the header as row 1
    column: str
    message: str


@dataclass
class ParsedValues:
    entries: list[ValueEntry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _name_key(name: str) -> str:
    # The template (indicators.views.import_template) neutralised the names it wrote.
    return " ".join(unneutralise(name).split()).casefold()


def _decode(data: bytes) -> str | None:
    # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_values_csv(
    data: bytes, *, indicators: list[Indicator], enterable: set[int]
) -> ParsedValues:
    """Check every row of the file against the plan's ``indicators``; the user may enter
    values only for those whose pk is in ``enterable``."""
    parsed = ParsedValues()

    def fail(row: int, column: str, message: str) -> ParsedValues:
        parsed.errors.append(RowError(row, column, message))
        return parsed

    text = _decode(data)
    if text is None:
        return fail(1, "", "The file could not be read: save it as CSV (UTF-8) and try again")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            return fail(1, "", f"The file is empty: its first row must be {', '.join(COLUMNS)}")
        columns = {}
        for position, name in enumerate(header):
            canonical = next((c for c in COLUMNS if c.casefold() == name.strip().casefold()), None)
            if canonical is None:
                if name.strip():
                    fail(
                        1,
                        name.strip(),
                        f"Unknown column “{name.strip()}”: the columns are {', '.join(COLUMNS)}",
                    )
            elif canonical in columns:
                fail(1, canonical, f"The column {canonical} appears twice")
            else:
                columns[canonical] = position
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            fail(
                1,
                "",
                f"The first row must name the column{'s' if len(missing) > 1 else ''} "
                f"{' and '.join(missing)}",
            )
        if parsed.errors:
            return parsed

        by_name = {_name_key(indicator.name): indicator for indicator in indicators}
        latest_allowed = current_period()
        seen: dict[tuple[int, object], int] = {}
        rows = 0
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if rows > MAX_ROWS:
                return fail(number, "", f"The file has more than {MAX_ROWS} rows: split it")

            def cell(column: str, cells=cells) -> str:
                position = columns.get(column)
                return (
                    cells[position].strip()
                    if position is not None and position < len(cells)
                    else ""
                )

            name, raw_period, raw_value = cell("Indicator"), cell("Period"), cell("Value")
            commentary = cell("Commentary")
            row_errors = len(parsed.errors)

            indicator = by_name.get(_name_key(name))
            if not name:
                fail(number, "Indicator", "Enter the indicator's name")
            elif indicator is None:
                fail(number, "Indicator", f"There is no indicator called “{name}” in this plan")
            elif indicator.pk not in enterable:
                fail(
                    number,
                    "Indicator",
                    f"You cannot enter values for {indicator.name}: its owner is {indicator.owner}",
                )
                indicator = None

            period = parse_period(raw_period)
            if not raw_period:
                fail(number, "Period", "Enter the month, like 2020-03")
            elif period is None:
                fail(number, "Period", f"“{raw_period}” is not a month: write it like 2020-03")
            elif period > latest_allowed:
                fail(number, "Period", f"{period_label(period)} is in the future")
                period = None

            value = None
            if not raw_value:
                fail(number, "Value", "Enter a value")
            elif indicator is not None:
                try:
                    value = parse_value(raw_value, indicator)
                except ValidationError as error:
                    fail(number, "Value", error.messages[0])

            if indicator is not None and period is not None:
                first = seen.setdefault((indicator.pk, period), number)
                if first != number:
                    fail(
                        number,
                        "Period",
                        f"{indicator.name} for {period_label(period)} is also in row {first}: "
                        "give each month once",
                    )
            if (
                value is not None
                and indicator.status_for(value) == Status.OFF_TARGET
                and not commentary
            ):
                fail(number, "Commentary", off_target_message(indicator, value))

            if len(parsed.errors) == row_errors:
                parsed.entries.append(
                    ValueEntry(
                        indicator=indicator, period=period, value=value, commentary=commentary
                    )
                )
    except csv.Error as error:
        return fail(reader.line_num, "", f"The file is not valid CSV: {error}")
    if not parsed.entries and not parsed.errors:
        fail(2, "", "The file has no values in it: add a row under the column names")
    return parsed
