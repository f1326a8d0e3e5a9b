"""Reading spreadsheets: what is understood, and a clear message for what is not."""

import datetime
import io
import os
import zipfile

from openpyxl import Workbook

from actions.models import Rating
from plan_files.layout import parse_plan_file
from plan_files.sources import MAX_UPLOAD_BYTES

from .sheets import HEADERS, action_row, csv_bytes, xlsx


def messages(parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_it_reads_a_workbook_whatever_the_heading_case_and_a_title_row_above():
    headers = ["  section ", "REF", "Action", "lead", "Due Date", "rating"]
    data = xlsx(
        [["Quality of Practice", "1.01", "Relaunch QA", "jo@example.org", "31/03/2020", "aMBER"]],
        headers=headers,
        title_row="Children's Services Improvement Plan, October 2019",
    )
    parsed = parse_plan_file(data, "plan.xlsx")
    assert parsed.problems == []
    [row] = parsed.rows
    assert row.number == 3
    assert (row.section, row.reference, row.title, row.lead) == (
        "Quality of Practice",
        "1.01",
        "Relaunch QA",
        "jo@example.org",
    )
    assert row.due_date == datetime.date(2020, 3, 31)
    assert row.rating == Rating.AMBER
    assert parsed.present == {"section", "reference", "title", "lead", "due_date", "rating"}


def test_dates_can_be_real_dates_iso_uk_or_excel_day_numbers():
    rows = [
        action_row("1.01", start_date=datetime.datetime(2019, 11, 1), due_date="2020-03-31"),
        action_row("1.02", start_date="01/11/2019", due_date=43921),
    ]
    parsed = parse_plan_file(xlsx(rows), "plan.xlsx")
    assert parsed.problems == []
    assert [(r.start_date, r.due_date) for r in parsed.rows] == [
        (datetime.date(2019, 11, 1), datetime.date(2020, 3, 31)),
        (datetime.date(2019, 11, 1), datetime.date(2020, 3, 31)),
    ]


def test_ratings_in_any_case_or_in_board_wording():
    rows = [
        action_row("1.01", rating="blue"),
        action_row("1.02", rating="GREEN"),
        action_row("1.03", rating="Amber – some progress but slippage"),
        action_row("1.04", rating=" Red "),
        action_row("1.05", rating=""),
    ]
    parsed = parse_plan_file(xlsx(rows), "plan.xlsx")
    assert [r.rating for r in parsed.rows] == [
        Rating.BLUE,
        Rating.GREEN,
        Rating.AMBER,
        Rating.RED,
        None,
    ]


def test_csv_in_utf8_with_bom_windows_1252_and_with_semicolons():
    row = action_row("1.01", partners="Café partners", due_date="31/03/2020")
    row["Start date"] = "01/10/2019"
    for data in (
        csv_bytes([row]),
        csv_bytes([row], encoding="cp1252"),
        csv_bytes([row], delimiter=";"),
    ):
        parsed = parse_plan_file(data, "plan.csv")
        assert parsed.problems == []
        assert parsed.rows[0].partners == "Café partners"
        assert parsed.rows[0].due_date == datetime.date(2020, 3, 31)


def test_recommendations_are_split_and_the_sheet_gives_their_text():
    rows = [action_row("1.01", recommendations="R1; R3, R1")]
    parsed = parse_plan_file(
        xlsx(rows, recommendations=[("R1", "Assessments"), ("R3", "Oversight")]), "plan.xlsx"
    )
    assert parsed.rows[0].recommendations == ("R1", "R3")
    assert parsed.recommendation_texts == {"R1": "Assessments", "R3": "Oversight"}


def test_unknown_columns_are_left_out_with_a_warning():
    headers = ["Section", "Ref", "Action", "Evidence location"]
    parsed = parse_plan_file(xlsx([["S", "1", "A", "x"]], headers=headers), "p.xlsx")
    assert parsed.problems == []
    assert parsed.warnings == [
        "The column “Evidence location” (column D) is not one the import reads, so it was "
        "left out. Choose what it holds below if it should be read."
    ]


def test_a_ref_typed_as_a_number_is_read_with_a_warning():
    parsed = parse_plan_file(xlsx([action_row(1.1), action_row(2)]), "p.xlsx")
    assert [r.reference for r in parsed.rows] == ["1.1", "2"]
    assert len(parsed.warnings) == 1
    assert "1.10 becomes 1.1" in parsed.warnings[0]


# --- Bad input: each a clear, specific message ------------------------------------------


def test_an_empty_file():
    assert messages(parse_plan_file(b"", "plan.xlsx")) == ["The file is empty."]


def test_a_file_of_binary_junk_is_not_a_spreadsheet():
    parsed = parse_plan_file(os.urandom(4000) + b"\x00", "plan.xlsx")
    assert messages(parsed) == [
        "The file is not a spreadsheet or a Word document. Upload an Excel workbook (.xlsx), "
        "a CSV file or a Word document (.docx) holding the plan as a table."
    ]


def test_ten_megabytes_of_junk_is_refused_for_its_size():
    parsed = parse_plan_file(b"junk," * (10 * 1024 * 1024 // 5), "big.csv")
    [message] = messages(parsed)
    assert message.startswith("The file is 10.0 MB. The largest file you can import is 5 MB")
    assert parse_plan_file(b"a" * (MAX_UPLOAD_BYTES + 1), "x.csv").problems


def test_text_that_is_not_a_plan():
    parsed = parse_plan_file(b"Dear colleagues,\nplease find attached\n", "letter.csv")
    [message] = messages(parsed)
    assert message.startswith("No plan table found in the file: none has a row of column headings")


def test_other_kinds_of_file_are_named():
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert messages(parse_plan_file(word.getvalue(), "plan.docx"))[0].startswith(
        "The Word document could not be read."
    )
    assert messages(parse_plan_file(b"%PDF-1.7 ...", "plan.pdf"))[0].startswith("The file is a PDF")
    assert (
        "older Excel (.xls)" in messages(parse_plan_file(b"\xd0\xcf\x11\xe0" + b"0" * 99, "a"))[0]
    )
    assert "damaged" in messages(parse_plan_file(b"PK\x03\x04 not really a zip", "plan.xlsx"))[0]


def test_a_workbook_that_openpyxl_cannot_read():
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "this is not xml")
    [message] = messages(parse_plan_file(broken.getvalue(), "plan.xlsx"))
    assert message.startswith("The workbook could not be read.")


def test_a_table_with_no_action_column_asks_which_column_holds_it():
    parsed = parse_plan_file(
        xlsx([["Quality", "1.01", "Jo Bloggs"]], headers=["Section", "Ref", "Lead"]), "plan.xlsx"
    )
    assert messages(parsed) == [
        "The Actions sheet, row 1: No column is read as the Action itself (what will be "
        "done). Choose which column holds it below."
    ]


def test_a_table_with_no_reference_column_numbers_its_actions_and_says_so():
    parsed = parse_plan_file(
        xlsx(
            [["Quality", "Do it"], ["Quality", "Do more"], ["Staff", "Hire"]],
            headers=["Section", "Action"],
        ),
        "plan.xlsx",
    )
    assert parsed.problems == []
    assert [(r.section, r.reference) for r in parsed.rows] == [
        ("Quality", "1.1"),
        ("Quality", "1.2"),
        ("Staff", "2.1"),
    ]
    assert "no reference column" in parsed.warnings[0]


def test_headings_with_no_rows():
    parsed = parse_plan_file(xlsx([]), "plan.xlsx")
    assert messages(parsed) == [
        "The Actions sheet, row 1: The table has column headings but no actions below them."
    ]


def test_an_empty_sheet():
    workbook = Workbook()
    out = io.BytesIO()
    workbook.save(out)
    assert messages(parse_plan_file(out.getvalue(), "plan.xlsx"))[0].startswith(
        "No plan table found in the Sheet sheet"
    )


def test_every_row_problem_is_listed_with_row_and_column():
    rows = [
        action_row("1.01"),
        action_row("1.01"),  # duplicate Ref
        action_row("1.03", rating="Purple"),
        action_row("1.04", due_date="31/13/2020"),
        action_row("", section=""),
        action_row("1.06", start_date="2020-04-01", due_date="2020-03-01"),
        action_row("1.07", lead="jo@"),
    ]
    parsed = parse_plan_file(xlsx(rows), "plan.xlsx")
    assert messages(parsed) == [
        "The Actions sheet, row 3, Ref (column B): Ref 1.01 is also on row 2. Each action "
        "needs its own Ref.",
        "The Actions sheet, row 5, Due date (column G): 31/13/2020 is not a date: there is no "
        "month 13.",
        "The Actions sheet, row 6, Ref (column B): The Ref is empty. Give the action's reference.",
        "The Actions sheet, row 7, Due date (column G): The due date is before the start date.",
        "The Actions sheet, row 8, Lead (column D): “jo@” is not an email address. Give an "
        "email or a name.",
    ]
    # An unknown rating word is a question for the plan manager, not a mistake.
    assert [(q.word, q.rows) for q in parsed.questions] == [("Purple", [4])]
    assert [row.reference for row in parsed.rows] == ["1.01", "1.03"]


def test_two_columns_with_the_same_heading():
    parsed = parse_plan_file(
        xlsx([["S", "1", "A", "Red", "Blue"]], headers=[*HEADERS[:3], "Rating", "RATING"]),
        "plan.xlsx",
    )
    assert messages(parsed) == [
        "The Actions sheet, row 1: Two columns are read as Rating: “Rating” (column D) and "
        "“RATING” (column E). Choose which one holds the rating below, and set the other to "
        "“Not read”."
    ]


def test_recommendations_sheet_problems_name_the_sheet():
    parsed = parse_plan_file(
        xlsx([action_row()], recommendations=[("R1", "Text"), ("R1", "Again"), ("R2", "")]),
        "plan.xlsx",
    )
    assert messages(parsed) == [
        "The Recommendations sheet, row 3, Ref: Recommendation R1 is also on row 2.",
        "The Recommendations sheet, row 4, Recommendation: Recommendation R2 has no text.",
    ]
