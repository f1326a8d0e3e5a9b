"""Every council layout in the library imports as written and reads as a person reads it."""

import pytest

from plan_files.interpret import normalise_word
from plan_files.layout import parse_plan_file
from plan_files.reading import IGNORE, heading_key

from .council_layouts import LAYOUTS


def answers(layout) -> dict:
    columns = {
        heading_key(heading): IGNORE if meaning == "ignore" else meaning
        for heading, meaning in layout.answers.get("headings", {}).items()
    }
    words = {
        normalise_word(word): meaning for word, meaning in layout.answers.get("words", {}).items()
    }
    return {"columns": columns, "words": words}


def read(layout):
    return parse_plan_file(layout.data, layout.filename, **answers(layout))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_each_layout_reads_as_a_person_reads_it(layout):
    parsed = read(layout)
    expected = layout.expected

    assert parsed.problems == []
    assert parsed.questions == []
    if expected.sheet:
        assert expected.sheet.casefold() in parsed.table.casefold()
    sections: dict[str, int] = {}
    for row in parsed.rows:
        sections[row.section] = sections.get(row.section, 0) + 1
    assert list(sections.items()) == expected.sections

    rows = {row.reference: row for row in parsed.rows}
    assert list(rows) == list(expected.actions)
    mismatches = []
    for reference, want in expected.actions.items():
        row = rows[reference]
        got = {
            "section": row.section,
            "title": (row.title + " " + row.description).startswith(want.title_startswith)
            or row.title.startswith(want.title_startswith),
            "due_date": row.due_date,
            "rating": row.rating.value if row.rating else None,
            "lead": row.lead,
            "others": list(row.others),
            "commentary": row.commentary.startswith(want.commentary_startswith),
            "steps": _in_order(want.steps, row.description),
        }
        wanted = {
            "section": want.section,
            "title": True,
            "due_date": want.due_date,
            "rating": want.rating,
            "lead": want.lead,
            "others": list(want.other_people),
            "commentary": True,
            "steps": True,
        }
        for key in wanted:
            if got[key] != wanted[key]:
                mismatches.append(f"{reference} {key}: read {got[key]!r}, expected {wanted[key]!r}")
    assert mismatches == []


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_guess_is_shown_and_colours_are_listed(layout):
    parsed = read(layout)
    coloured = {guess.row for guess in parsed.guesses if guess.kind == "colour"}
    rows = {row.reference: row.number for row in parsed.rows}
    for reference, want in layout.expected.actions.items():
        if want.rating_from_colour:
            assert rows[reference] in coloured, reference
    for reference, want in layout.expected.actions.items():
        if (
            want.due_text
            and want.due_date is None
            or (want.due_text and not _plain_date(want.due_text))
        ):
            assert any(
                guess.kind == "date" and guess.row == rows[reference] for guess in parsed.guesses
            ), reference


def _plain_date(text: str) -> bool:
    import re

    plain = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+ \d{4}"
    return bool(re.fullmatch(plain, text.strip()))


def _in_order(steps: list[str], description: str) -> bool:
    """Each step is in the description, in the file's order."""
    position = 0
    for step in steps:
        found = description.find(step, position)
        if found < 0:
            return False
        position = found + len(step)
    return True
