"""The council layout library is self-consistent (it does not test the importer)."""

import calendar
import colorsys
import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from .builders import file_texts, shown_text
from .council_layouts import (
    FEATURES,
    LAYOUTS,
    NOT_RATED,
    RATINGS,
    monthly_trackers,
)

TRACKERS = monthly_trackers()
ALL = LAYOUTS + [t.layout for t in TRACKERS]

# Forms issue #15 names: each must appear, exactly, in some layout's plan.
HEADINGS = [
    "No.",
    "Ref",
    "Action No.",
    "What?",
    "Who?",
    "When?",
    "Lead Officer(s)",
    "Responsible officer",
    "Timescale",
    "Target date",
    "RAG",
    "RAG Status",
    "BRAG",
    "Traffic Light",
    "Current Status",
    "Status",
    "Update",
    "Progress",
    "Progress March 2020",
    "Latest update",
    "Measure of success",
    "Success criteria",
    "Actions Required",
    "Action to be taken",
    "Priority",
    "Theme",
    "Objective",
    "How?",
    "Evidence location",
    "Link to Ofsted recommendation",
]
RATING_WORDS = [
    "Complete",
    "Completed",
    "On track",
    "Off track",
    "At risk",
    "Not started",
    "G",
    "A",
    "R",
    "B",
    "Amber/Green",
    "Amber – some progress but slippage",
]
TIMESCALES = [
    "March 2020",
    "Mar-20",
    "Dec 2016",
    "Dec-16",
    "Q2 2020/21",
    "31.03.20",
    "9.12.16",
    "31/10/03",
    "End Oct 03",
    "Phase 1 completed / Phase 2 Mar 2017",
    "Ongoing",
    "TBC",
    "Monthly",
]


def squash(text: str) -> str:
    return " ".join(str(text).split())


def plan_texts(layout) -> list[str]:
    texts = file_texts(layout.filename, layout.data)
    key = layout.expected.sheet
    if layout.filename.endswith(".csv"):
        key = ""
    return texts[key]


def nearest(hex_colour: str) -> str:
    """The BRAG colour a person sees in a fill, by hue. (Plain RGB distance would call
    Excel's light green 92D050 amber, which no reader would.)"""
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue = colorsys.rgb_to_hsv(r, g, b)[0] * 360
    if hue < 20 or hue >= 330:
        return "red"
    if hue < 65:
        return "amber"
    if hue < 180:
        return "green"
    return "blue"


def ids(layouts):
    return [layout.name for layout in layouts]


def test_library_size_and_names():
    assert len(LAYOUTS) >= 12
    names = [layout.name for layout in ALL]
    assert len(names) == len(set(names))
    for layout in ALL:
        assert re.fullmatch(r"[a-z0-9_]+", layout.name)
        assert layout.filename.rsplit(".", 1)[1] in {"xlsx", "csv", "docx"}
        assert layout.description


def test_features_cover_the_list():
    union = set().union(*(layout.features for layout in ALL))
    for layout in ALL:
        assert layout.features <= FEATURES, (layout.name, layout.features - FEATURES)
    assert union >= FEATURES, FEATURES - union


def test_forms_from_the_issue_all_appear():
    cells = {squash(text) for layout in ALL for text in plan_texts(layout)}
    for form in HEADINGS + RATING_WORDS + TIMESCALES:
        assert form in cells, form
    lower = {c.lower() for c in cells}
    assert any(c != c.strip() for layout in ALL for c in plan_texts(layout))  # trailing space
    assert "on track" in lower and "ON TRACK" in cells  # mixed case


@pytest.mark.parametrize("layout", ALL, ids=ids(ALL))
def test_file_opens_and_the_plan_is_where_expected(layout):
    if layout.filename.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(layout.data))
        assert layout.expected.sheet in workbook.sheetnames
    elif layout.filename.endswith(".docx"):
        doc = Document(io.BytesIO(layout.data))
        number = int(layout.expected.sheet.removeprefix("Table "))
        assert 1 <= number <= len(doc.tables)
    else:
        assert layout.expected.sheet is None
        if "csv_utf8_bom" in layout.features:
            assert layout.data.startswith(b"\xef\xbb\xbf")
            layout.data.decode("utf-8-sig")
        if "csv_cp1252" in layout.features:
            with pytest.raises(UnicodeDecodeError):
                layout.data.decode("utf-8")
            text = layout.data.decode("cp1252")
            assert "£" in text and "’" in text


@pytest.mark.parametrize("layout", ALL, ids=ids(ALL))
def test_expected_actions_are_in_the_file(layout):
    texts = plan_texts(layout)
    cells = {squash(t) for t in texts}
    whole = "\n".join(squash(t) for t in texts)
    for ref, action in layout.expected.actions.items():
        if "no_ref_column" not in layout.features:
            shown = {ref}
            if "ref_numeric" in layout.features:
                shown.add(shown_text(float(ref)))
            assert shown & cells, ref
        assert action.title_startswith and action.title_startswith in whole, ref
        assert action.due_text in cells, (ref, action.due_text)
        assert action.lead and action.lead in whole, (ref, action.lead)
        for person in action.other_people:
            assert person in whole, (ref, person)
        if action.commentary_startswith:
            assert action.commentary_startswith in whole, ref
        for step in action.steps:
            assert squash(step) in cells, (ref, step)
        assert action.rating in RATINGS or action.rating is None, ref
        if action.rating_from_colour:
            assert action.rating is not None, ref
        if action.due_date is None:
            assert action.due_text in {"Ongoing", "TBC", "Monthly"}, ref
        else:
            assert action.due_date.year >= 2000


@pytest.mark.parametrize("layout", ALL, ids=ids(ALL))
def test_sections_add_up(layout):
    sections = layout.expected.sections
    titles = [title for title, _ in sections]
    assert len(titles) == len(set(titles))
    assert sum(count for _, count in sections) == len(layout.expected.actions)
    order = []
    for action in layout.expected.actions.values():
        if not order or order[-1] != action.section:
            order.append(action.section)
    assert order == titles  # each section's actions together, sections in file order
    for title, count in sections:
        assert count == sum(a.section == title for a in layout.expected.actions.values())
    cells = {squash(t) for t in plan_texts(layout)}
    for title in titles:
        # As written, or after a numbering label ("Priority 1: ", "Theme 2 – ", "1. ").
        assert title in cells or any(
            re.fullmatch(r"(?:[A-Za-z]+ )?[A-Z0-9]+[.:]? (?:[–-] )?" + re.escape(title), c)
            for c in cells
        ), title


@pytest.mark.parametrize("layout", ALL, ids=ids(ALL))
def test_answers_are_rare_and_about_words_in_the_file(layout):
    assert set(layout.answers) <= {"words", "headings"}
    cells = {squash(t) for t in plan_texts(layout)}
    for word, meaning in layout.answers.get("words", {}).items():
        assert meaning in (*RATINGS, NOT_RATED)
        assert word in cells, word
    for heading in layout.answers.get("headings", {}):
        assert heading in cells, heading
    assert len(layout.answers.get("words", {})) + len(layout.answers.get("headings", {})) <= 2


@pytest.mark.parametrize("layout", ALL, ids=ids(ALL))
def test_colour_only_ratings_match_the_fills(layout):
    """Every action read from colour has an empty filled cell of that colour in its row,
    and the number of colour-only cells equals the number of such actions."""
    expected = sorted(a.rating for a in layout.expected.actions.values() if a.rating_from_colour)
    found = []
    if layout.filename.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(layout.data))[layout.expected.sheet]
        merged = {rc for r in sheet.merged_cells.ranges for rc in r.cells}
        for row in sheet.iter_rows():
            for cell in row:
                fill = cell.fill
                if (
                    cell.value is None
                    and (cell.row, cell.column) not in merged
                    and fill.fill_type == "solid"
                    and any(v is not None for v in (c.value for c in row))
                ):
                    found.append(nearest(fill.start_color.rgb[-6:]))
    elif layout.filename.endswith(".docx"):
        doc = Document(io.BytesIO(layout.data))
        table = doc.tables[int(layout.expected.sheet.removeprefix("Table ")) - 1]
        for row in table.rows[1:]:
            for tc in row._tr.tc_lst:
                shd = tc.xpath("./w:tcPr/w:shd")
                text = "".join(tc.itertext()).strip()
                if shd and not text and len(row._tr.tc_lst) > 1:
                    found.append(
                        nearest(
                            shd[0].get(
                                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill"
                            )
                        )
                    )
    assert sorted(found) == expected


@pytest.mark.parametrize(
    "layout",
    [la for la in ALL if "long_action_text" in la.features],
    ids=ids([la for la in ALL if "long_action_text" in la.features]),
)
def test_long_actions_are_long(layout):
    starts = [a.title_startswith for a in layout.expected.actions.values()]
    long_ones = [
        t
        for t in plan_texts(layout)
        if 400 <= len(t) <= 900 and any(squash(t).startswith(s) for s in starts)
    ]
    assert long_ones


def test_month_dates_are_month_ends():
    for layout in ALL:
        for ref, action in layout.expected.actions.items():
            text = action.due_text
            if action.due_date and re.fullmatch(r"[A-Za-z]{3,9}[- ]\d{2,4}", text):
                last = calendar.monthrange(action.due_date.year, action.due_date.month)[1]
                assert action.due_date.day == last, (layout.name, ref)


def test_monthly_trackers():
    assert len(TRACKERS) == 3
    dates = [t.as_at for t in TRACKERS]
    for date in dates:
        assert date.day == calendar.monthrange(date.year, date.month)[1]
    assert [(d.year * 12 + d.month) for d in dates] == list(
        range(dates[0].year * 12 + dates[0].month, dates[0].year * 12 + dates[0].month + 3)
    )
    refs = list(TRACKERS[0].layout.expected.actions)
    assert 9 <= len(refs) <= 12
    for tracker in TRACKERS:
        plan = tracker.layout.expected
        assert list(plan.actions) == refs
        assert list(tracker.summary) == [title for title, _ in plan.sections]
        for title, counts in tracker.summary.items():
            ratings = [a.rating for a in plan.actions.values() if a.section == title]
            assert counts.total == len(ratings)
            assert counts.blue == ratings.count("blue")
            assert counts.green == ratings.count("green")
            assert counts.amber == ratings.count("amber")
            assert counts.red == ratings.count("red")
            assert counts.not_rated == ratings.count(None)
        first_texts = plan_texts(tracker.layout)
        assert f"{tracker.as_at.day} {tracker.as_at:%B %Y}" in " ".join(first_texts)
    assert TRACKERS[0].moved == [] and TRACKERS[0].movements == {}
    order = {"red": 0, "amber": 1, "green": 2, "blue": 3}
    ups = downs = completes = 0
    for before, after in zip(TRACKERS, TRACKERS[1:], strict=False):
        b, a = before.layout.expected.actions, after.layout.expected.actions
        changed = [ref for ref in refs if b[ref].rating != a[ref].rating]
        assert after.moved == changed
        assert after.movements == {ref: (b[ref].rating, a[ref].rating) for ref in changed}
        commentary_changed = [
            ref for ref in refs if b[ref].commentary_startswith != a[ref].commentary_startswith
        ]
        assert len(commentary_changed) >= len(refs) // 2
        for old, new in after.movements.values():
            if old is not None and new is not None:
                ups += order[new] > order[old]
                downs += order[new] < order[old]
            completes += new == "blue"
    assert ups and downs and completes
