"""One action's row of a plan file and the continuation rows under it.

Built by ``plan_files.layout``'s reader, which it asks for the row's cells, for ratings
(words, colours and questions) and to record guesses and problems.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .interpret import TimescaleError, read_timescale, short_title, split_people
from .reading import (
    DATE_FIELDS,
    MAX_REFERENCE,
    TEXT_FIELDS,
    TITLE_LENGTH,
    ImportRow,
    cell_text,
    one_line,
)


class RowBuilder:
    """One action's row and the continuation rows under it."""

    def __init__(self, reader, number: int, section: str, reference: str, cells):
        self.reader = reader
        self.number = number
        self.steps: list[str] = []
        self.full_text = ""
        self.row: ImportRow | None = None
        problems_before = len(reader.parsed.problems)
        row = self._read(number, section, reference, cells)
        if len(reader.parsed.problems) == problems_before:
            self.row = row

    def _read(self, number, section, reference, cells) -> ImportRow:
        reader = self.reader
        text = lambda key: reader._text(cells, key)  # noqa: E731
        if len(reference) > MAX_REFERENCE:
            reader._problem(
                number,
                "reference",
                f"“{reference[:40]}” is too long for a reference (at most {MAX_REFERENCE} "
                "characters).",
            )
        ref_cell = reader._cell(cells, "reference")
        value = ref_cell.value if ref_cell is not None else None
        if isinstance(value, float) and not value.is_integer() and cell_text(value) == reference:
            reader.parsed.warnings.append(
                f"Row {number}: the Ref {reference} is a number in the spreadsheet, so "
                "Excel may have dropped a trailing zero (1.10 becomes 1.1). Format the "
                "Ref column as Text if it should be different."
            )
        self.full_text = text("title")
        if not self.full_text:
            reader._problem(number, "title", "The Action is empty. Say what the action is.")
        title = short_title(self.full_text, limit=TITLE_LENGTH)
        if title != one_line(self.full_text):
            reader.guess("title", f"{len(self.full_text):,} characters", title, number, "title")
        row = ImportRow(
            number=number,
            section=section,
            reference=reference,
            title=title,
            columns=reader.labels,
        )
        self._lead(row, text("lead"))
        for key in TEXT_FIELDS:
            setattr(row, key, text(key))
        self._description = row.description
        self._dates(row, cells)
        row.rating = reader.rating(reader._cell(cells, "rating"), number)
        if "recommendations" in reader.positions:
            row.recommendations = reader.recommendations(text("recommendations"), number)
        self._describe(row)
        return row

    def _lead(self, row: ImportRow, text: str) -> None:
        reader = self.reader
        written = one_line(text)
        if not written:
            return
        people = split_people(text)
        if not people:
            return
        row.lead = people[0].text
        row.lead_is_post = people[0].is_post
        row.others = tuple(person.text for person in people[1:])
        row.others_posts = tuple(person.text for person in people[1:] if person.is_post)
        if len(people) > 1:
            reader.guess(
                "people",
                written,
                f"Lead: {row.lead}; also named: {', '.join(row.others)} (as delegates)",
                row.number,
                "lead",
            )
        elif people[0].is_post:
            reader.guess(
                "people",
                written,
                f"{row.lead}: a post, not a person's name (assign it to someone later)",
                row.number,
                "lead",
            )
        for person in people:
            if "@" in person.text:
                try:
                    validate_email(person.text)
                except ValidationError:
                    reader._problem(
                        row.number,
                        "lead",
                        f"“{person.text}” is not an email address. Give an email or a name.",
                    )

    def _dates(self, row: ImportRow, cells) -> None:
        reader = self.reader
        for key in DATE_FIELDS:
            cell = reader._cell(cells, key)
            if cell is None or cell.is_blank:
                continue
            try:
                timescale = read_timescale(cell.value, number_format=cell.number_format)
            except TimescaleError as error:
                reader._problem(row.number, key, str(error))
                continue
            if timescale is None:
                continue
            day = timescale.date
            if key == "start_date" and day is not None and timescale.how == "month":
                day = day.replace(day=1)  # a month to start in starts on its first day
            setattr(row, key, day)
            if timescale.how != "date":
                read_as = f"{day.day} {day:%B %Y}" if day else "no date"
                reader.guess("date", timescale.text, read_as, row.number, key)
                if key == "due_date":
                    row.due_text = timescale.text[:200]
        if row.start_date and row.due_date and row.due_date < row.start_date:
            reader._problem(row.number, "due_date", "The due date is before the start date.")
        if row.start_date and row.revised_due_date and row.revised_due_date < row.start_date:
            reader._problem(
                row.number, "revised_due_date", "The revised due date is before the start date."
            )

    def _describe(self, row: ImportRow) -> None:
        parts = []
        if one_line(self.full_text) != row.title:
            parts.append(self.full_text)
        if self.steps:
            # The action's own "How?" is its first step; the rows under it follow.
            steps = [one_line(self._description)] if self._description else []
            parts.append("\n".join(f"- {step}" for step in [*steps, *self.steps]))
        elif self._description:
            parts.append(self._description)
        row.description = "\n\n".join(parts)

    def continue_with(self, number: int, cells) -> None:
        """A row under the action with no reference of its own: more of the same action."""
        reader = self.reader
        row = self.row
        if row is None:
            return
        step = reader._text(cells, "title") or reader._text(cells, "description")
        if step:
            self.steps.append(one_line(step))
            reader.guess(
                "continuation", one_line(step)[:80], f"a step of {row.reference}", number, "title"
            )
        for key in ("commentary", "success_measures", "partners", "next_steps"):
            extra = reader._text(cells, key)
            if extra and extra not in getattr(row, key):
                setattr(row, key, "\n".join(p for p in (getattr(row, key), extra) if p))
        lead = reader._text(cells, "lead")
        if lead:
            named = {row.lead, *row.others}
            more = [p for p in split_people(lead) if p.text not in named]
            row.others = (*row.others, *(p.text for p in more))
            row.others_posts = (*row.others_posts, *(p.text for p in more if p.is_post))
        if row.rating is None:
            row.rating = reader.rating(reader._cell(cells, "rating"), number)
        if row.due_date is None:
            dated = ImportRow(number=number, section="", reference="", title="")
            self._dates(dated, cells)
            row.due_date, row.due_text = dated.due_date, dated.due_text
        self._describe(row)
