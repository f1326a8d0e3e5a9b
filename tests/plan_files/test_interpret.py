"""Reading council spreadsheets as they are written: headings, rating words, fill
colours, timescales, people and titles, taken from real published trackers."""

import datetime
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.models import Rating
from plan_files.interpret import (
    FIELDS,
    KNOWN_HEADINGS,
    NO_RATING,
    PersonName,
    Timescale,
    TimescaleError,
    WordReading,
    field_for_heading,
    normalise_word,
    rating_for_colour,
    rating_for_word,
    read_timescale,
    short_title,
    split_people,
)

D = datetime.date

# --- Headings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        # reference
        ("Ref", "reference"),
        ("Ref no", "reference"),
        ("Ref. No.", "reference"),
        ("Ref number", "reference"),
        ("Reference", "reference"),
        ("No.", "reference"),
        ("No", "reference"),
        ("#", "reference"),
        ("Action No.", "reference"),
        ("Action ref", "reference"),
        ("Action number", "reference"),
        ("ID", "reference"),
        # title
        ("Action", "title"),
        ("Actions", "title"),
        ("What?", "title"),
        ("Actions Required", "title"),
        ("Action to be taken", "title"),
        ("Action required", "title"),
        ("Activity", "title"),
        ("Task", "title"),
        ("What will we do", "title"),
        ("What will we do?", "title"),
        ("Key action(s)", "title"),
        ("Key actions", "title"),
        # lead
        ("Lead", "lead"),
        ("Who?", "lead"),
        ("Lead Officer(s)", "lead"),
        ("Lead officers", "lead"),
        ("Responsible officer", "lead"),
        ("Owner", "lead"),
        ("Action owner", "lead"),
        ("Lead officer/manager", "lead"),
        ("Accountable officer", "lead"),
        ("Responsibility", "lead"),
        ("Lead person", "lead"),
        # partners
        ("Partners", "partners"),
        ("Partner agencies", "partners"),
        ("Supported by", "partners"),
        ("Key partners", "partners"),
        ("Others involved", "partners"),
        # due date
        ("Due", "due_date"),
        ("Due date", "due_date"),
        ("When?", "due_date"),
        ("Timescale", "due_date"),
        ("Timescales", "due_date"),
        ("Timescale(s)", "due_date"),
        ("Target date", "due_date"),
        ("Deadline", "due_date"),
        ("By when", "due_date"),
        ("By when?", "due_date"),
        ("Completion date", "due_date"),
        ("Target completion date", "due_date"),
        ("Date due", "due_date"),
        # revised due date
        ("Revised date", "revised_due_date"),
        ("Revised due date", "revised_due_date"),
        ("Revised timescale", "revised_due_date"),
        ("New target date", "revised_due_date"),
        # start date
        ("Start", "start_date"),
        ("Start date", "start_date"),
        # rating
        ("Rating", "rating"),
        ("RAG", "rating"),
        ("BRAG", "rating"),
        ("RAG Status", "rating"),
        ("BRAG status", "rating"),
        ("Traffic Light", "rating"),
        ("Status", "rating"),
        ("Current Status", "rating"),
        ("RAG rating", "rating"),
        ("BRAG rating", "rating"),
        ("Progress rating", "rating"),
        ("RAG March 2020", "rating"),
        ("BRAG status at 31/03/2020", "rating"),
        # commentary
        ("Commentary", "commentary"),
        ("Update", "commentary"),
        ("Progress", "commentary"),
        ("Progress March 2020", "commentary"),
        ("Update - Jan 21", "commentary"),
        ("Update – January 2021", "commentary"),
        ("Progress update", "commentary"),
        ("Progress update (Q3 2020/21)", "commentary"),
        ("Progress as at 31st March 2020", "commentary"),
        ("March 2020 update", "commentary"),
        ("Latest update", "commentary"),
        ("Outcome", "commentary"),
        ("Comments", "commentary"),
        ("Progress to date", "commentary"),
        ("Current position", "commentary"),
        # success measures
        ("Success measures", "success_measures"),
        ("Measure of success", "success_measures"),
        ("Measures of success", "success_measures"),
        ("Measure(s) of success", "success_measures"),
        ("Success criteria", "success_measures"),
        ("Impact", "success_measures"),
        ("Expected impact", "success_measures"),
        ("Outcomes expected", "success_measures"),
        ("Evidence of impact", "success_measures"),
        ("How will we know", "success_measures"),
        ("How will we know?", "success_measures"),
        ("Success measures / expected impact", "success_measures"),
        # section
        ("Section", "section"),
        ("Priority", "section"),
        ("Theme", "section"),
        ("Standard", "section"),
        ("Objective", "section"),
        ("Area", "section"),
        ("Workstream", "section"),
        ("Priority area", "section"),
        # description
        ("Description", "description"),
        ("How?", "description"),
        ("Detail", "description"),
        ("Steps", "description"),
        ("Sub-actions", "description"),
        ("Key tasks", "description"),
        # recommendations
        ("Recommendation", "recommendations"),
        ("Recommendations", "recommendations"),
        ("Recommendation(s)", "recommendations"),
        ("Ofsted recommendation", "recommendations"),
        ("Finding", "recommendations"),
        ("Inspection finding", "recommendations"),
        # next steps
        ("Next steps", "next_steps"),
        # Two ways of saying the same thing in one heading.
        ("What? (Action)", "title"),
        ("Comments / Update", "commentary"),
        ("Ref (No.)", "reference"),
        ("Timescale for completion", "due_date"),
    ],
)
def test_it_recognises_council_headings(heading, field):
    assert field_for_heading(heading) == field


@pytest.mark.parametrize(
    "heading",
    [
        "  lead OFFICER(S):  ",
        "LEAD\nOFFICER",
        "Lead Officer*",
        "lead-officer",
        "Lead officer & manager",
        "Lead officer and manager",
    ],
)
def test_headings_are_compared_without_case_spacing_or_punctuation(heading):
    assert field_for_heading(heading) == "lead"


@pytest.mark.parametrize(
    "heading",
    [
        "",
        "Notes",
        "Evidence",
        "Evidence of completion",
        "Status of evidence",
        # When it was completed, not when it was due: completion comes from a Blue rating.
        "Date completed",
        "Actual completion date",
        "Priority level",
        "Date",
        "Update date",
        "Column1",
        "Progress of the Improvement Board",
        # Two fields in one column: the plan manager chooses.
        "Lead Officer(s) / Partners",
        "Timescale (revised)",
    ],
)
def test_false_friends_and_unknown_headings_are_not_guessed(heading):
    assert field_for_heading(heading) is None


def test_no_heading_is_claimed_by_two_fields():
    for field, headings in KNOWN_HEADINGS.items():
        assert {heading: field_for_heading(heading) for heading in headings} == dict.fromkeys(
            headings, field
        )


def test_every_recognised_heading_names_a_field_with_a_label():
    assert set(FIELDS) == {
        "section",
        "reference",
        "title",
        "description",
        "lead",
        "partners",
        "start_date",
        "due_date",
        "revised_due_date",
        "rating",
        "commentary",
        "success_measures",
        "recommendations",
        "next_steps",
    }
    assert all(FIELDS.values())
    assert all(field_for_heading(label) == key for key, label in FIELDS.items())


# --- Rating words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "rating", "how"),
    [
        ("Blue", Rating.BLUE, "word"),
        ("GREEN", Rating.GREEN, "word"),
        (" amber ", Rating.AMBER, "word"),
        ("Red.", Rating.RED, "word"),
        ("(Red)", Rating.RED, "word"),
        ("B", Rating.BLUE, "letter"),
        ("g", Rating.GREEN, "letter"),
        ("A", Rating.AMBER, "letter"),
        ("r", Rating.RED, "letter"),
        ("Y", Rating.AMBER, "synonym"),
        ("Complete", Rating.BLUE, "synonym"),
        ("Completed", Rating.BLUE, "synonym"),
        ("Done", Rating.BLUE, "synonym"),
        ("Achieved", Rating.BLUE, "synonym"),
        ("Closed", Rating.BLUE, "synonym"),
        ("Finished", Rating.BLUE, "synonym"),
        ("On track", Rating.GREEN, "synonym"),
        ("On-track", Rating.GREEN, "synonym"),
        ("On target", Rating.GREEN, "synonym"),
        ("In progress - on track", Rating.GREEN, "synonym"),
        ("At risk", Rating.AMBER, "synonym"),
        ("Some slippage", Rating.AMBER, "synonym"),
        ("Some progress", Rating.AMBER, "synonym"),
        ("Slipping", Rating.AMBER, "synonym"),
        ("Delayed", Rating.AMBER, "synonym"),
        ("Yellow", Rating.AMBER, "synonym"),
        ("Off track", Rating.RED, "synonym"),
        ("Not progressed", Rating.RED, "synonym"),
        ("Not progressed as planned", Rating.RED, "synonym"),
        ("Behind", Rating.RED, "synonym"),
        ("Significantly delayed", Rating.RED, "synonym"),
        ("Overdue", Rating.RED, "synonym"),
        # The Board wording itself, with any dash or a colon.
        ("Blue – completed", Rating.BLUE, "word"),
        ("Green - on track", Rating.GREEN, "word"),
        ("Amber – some progress but slippage", Rating.AMBER, "word"),
        ("Red – not progressed as planned", Rating.RED, "word"),
        ("Red: not progressed as planned", Rating.RED, "word"),
        ("Amber—some progress but slippage", Rating.AMBER, "word"),
        ("Blue (complete)", Rating.BLUE, "word"),
        # Combined words read as the worse of the two.
        ("Amber/Green", Rating.AMBER, "combined"),
        ("Green/Amber", Rating.AMBER, "combined"),
        ("Amber-Red", Rating.RED, "combined"),
        ("Amber - Red", Rating.RED, "combined"),
        ("Red / Amber", Rating.RED, "combined"),
        ("AG", Rating.AMBER, "combined"),
        ("GA", Rating.AMBER, "combined"),
        ("RA", Rating.RED, "combined"),
        ("A/G", Rating.AMBER, "combined"),
        ("Blue/Green", Rating.GREEN, "combined"),
        ("Green/Yellow", Rating.AMBER, "combined"),
        # No rating yet.
        ("Not started", None, "no rating"),
        ("Not yet started", None, "no rating"),
        ("N/A", None, "no rating"),
        ("Not due", None, "no rating"),
        ("TBC", None, "no rating"),
        ("Pending", None, "no rating"),
        ("-", None, "no rating"),
        ("–", None, "no rating"),
        ("", None, "no rating"),
    ],
)
def test_it_reads_rating_words(word, rating, how):
    assert rating_for_word(word) == WordReading(rating, how)


@pytest.mark.parametrize(
    "word",
    [
        "Amber E",
        "Green (Jan)",
        # A colour whose words say another rating is a question, not a guess.
        "Green - delayed",
        "Blue - on track",
        "In progress",
        "RAG",
        "Purple",
        "Amber/Purple",
        "X",
        "GAR",
    ],
)
def test_unknown_or_contradictory_words_are_left_to_the_plan_manager(word):
    assert rating_for_word(word) is None


def test_remembered_answers_come_first():
    known = {"amber e": "amber", "not started": "red", "parked": NO_RATING}
    assert rating_for_word("Amber E", known=known) == WordReading(Rating.AMBER, "remembered")
    assert rating_for_word("  AMBER   e ", known=known) == WordReading(Rating.AMBER, "remembered")
    assert rating_for_word("Not started", known=known) == WordReading(Rating.RED, "remembered")
    assert rating_for_word("Parked", known=known) == WordReading(None, "remembered")
    assert rating_for_word("Green", known=known) == WordReading(Rating.GREEN, "word")


def test_a_remembered_answer_must_be_a_rating_or_no_rating():
    with pytest.raises(ValueError, match="remembered"):
        rating_for_word("Amber E", known={"amber e": "orange"})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Amber E", "amber e"),
        ("Amber  E.", "AMBER E"),
        ("Amber – E", "amber-e"),
        ("Amber — E", "Amber - E"),
        ("\u00a0Green\u00a0", "green"),
    ],
)
def test_words_are_remembered_under_one_key_however_spaced_or_cased(first, second):
    assert normalise_word(first) == normalise_word(second)


VOCABULARY = [
    "Blue",
    "Completed",
    "On track",
    "At risk",
    "Off track",
    "Not started",
    "Amber/Green",
    "AG",
    "Amber – some progress but slippage",
    "Amber E",
]


@settings(derandomize=True)
@given(
    word=st.sampled_from(VOCABULARY),
    cases=st.lists(st.booleans(), min_size=40, max_size=40),
    before=st.sampled_from(["", " ", "  ", "\t", "\u00a0"]),
    after=st.sampled_from(["", " ", "  ", "\n"]),
)
def test_rating_words_are_read_in_any_case_and_spacing(word, cases, before, after):
    recased = "".join(
        char.upper() if upper else char.lower() for char, upper in zip(word, cases, strict=False)
    )
    assert rating_for_word(before + recased + after) == rating_for_word(word)


@settings(derandomize=True)
@given(st.text())
def test_any_text_is_read_or_left_as_a_question(text):
    reading = rating_for_word(text)
    assert reading is None or isinstance(reading, WordReading)


# --- Fill colours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argb", "rating"),
    [
        *((f"FF{rgb}", Rating.RED) for rgb in ("FF0000", "C00000", "FF5050", "FFC7CE", "FF9999")),
        *(
            (f"FF{rgb}", Rating.AMBER)
            for rgb in ("FFC000", "FFBF00", "FFA500", "FFFF00", "F79646", "FFEB9C", "ED7D31")
        ),
        *(
            (f"FF{rgb}", Rating.GREEN)
            for rgb in ("00B050", "92D050", "00FF00", "008000", "C6EFCE", "A9D08E")
        ),
        *(
            (f"FF{rgb}", Rating.BLUE)
            for rgb in ("0070C0", "00B0F0", "5B9BD5", "0000FF", "9BC2E6", "4472C4", "3366FF")
        ),
        # Alpha 00 from older files, and lower case: the colour is the same.
        ("00FF0000", Rating.RED),
        ("ff92d050", Rating.GREEN),
        ("FFC000", Rating.AMBER),
    ],
)
def test_it_reads_rating_fill_colours(argb, rating):
    assert rating_for_colour(argb) == rating


@pytest.mark.parametrize(
    "argb",
    [
        None,
        "",
        # What openpyxl gives for a theme colour's rgb.
        "Values must be of type <class 'str'>",
        "FFFFFFFF",
        "00000000",
        "FF000000",
        "FF808080",
        "FFD9D9D9",
        "FFF2F2F2",
        # Excel's "lighter 80%" tints are banding, not ratings.
        "FFDDEBF7",
        "FFE2EFDA",
        "FFFCE4D6",
        # Purple, brown, magenta, teal.
        "FF7030A0",
        "FF8064A2",
        "FF996633",
        "FF843C0C",
        "FFFF00FF",
        "FF008080",
        "FF00FFFF",
        "FFGGGGGG",
    ],
)
def test_colours_that_are_no_rating_are_not_guessed(argb):
    assert rating_for_colour(argb) is None


# --- Timescales -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "how"),
    [
        ("31/03/2020", D(2020, 3, 31), "date"),
        ("31/3/20", D(2020, 3, 31), "two-digit year"),
        ("31.03.20", D(2020, 3, 31), "two-digit year"),
        ("9.12.16", D(2016, 12, 9), "two-digit year"),
        ("31-03-2020", D(2020, 3, 31), "date"),
        ("2020-03-31", D(2020, 3, 31), "date"),
        ("31/10/03", D(2003, 10, 31), "two-digit year"),
        ("01/04/69", D(2069, 4, 1), "two-digit year"),
        ("01/04/70", D(1970, 4, 1), "two-digit year"),
        ("31st March 2020", D(2020, 3, 31), "date"),
        ("1st of April 2020", D(2020, 4, 1), "date"),
        ("31 Mar 2020", D(2020, 3, 31), "date"),
        ("31-Mar-20", D(2020, 3, 31), "two-digit year"),
        ("March 31, 2020", D(2020, 3, 31), "date"),
        ("March 2020", D(2020, 3, 31), "month"),
        ("Mar 2020", D(2020, 3, 31), "month"),
        ("Mar-20", D(2020, 3, 31), "month"),
        ("Feb 2020", D(2020, 2, 29), "month"),
        ("Sept 2020", D(2020, 9, 30), "month"),
        ("Dec 2016", D(2016, 12, 31), "month"),
        ("Dec-16", D(2016, 12, 31), "month"),
        ("December 16", D(2016, 12, 31), "month"),
        ("Dec '16", D(2016, 12, 31), "month"),
        ("03/2020", D(2020, 3, 31), "month"),
        ("End Oct 03", D(2003, 10, 31), "end of month"),
        ("End of March 2020", D(2020, 3, 31), "end of month"),
        ("by end of Q2 2020/21", D(2020, 9, 30), "quarter"),
        ("Q1 2020/21", D(2020, 6, 30), "quarter"),
        ("Q2 2020/21", D(2020, 9, 30), "quarter"),
        ("Q3 20/21", D(2020, 12, 31), "quarter"),
        ("Q4 2019-20", D(2020, 3, 31), "quarter"),
        ("Q4 2019/2020", D(2020, 3, 31), "quarter"),
        ("Quarter 2 2020/21", D(2020, 9, 30), "quarter"),
        ("2020/21 Q3", D(2020, 12, 31), "quarter"),
        ("Q1 2021", D(2021, 3, 31), "calendar quarter"),
        ("2020/21", D(2021, 3, 31), "financial year"),
        ("2020-21", D(2021, 3, 31), "financial year"),
        ("20/21", D(2021, 3, 31), "financial year"),
        ("FY 2019/20", D(2020, 3, 31), "financial year"),
        ("1999/00", D(2000, 3, 31), "financial year"),
        ("Spring 2020", D(2020, 5, 31), "season"),
        ("Summer 2020", D(2020, 8, 31), "season"),
        ("Autumn 2020", D(2020, 11, 30), "season"),
        ("Winter 2020", D(2021, 2, 28), "season"),
        ("Winter 2019/20", D(2020, 2, 29), "season"),
        ("Spring 2020/21", D(2021, 5, 31), "season"),
        ("Autumn 2020/21", D(2020, 11, 30), "season"),
        ("Spring term 2021", D(2021, 3, 31), "school term"),
        ("Spring term 2020/21", D(2021, 3, 31), "school term"),
        ("Autumn term 2020/21", D(2020, 12, 31), "school term"),
        ("Summer term 2020/21", D(2021, 7, 31), "school term"),
        ("Summer term 2021", D(2021, 7, 31), "school term"),
        ("Autumn term 2020", D(2020, 12, 31), "school term"),
        ("Early 2021", D(2021, 4, 30), "part of year"),
        ("Mid 2021", D(2021, 8, 31), "part of year"),
        ("End of 2021", D(2021, 12, 31), "part of year"),
        ("Late 2020", D(2020, 12, 31), "part of year"),
        ("H1 2021", D(2021, 6, 30), "part of year"),
        ("Second half of 2021", D(2021, 12, 31), "part of year"),
        ("2nd half 2021", D(2021, 12, 31), "part of year"),
        ("2021", D(2021, 12, 31), "year"),
        ("By 2021", D(2021, 12, 31), "year"),
        ("Phase 1 completed / Phase 2 Mar 2017", D(2017, 3, 31), "month"),
        ("Phase 1 Dec 2016 / Phase 2 Mar 2017", D(2017, 3, 31), "several dates"),
        ("Mar 2017 (revised from Dec 2016)", D(2017, 3, 31), "several dates"),
        ("April 2020 - March 2021", D(2021, 3, 31), "several dates"),
        ("Sep 20 - Mar 21", D(2021, 3, 31), "several dates"),
        ("31/3/2020-30/6/2020", D(2020, 6, 30), "several dates"),
        ("Sept 2020 (slipped to Dec 2020)", D(2020, 12, 31), "several dates"),
        ("Apr 2020 - Mar 2021 (Phase 1); Phase 2 by Sept 2021", D(2021, 9, 30), "several dates"),
        ("Jul-Sep 2020", D(2020, 9, 30), "month"),
        ("MARCH 2020", D(2020, 3, 31), "month"),
        ("march 31st 2020", D(2020, 3, 31), "date"),
        ("w/c 12/03/2020", D(2020, 3, 12), "date"),
        ("Completed 31/03/2020", D(2020, 3, 31), "date"),
        ("31/03/2020 00:00:00", D(2020, 3, 31), "date"),
        ("2020-03-31 00:00:00", D(2020, 3, 31), "date"),
        ("2019-2020", D(2020, 3, 31), "financial year"),
        ("Q4 19-20", D(2020, 3, 31), "quarter"),
        ("Jan – Mar 2020", D(2020, 3, 31), "month"),
        ("31/03/2020 then ongoing", D(2020, 3, 31), "date"),
        ("Ongoing", None, "no date"),
        ("On-going", None, "no date"),
        ("Ongoing - reviewed monthly", None, "no date"),
        ("TBC", None, "no date"),
        ("TBA", None, "no date"),
        ("Monthly", None, "no date"),
        ("Quarterly", None, "no date"),
        ("Annually", None, "no date"),
        ("Continuous", None, "no date"),
        ("In place", None, "no date"),
        ("N/A", None, "no date"),
        ("-", None, "no date"),
        ("Completed", None, "no date"),
        ("Ongoing - may change", None, "no date"),
    ],
)
def test_it_reads_timescales_as_councils_write_them(text, date, how):
    assert read_timescale(text) == Timescale(date, text, how)


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_an_empty_cell_has_no_timescale(value):
    assert read_timescale(value) is None


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        # A month typed into Excel is stored as the 1st and shown without a day.
        (datetime.datetime(2016, 12, 1), "mmm-yy", Timescale(D(2016, 12, 31), "Dec-16", "month")),
        (
            datetime.datetime(2020, 3, 1),
            "mmmm yyyy",
            Timescale(D(2020, 3, 31), "March 2020", "month"),
        ),
        (
            datetime.datetime(2016, 12, 1),
            "[$-809]mmm-yy;@",
            Timescale(D(2016, 12, 31), "Dec-16", "month"),
        ),
        (D(2017, 2, 1), "mmm yyyy", Timescale(D(2017, 2, 28), "Feb 2017", "month")),
        (D(2017, 2, 1), "mmm\\-yy", Timescale(D(2017, 2, 28), "Feb-17", "month")),
        # The day shows, or the stored day is not the 1st: the date is the date.
        (
            datetime.datetime(2016, 12, 1),
            "dd/mm/yyyy",
            Timescale(D(2016, 12, 1), "01/12/2016", "date"),
        ),
        (
            datetime.datetime(2016, 12, 15),
            "mmm-yy",
            Timescale(D(2016, 12, 15), "Dec-16", "date"),
        ),
        # Excel's built-in short date shows in the reader's (UK) order.
        (
            datetime.datetime(2020, 3, 31),
            "mm-dd-yy",
            Timescale(D(2020, 3, 31), "31/03/2020", "date"),
        ),
        (D(2020, 3, 31), "", Timescale(D(2020, 3, 31), "31/03/2020", "date")),
        (D(2020, 3, 1), "", Timescale(D(2020, 3, 1), "01/03/2020", "date")),
        (
            datetime.datetime(2020, 3, 31, 17, 30),
            "d mmmm yyyy",
            Timescale(D(2020, 3, 31), "31 March 2020", "date"),
        ),
        (
            D(2020, 3, 31),
            'dddd d"th" mmmm',
            Timescale(D(2020, 3, 31), "Tuesday 31th March", "date"),
        ),
        (
            datetime.datetime(2020, 3, 31, 9, 0),
            "dd/mm/yyyy hh:mm",
            Timescale(D(2020, 3, 31), "31/03/2020", "date"),
        ),
    ],
)
def test_it_reads_date_cells_as_they_are_shown(value, number_format, expected):
    assert read_timescale(value, number_format=number_format) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2021, Timescale(D(2021, 12, 31), "2021", "year")),
        (2021.0, Timescale(D(2021, 12, 31), "2021", "year")),
        # Excel's day number for 31/03/2020, from a date cell that lost its format.
        (43921, Timescale(D(2020, 3, 31), "43921", "date number")),
        (43921.5, Timescale(D(2020, 3, 31), "43921.5", "date number")),
    ],
)
def test_it_reads_numbers_only_when_they_can_only_be_a_year_or_a_date(value, expected):
    assert read_timescale(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # "9.12" typed into Excel becomes a number: it has no year.
        (9.12, "9.12 is a number, not a date"),
        (12, "12 is a number, not a date"),
        (100000, "100000 is a number, not a date"),
        (True, "True could not be read as a date"),
        (float("nan"), "nan is a number, not a date"),
    ],
)
def test_numbers_that_are_no_date_are_refused(value, message):
    with pytest.raises(TimescaleError, match=message):
        read_timescale(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.20", "31.02.20 is not a date: February has 28 or 29 days."),
        ("29/02/2021", "29/02/2021 is not a date: February 2021 has 28 days."),
        ("31/04/2020", "31/04/2020 is not a date: April 2020 has 30 days."),
        ("32/01/2020", "32/01/2020 is not a date: no month has more than 31 days."),
        ("15/13/2020", "15/13/2020 is not a date: there is no month 13."),
        (
            "03/31/2020",
            "03/31/2020 is not a date: there is no month 31. Days come first: 31/03/2020.",
        ),
        ("00/03/2020", "00/03/2020 is not a date: there is no day 0."),
        ("13/2020", "13/2020 is not a date: there is no month 13."),
        ("Q5 2020/21", "Q5 2020/21 is not a quarter: quarters run Q1 to Q4."),
        ("2020/22", "2020/22 is not a financial year"),
        ("Q2 2020/2022", "is not a financial year"),
        ("31/03/2020 and 31.02.20", "31.02.20 is not a date"),
        ("31 March 2320", "the year 2320 is not between 1900 and 2199"),
        (
            "Soon",
            "'Soon' could not be read as a date. Write it as 31/03/2020, March 2020 or "
            "Q2 2020/21, or 'Ongoing'.",
        ),
        ("When staff are recruited", "could not be read as a date"),
        ("by end of Q2", "'by end of Q2' has no year"),
        ("End of March", "'End of March' has no year"),
        ("31/03", "could not be read as a date"),
    ],
)
def test_impossible_or_unreadable_timescales_say_why(text, message):
    with pytest.raises(TimescaleError) as error:
        read_timescale(text)
    assert message in str(error.value)


@settings(derandomize=True, max_examples=500)
@given(
    st.one_of(
        st.text(),
        st.text(alphabet=string.digits + "/.-: qQ", max_size=14),
        st.from_regex(r"\A(q\d )?\d{1,4}[/.-]\d{1,4}([/.-]\d{1,4})?\Z"),
    )
)
def test_any_text_is_read_or_refused_with_a_reason(text):
    try:
        timescale = read_timescale(text)
    except TimescaleError as error:
        assert str(error)
    else:
        assert timescale is None or isinstance(timescale, Timescale)


DATES = st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31))


@settings(derandomize=True)
@given(DATES)
def test_any_date_written_day_first_is_read_back(date):
    full = f"{date.day:02d}/{date.month:02d}/{date.year}"
    short = f"{date.day}.{date.month}.{date.year % 100:02d}"
    assert read_timescale(full) == Timescale(date, full, "date")
    assert read_timescale(short) == Timescale(date, short, "two-digit year")


@settings(derandomize=True)
@given(DATES)
def test_any_month_and_year_is_read_as_the_end_of_that_month(date):
    text = date.strftime("%B %Y")
    end_of_month = (date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert read_timescale(text) == Timescale(
        end_of_month - datetime.timedelta(days=1), text, "month"
    )


@settings(derandomize=True)
@given(DATES)
def test_any_financial_quarter_is_read_as_the_end_of_that_quarter(date):
    starts_in = date.year if date.month >= 4 else date.year - 1
    quarter = (date.month - 4) % 12 // 3 + 1
    text = f"Q{quarter} {starts_in}/{(starts_in + 1) % 100:02d}"
    timescale = read_timescale(text)
    assert timescale.how == "quarter"
    assert date <= timescale.date < date + datetime.timedelta(days=92)
    assert timescale.date.month in (3, 6, 9, 12)
    assert (timescale.date + datetime.timedelta(days=1)).day == 1


@settings(derandomize=True)
@given(DATES)
def test_any_excel_month_cell_is_read_as_the_end_of_that_month(date):
    first = datetime.datetime(date.year, date.month, 1)
    timescale = read_timescale(first, number_format="mmm-yy")
    assert timescale.how == "month"
    assert timescale.date.month == date.month
    assert (timescale.date + datetime.timedelta(days=1)).day == 1
    assert timescale.text == first.strftime("%b-%y")


# --- People ---------------------------------------------------------------------------


def names(*items: str) -> list[PersonName]:
    return [PersonName(item, False) for item in items]


def posts(*items: str) -> list[PersonName]:
    return [PersonName(item, True) for item in items]


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Jo Bloggs", names("Jo Bloggs")),
        ("Jo Bloggs / Sam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs and Sam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs & Sam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs; Sam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs, Sam Smith, Ann Lee", names("Jo Bloggs", "Sam Smith", "Ann Lee")),
        ("Jo Bloggs\nSam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs + Sam Smith", names("Jo Bloggs", "Sam Smith")),
        ("Jo Bloggs/Sam Smith/Jo Bloggs", names("Jo Bloggs", "Sam Smith")),
        ("JI/SBR", names("JI", "SBR")),
        ("jo.bloggs@example.org", names("jo.bloggs@example.org")),
        (
            "jo.bloggs@example.org; sam.smith@example.org",
            names("jo.bloggs@example.org", "sam.smith@example.org"),
        ),
        ("Mary Head", names("Mary Head")),
        # Names in every script.
        ("Łukasz Dvořák", names("Łukasz Dvořák")),
        ("Аня Петрова", names("Аня Петрова")),
        ("محمد", names("محمد")),
        ("王芳", names("王芳")),
        ("Siobhán O'Neill", names("Siobhán O'Neill")),
        ("Mary-Jane Smith-Jones", names("Mary-Jane Smith-Jones")),
        ("Łukasz Dvořák / 王芳 and محمد", names("Łukasz Dvořák", "王芳", "محمد")),
        # Posts, kept whole.
        ("Head of Service, MASH", posts("Head of Service, MASH")),
        ("Director of Children's Services", posts("Director of Children's Services")),
        ("DCS", posts("DCS")),
        ("AD Safeguarding", posts("AD Safeguarding")),
        ("Service Manager – Fostering", posts("Service Manager – Fostering")),
        ("All Heads of Service", posts("All Heads of Service")),
        ("Team managers", posts("Team managers")),
        (
            "Head of Quality Assurance and Performance",
            posts("Head of Quality Assurance and Performance"),
        ),
        ("Early Help and Prevention Manager", posts("Early Help and Prevention Manager")),
        ("Head of CIN/CP", posts("Head of CIN/CP")),
        # Several posts, or posts and people.
        ("DCS / AD Safeguarding", posts("DCS", "AD Safeguarding")),
        (
            "Head of Service, MASH and Principal Social Worker",
            posts("Head of Service, MASH", "Principal Social Worker"),
        ),
        (
            "Head of Service, MASH, Head of Service, CIN",
            posts("Head of Service, MASH", "Head of Service, CIN"),
        ),
        (
            "Jo Bloggs (Head of Service) / Sam Smith",
            names("Jo Bloggs (Head of Service)", "Sam Smith"),
        ),
        # A name with its post is one person.
        ("Jo Bloggs, Head of Service", names("Jo Bloggs, Head of Service")),
        (
            "Jo Bloggs, Head of Service, MASH and Sam Smith, AD",
            names("Jo Bloggs, Head of Service, MASH", "Sam Smith, AD"),
        ),
        ("Cllr Jo Bloggs", names("Cllr Jo Bloggs")),
        ("Mark Young", names("Mark Young")),
        ("Jo Early", names("Jo Early")),
        ("Head of Service (MASH)", posts("Head of Service (MASH)")),
        ("Sarah Jones - Head of Service", names("Sarah Jones - Head of Service")),
        ("Head of Service: Sarah Jones", names("Head of Service: Sarah Jones")),
        ("Team Manager (Jo Bloggs)", names("Team Manager (Jo Bloggs)")),
        ("Jo Bloggs (interim)", names("Jo Bloggs (interim)")),
        ("Sam Smith (Health)", names("Sam Smith (Health)")),
        ("Head of Service (TBC)", posts("Head of Service (TBC)")),
        # Not yet anyone: never an account.
        ("TBC", posts("TBC")),
        ("Vacant", posts("Vacant")),
        (
            "Service Manager – Fostering and Adoption",
            posts("Service Manager – Fostering and Adoption"),
        ),
        ("Head of Service/MASH", posts("Head of Service/MASH")),
        ("Health and Social Care Manager", posts("Health and Social Care Manager")),
        ("Lead Member for Children", posts("Lead Member for Children")),
        ("Senior Leadership Team", posts("Senior Leadership Team")),
        ("AD Safeguarding & Jo Bloggs", [*posts("AD Safeguarding"), *names("Jo Bloggs")]),
        # Partner agencies are not people.
        ("Health, Police and Education", posts("Health", "Police", "Education")),
        ("Public Health / CAMHS & Schools", posts("Public Health", "CAMHS", "Schools")),
        ("DCS and Health", posts("DCS", "Health")),
        ("  ", []),
        (" / ; ,", []),
    ],
)
def test_it_splits_the_people_a_cell_names(cell, people):
    assert split_people(cell) == people


SEPARATORS = set(",/&;+")


def _without_separators(text: str) -> str:
    text = re.sub(r"\band\b", "", text, flags=re.IGNORECASE)
    return "".join(char for char in text if char not in SEPARATORS and not char.isspace())


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(char in remaining for char in short)


@settings(derandomize=True, max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=12),
            st.sampled_from(
                [" and ", "/", ", ", "&", ";", "\n", "+", "Head of Service", "Jo", "MASH"]
            ),
        ),
        max_size=8,
    ).map("".join)
)
def test_splitting_people_never_loses_a_character(cell):
    kept = "".join(_without_separators(person.text) for person in split_people(cell))
    written = _without_separators(cell)
    assert set(kept) == set(written)
    assert _is_subsequence(kept, written)


# --- Titles ---------------------------------------------------------------------------


LONG_ACTION = (
    "Relaunch the quality assurance framework across all teams, with a new audit tool "
    "agreed with team managers, so that practice is audited monthly and learning is fed "
    "back to practitioners. Audits will be moderated by the Principal Social Worker and "
    "findings reported to the Improvement Board every quarter."
)


@pytest.mark.parametrize(
    ("text", "limit", "title"),
    [
        ("Relaunch the QA framework", 300, "Relaunch the QA framework"),
        ("  Relaunch   the QA\tframework  ", 300, "Relaunch the QA framework"),
        (
            LONG_ACTION,
            300,
            "Relaunch the quality assurance framework across all teams, with a new audit "
            "tool agreed with team managers, so that practice is audited monthly and "
            "learning is fed back to practitioners.",
        ),
        ("Relaunch the QA framework\nStep 1: agree the tool", 300, "Relaunch the QA framework"),
        (
            "Agree thresholds with partners e.g. Health and Police. Then train staff.",
            300,
            "Agree thresholds with partners e.g. Health and Police.",
        ),
        (
            "Meet Dr. Patel and agree plans. Then train staff.",
            300,
            "Meet Dr. Patel and agree plans.",
        ),
        ("Increase capacity by 1.5 FTE. Recruit staff.", 300, "Increase capacity by 1.5 FTE."),
        (
            "We will:\n- relaunch the QA framework\n- audit monthly",
            300,
            "We will: - relaunch the QA framework - audit monthly",
        ),
        ("• Relaunch the QA framework\n• Audit monthly", 300, "Relaunch the QA framework"),
        ("1.1 Relaunch the QA framework", 300, "1.1 Relaunch the QA framework"),
        ("Relaunch the quality assurance framework", 20, "Relaunch the…"),
        ("Relaunch the quality, assurance framework", 23, "Relaunch the quality…"),
        ("Supercalifragilisticexpialidocious", 10, "Supercali…"),
        ("", 300, ""),
        ("\n\n", 300, ""),
    ],
)
def test_short_title_is_the_first_sentence_cut_at_a_word(text, limit, title):
    assert short_title(text, limit=limit) == title


@settings(derandomize=True)
@given(st.text(), st.integers(min_value=2, max_value=400))
def test_short_title_is_never_longer_than_the_limit(text, limit):
    assert len(short_title(text, limit=limit)) <= limit
