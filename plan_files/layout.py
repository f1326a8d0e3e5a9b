"""Reading a plan from a council's own file, in its own layout.

The plan's table is found on whichever sheet (or Word table) holds it, below any title
rows; each column is read by its heading; banner rows start sections, continuation rows
belong to the action above; ratings are read from words or fill colours, due dates from
timescales as councils write them, leads from cells naming several people or posts.
Every reading that was not written plainly is kept as a ``Guess`` and every word the
import does not know becomes a ``WordQuestion``, so the preview shows them all before
anything is saved. A plan manager's answers (``columns`` and ``words``) are taken into
account here; they are saved with the plan and used again for its next import.

Parsing only; nothing here touches the database. Every problem is collected with its
sheet, row and column rather than stopping at the first, so a file is fixed in one pass.
What the rows mean for a plan (new, changed, unchanged) is worked out in
``plan_files.changes``.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from actions.models import Rating

from .interpret import (
    FIELDS,
    field_for_heading,
    normalise_word,
    rating_for_colour,
    rating_for_word,
)
from .reading import (
    GENERIC_TABLE_NAME,
    HEADING_SEARCH_ROWS,
    IGNORE,
    MAX_REFERENCE,
    RECOMMENDATION_NUMBER,
    RECOMMENDATIONS_SHEET,
    REFERENCE,
    ColumnReading,
    Guess,
    ParsedFile,
    Problem,
    WordQuestion,
    cell_text,
    heading_key,
    one_line,
    references,
    section_title,
)
from .rows import RowBuilder
from .sources import BOUNDS, Bounds, Cell, Table, Unreadable, read_tables

EMPTY: Mapping[str, str] = MappingProxyType({})


def parse_plan_file(
    data: bytes,
    filename: str,
    *,
    columns: Mapping[str, str] = EMPTY,
    words: Mapping[str, str] = EMPTY,
    bounds: Bounds = BOUNDS,
) -> ParsedFile:
    """Read a plan from the bytes of an Excel, CSV or Word file.

    ``columns`` maps a heading (``heading_key``) to a field or ``IGNORE``; ``words`` maps
    a rating word (``normalise_word``) to "blue", "green", "amber", "red" or "none".
    """
    parsed = ParsedFile(filename=filename)
    try:
        tables = read_tables(data, filename, bounds=bounds)
    except Unreadable as error:
        parsed.problems.append(Problem(str(error)))
        return parsed
    _Reader(parsed, columns, words).read(tables)
    parsed.problems.sort(key=lambda p: (p.sheet != parsed.table, p.sheet, p.row or 0))
    return parsed


# --- Finding the table ----------------------------------------------------------------


@dataclass
class _Candidate:
    table: Table
    index: int  # of the heading row in table.rows
    columns: list[ColumnReading]

    @property
    def fields(self) -> set[str]:
        return {column.field for column in self.columns if column.field}


class _Reader:
    def __init__(self, parsed: ParsedFile, columns: Mapping[str, str], words: Mapping[str, str]):
        self.parsed = parsed
        self.answers = columns
        self.words = words
        self.questions: dict[str, WordQuestion] = {}

    def read(self, tables: list[Table]) -> None:
        parsed = self.parsed
        candidate = self._find_table(tables)
        recommendations = next(
            (t for t in tables if t.name.casefold() == RECOMMENDATIONS_SHEET and t.kind == "sheet"),
            None,
        )
        if candidate is None:
            names = ", ".join(t.label for t in tables)
            parsed.problems.append(
                Problem(
                    f"No plan table found in {names}: none has a row of column headings "
                    "the import recognises, such as Ref, Action, Lead, Due date and Rating. "
                    "Is this the right file? If the plan is there, give its table a heading "
                    "row (the template shows one)."
                )
            )
            return
        table = candidate.table
        parsed.table = table.label
        parsed.tables_skipped = [
            t.label for t in tables if t is not table and t is not recommendations and t.rows
        ]
        number, _cells = table.rows[candidate.index]
        parsed.heading_row = number
        parsed.columns = candidate.columns
        self.sheet = table.label
        if self._check_columns(candidate, number):
            self._read_rows(candidate)
        parsed.questions = list(self.questions.values())
        if recommendations is not None and recommendations is not table:
            self._read_recommendations(recommendations)

    def _find_table(self, tables: list[Table]) -> _Candidate | None:
        best: _Candidate | None = None
        for table in sorted(tables, key=lambda t: t.hidden):
            for index, (_number, cells) in enumerate(table.rows[:HEADING_SEARCH_ROWS]):
                columns = self._column_readings(cells)
                candidate = _Candidate(table, index, columns)
                fields = candidate.fields
                if len(fields) < 2 or not ({"title", "reference"} & fields):
                    continue
                score = (("title" in fields), len(fields))
                if best is None or score > (("title" in best.fields), len(best.fields)):
                    best = candidate
        return best

    def _column_readings(self, cells: list[Cell]) -> list[ColumnReading]:
        readings = []
        seen_spans: set[str] = set()
        for position, cell in enumerate(cells):
            heading = one_line(cell_text(cell.value))
            if not heading or isinstance(cell.value, datetime.date | int | float):
                continue
            if cell.spans_columns:
                # A heading merged over several columns names the first of them.
                if heading in seen_spans:
                    continue
                seen_spans.add(heading)
            key = heading_key(heading)
            if key in self.answers:
                answer = self.answers[key]
                field_ = None if answer == IGNORE else answer
                readings.append(ColumnReading(position, heading, key, field_, chosen=True))
            else:
                readings.append(
                    ColumnReading(position, heading, key, field_for_heading(heading), False)
                )
        return readings

    def _check_columns(self, candidate: _Candidate, number: int) -> bool:
        parsed = self.parsed
        by_field: dict[str, ColumnReading] = {}
        fine = True
        for column in candidate.columns:
            if column.field is None:
                if not column.chosen:
                    parsed.warnings.append(
                        f"The column “{column.heading}” (column {column.letter}) is not one "
                        "the import reads, so it was left out. Choose what it holds below if "
                        "it should be read."
                    )
                continue
            if not column.chosen and heading_key(FIELDS[column.field]) != column.key:
                parsed.guesses.append(
                    Guess("heading", column.heading, FIELDS[column.field], number, column.label)
                )
            first = by_field.get(column.field)
            if first is not None:
                parsed.problems.append(
                    Problem(
                        f"Two columns are read as {FIELDS[column.field]}: “{first.heading}” "
                        f"(column {first.letter}) and “{column.heading}” (column "
                        f"{column.letter}). Choose which one holds the "
                        f"{FIELDS[column.field].lower()} below, and set the other to "
                        "“Not read”.",
                        row=number,
                        sheet=self.sheet,
                    )
                )
                fine = False
                continue
            by_field[column.field] = column
        if "title" not in by_field:
            parsed.problems.append(
                Problem(
                    "No column is read as the Action itself (what will be done). Choose "
                    "which column holds it below.",
                    row=number,
                    sheet=self.sheet,
                )
            )
            fine = False
        self.positions = {f: c.position for f, c in by_field.items()}
        self.labels = {f: c.label for f, c in by_field.items()}
        parsed.present = frozenset(by_field)
        if "reference" not in by_field and fine:
            parsed.warnings.append(
                "The table has no reference column, so actions were numbered by section and "
                "position (1.1, 1.2, …). Keep the same order when you import a later version, "
                "or add a Ref column, so each action is matched with itself."
            )
        return fine

    # --- Rows ---------------------------------------------------------------------------

    def _cell(self, cells: list[Cell], key: str) -> Cell | None:
        position = self.positions.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def _text(self, cells: list[Cell], key: str) -> str:
        cell = self._cell(cells, key)
        return cell_text(cell.value) if cell is not None else ""

    def _read_rows(self, candidate: _Candidate) -> None:
        parsed = self.parsed
        heading_cells = candidate.table.rows[candidate.index][1]
        heading_texts = [cell_text(c.value) for c in heading_cells]
        section = ""
        default_section = (
            "Actions"
            if GENERIC_TABLE_NAME.fullmatch(candidate.table.name)
            else candidate.table.name
        )
        sections_seen: list[str] = []
        position_in_section: dict[str, int] = {}
        current: RowBuilder | None = None
        first_row_of_reference: dict[str, int] = {}
        previous = ""
        for number, cells in candidate.table.rows[candidate.index + 1 :]:
            if [cell_text(c.value) for c in cells] == heading_texts:
                continue  # the headings again, as a printed table repeats them
            banner = self._banner(cells)
            if banner:
                section = section_title(banner)
                if section != one_line(banner):
                    parsed.guesses.append(Guess("section", one_line(banner), section, number))
                current = None
                continue
            section_text = self._text(cells, "section")
            if section_text:
                # The service numbers sections itself, so "Priority 1: …" is the title.
                written = one_line(section_text)
                if section_title(written) != section and section_title(written) != written:
                    parsed.guesses.append(Guess("section", written, section_title(written), number))
                section = section_title(written)
            reference = one_line(self._text(cells, "reference"))
            title_text = self._text(cells, "title")
            if "reference" in self.positions and not reference:
                if current is not None:
                    current.continue_with(number, cells)
                    continue
                if not title_text:
                    continue
                self._problem(number, "reference", "The Ref is empty. Give the action's reference.")
                continue
            this_section = section or default_section
            if this_section not in sections_seen:
                sections_seen.append(this_section)
            if "reference" not in self.positions:
                if not title_text:
                    if current is not None:
                        current.continue_with(number, cells)
                    continue
                position_in_section[this_section] = position_in_section.get(this_section, 0) + 1
                reference = (
                    f"{sections_seen.index(this_section) + 1}.{position_in_section[this_section]}"
                )
            else:
                reference = self._restore_trailing_zero(cells, reference, number, previous)
            if reference in first_row_of_reference:
                self._problem(
                    number,
                    "reference",
                    f"Ref {reference} is also on row {first_row_of_reference[reference]}. Each "
                    "action needs its own Ref.",
                )
                current = None
                continue
            first_row_of_reference[reference] = number
            previous = reference
            current = RowBuilder(self, number, this_section, reference, cells)
            if current.row is not None:
                parsed.rows.append(current.row)
            else:
                current = None
        if not parsed.rows and not parsed.problems:
            parsed.problems.append(
                Problem(
                    "The table has column headings but no actions below them.",
                    row=parsed.heading_row,
                    sheet=self.sheet,
                )
            )

    def _restore_trailing_zero(self, cells, reference: str, number: int, previous: str) -> str:
        """2.1 straight after 2.9 is 2.10 that Excel stored as a number and lost a zero of."""
        cell = self._cell(cells, "reference")
        if not (isinstance(cell.value, float) and "." in reference and "." in previous):
            return reference
        major, minor = reference.split(".", 1)
        previous_major, previous_minor = previous.split(".", 1)
        if major != previous_major or not (minor.isdigit() and previous_minor.isdigit()):
            return reference
        for zeros in (1, 2):
            restored = minor + "0" * zeros
            if int(restored) == int(previous_minor) + 1:
                fixed = f"{major}.{restored}"
                self.guess(
                    "reference",
                    reference,
                    f"{fixed} (Excel drops the last zero of a number; it follows {previous})",
                    number,
                    "reference",
                )
                return fixed
        return reference

    def _banner(self, cells: list[Cell]) -> str:
        """The title a banner row gives its section, or "" if the row is not a banner.

        A banner holds one text only: merged across the table, or alone in the first,
        section, reference or action column, and set apart (bold, merged or not a
        reference) rather than a step under the action above."""
        filled = [(position, cell) for position, cell in enumerate(cells) if not cell.is_blank]
        texts = {one_line(cell_text(cell.value)) for _position, cell in filled}
        if len(texts) != 1:
            return ""
        (text,) = texts
        if REFERENCE.fullmatch(text) or len(text) > 200:
            return ""
        if any(cell.spans_columns for _position, cell in filled) and len(filled) > 1:
            return text
        if len(filled) != 1:
            return ""
        position, cell = filled[0]
        if position == self.positions.get("section"):
            return ""  # a section column's value: read with the row
        in_title = position == self.positions.get("title")
        if cell.spans_columns or cell.bold:
            return text
        lead_columns = {0, self.positions.get("reference")} - {self.positions.get("title")}
        return text if position in lead_columns and not in_title else ""

    def recommendations(self, text: str, number: int) -> tuple[str, ...]:
        """The recommendations a cell names: by reference ("R1; R3"), or by their words,
        as post-inspection plans often repeat the recommendation beside its actions."""
        named = references(text)
        if all(len(r) <= MAX_REFERENCE and " " not in r.strip() for r in named):
            return named
        wording = one_line(text)
        texts = self.parsed.recommendation_texts
        if texts is None:
            texts = self.parsed.recommendation_texts = {}
        for reference, known in texts.items():
            if one_line(known) == wording:
                return (reference,)
        numbered = RECOMMENDATION_NUMBER.match(wording)
        reference = f"R{numbered.group(1)}" if numbered else ""
        count = len(texts)
        while not reference or reference in texts:
            count += 1
            reference = f"R{count}"
        texts[reference] = text
        self.guess(
            "recommendation", wording[:80], f"recommendation {reference}", number, "recommendations"
        )
        return (reference,)

    def _problem(self, number: int, key: str, message: str) -> None:
        self.parsed.problems.append(
            Problem(message, row=number, column=self.labels.get(key, ""), sheet=self.sheet)
        )

    def guess(self, kind: str, written: str, read_as: str, number: int, key: str) -> None:
        self.parsed.guesses.append(
            Guess(kind, written, read_as, number, self.labels.get(key, FIELDS.get(key, "")))
        )

    def rating(self, cell: Cell | None, number: int) -> Rating | None:
        if cell is None:
            return None
        text = one_line(cell_text(cell.value))
        colour = rating_for_colour(cell.fill) if cell.fill else None
        if not text:
            if colour is not None:
                self.guess(
                    "colour", f"a {colour.colour.lower()} fill", colour.colour, number, "rating"
                )
            return colour
        reading = rating_for_word(text, known=self.words)
        if reading is None:
            if colour is not None:
                self.guess(
                    "colour",
                    f"“{text}” on a {colour.colour.lower()} fill",
                    f"{colour.colour} (from the colour; the word is not a rating)",
                    number,
                    "rating",
                )
                return colour
            key = normalise_word(text)
            question = self.questions.setdefault(key, WordQuestion(text, key))
            question.rows.append(number)
            return None
        if reading.how in ("word",) and reading.rating is not None:
            return reading.rating
        read_as = reading.rating.colour if reading.rating else "No rating yet"
        if text.casefold() != read_as.casefold():
            self.guess("word", text, read_as, number, "rating")
        return reading.rating

    # --- The recommendations sheet ------------------------------------------------------

    def _read_recommendations(self, table: Table) -> None:
        parsed = self.parsed
        where = table.label
        if not table.rows:
            return
        header_number, header_cells = table.rows[0]
        positions: dict[str, int] = {}
        for position, cell in enumerate(header_cells):
            heading = heading_key(cell.value)
            key = {"ref": "reference", "reference": "reference", "recommendation": "text"}.get(
                heading, "text" if heading == "text" else None
            )
            if key and key not in positions:
                positions[key] = position
        if set(positions) != {"reference", "text"}:
            parsed.problems.append(
                Problem(
                    "The Recommendations sheet's first row must name two columns: Ref and "
                    "Recommendation.",
                    row=header_number,
                    sheet=where,
                )
            )
            return
        texts: dict[str, str] = parsed.recommendation_texts or {}
        first_row: dict[str, int] = {}
        for number, cells in table.rows[1:]:

            def value(key: str, cells=cells) -> str:
                position = positions[key]
                return cell_text(cells[position].value) if position < len(cells) else ""

            reference, text = one_line(value("reference")), value("text")
            column = "Ref"
            if not reference:
                message = "The Ref is empty."
            elif len(reference) > MAX_REFERENCE:
                message = f"The Ref can be at most {MAX_REFERENCE} characters long."
            elif reference in first_row:
                message = f"Recommendation {reference} is also on row {first_row[reference]}."
            elif not text:
                message = f"Recommendation {reference} has no text."
                column = "Recommendation"
            else:
                first_row[reference] = number
                texts[reference] = text
                continue
            parsed.problems.append(Problem(message, row=number, column=column, sheet=where))
        parsed.recommendation_texts = texts
