"""Writing a plan out in the import format (XLSX or CSV), and the blank template.

What is exported imports back: a plan exported and imported into a new plan has the
same sections, actions, leads, dates, recommendations and current ratings and
commentary. Earlier history stays with the plan it happened in.
"""

import csv
import datetime
import io

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from actions.models import Action, Rating
from improvement_board.spreadsheets import neutralise, neutralise_cell
from plans.models import Finding, Plan

from .template import (
    ACTIONS_SHEET,
    COLUMNS,
    DATE_KEYS,
    NOTES_SHEET,
    RECOMMENDATIONS_SHEET,
)

DATE_FORMAT = "dd/mm/yyyy"
WIDTHS = {
    "section": 30,
    "reference": 8,
    "title": 50,
    "lead": 28,
    "partners": 24,
    "rating": 10,
    "commentary": 60,
    "recommendations": 18,
    "success_measures": 40,
    "description": 40,
}
# Rows in the template whose Ref cells are text and whose Rating cells offer a list.
TEMPLATE_ROWS = 500


def lead_label(user) -> str:
    """How a lead is written in the file: the email matches best, then the full name."""
    return user.email or user.get_full_name() or user.get_username()


def plan_rows(plan: Plan) -> list[list]:
    """One list of cell values per action, in the order of ``COLUMNS``."""
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("section", "lead")
        .prefetch_related(
            Prefetch("recommendations", queryset=Finding.objects.order_by("reference"))
        )
        # The owner's latest commentary, by the rule every page uses (a sign-off note is
        # not it), so a plan exported and imported back changes nothing.
        .with_words_as_at(timezone.localdate(), known_now=True)
        .order_by("section__number", "reference")
    )
    rows = []
    for action in actions:
        revised = action.current_due_date
        values = {
            "section": action.section.title,
            "reference": action.reference,
            "title": action.title,
            "lead": lead_label(action.lead),
            "partners": action.partners,
            "start_date": action.start_date,
            "due_date": action.original_due_date,
            "revised_due_date": revised if revised != action.original_due_date else None,
            "rating": Rating(action.rating).colour if action.rating else "",
            "commentary": action.commentary_as_at or "",
            "recommendations": "; ".join(r.reference for r in action.recommendations.all()),
            "success_measures": action.success_measures,
            "description": action.description,
        }
        rows.append([values[column.key] for column in COLUMNS])
    return rows


def plan_workbook(plan: Plan) -> bytes:
    workbook = Workbook()
    actions = workbook.active
    actions.title = ACTIONS_SHEET
    _actions_sheet(actions, plan_rows(plan))
    recommendations = workbook.create_sheet(RECOMMENDATIONS_SHEET)
    _recommendations_sheet(
        recommendations,
        Finding.objects.filter(plan=plan).order_by("pk").values_list("reference", "text"),
    )
    _notes_sheet(workbook.create_sheet(NOTES_SHEET))
    return _save(workbook)


def plan_csv(plan: Plan) -> bytes:
    """The Actions sheet as CSV, with the byte-order mark Excel needs to read UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([column.header for column in COLUMNS])
    for row in plan_rows(plan):
        writer.writerow(
            [
                value.strftime("%d/%m/%Y")
                if isinstance(value, datetime.date)
                else neutralise(value)
                for value in row
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def template_workbook() -> bytes:
    """A blank plan: the headings, one example row and notes on every column."""
    workbook = Workbook()
    actions = workbook.active
    actions.title = ACTIONS_SHEET
    _actions_sheet(actions, [[column.example for column in COLUMNS]])
    for row in range(2, TEMPLATE_ROWS + 2):
        actions.cell(row=row, column=_position("reference")).number_format = "@"
    ratings = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(r.colour for r in Rating)),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Rating",
        error="Use Blue, Green, Amber or Red.",
    )
    actions.add_data_validation(ratings)
    letter = get_column_letter(_position("rating"))
    ratings.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    _recommendations_sheet(
        workbook.create_sheet(RECOMMENDATIONS_SHEET),
        [
            (
                "R1",
                "Improve the quality and timeliness of assessments so that they analyse "
                "risk and the child's lived experience.",
            ),
            ("R3", "Strengthen management oversight and supervision at all levels."),
        ],
    )
    _notes_sheet(workbook.create_sheet(NOTES_SHEET))
    return _save(workbook)


def _position(key: str) -> int:
    return next(i for i, column in enumerate(COLUMNS, 1) if column.key == key)


def _actions_sheet(sheet, rows: list[list]) -> None:
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    for position, column in enumerate(COLUMNS, 1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 14)
        if column.key in DATE_KEYS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = DATE_FORMAT
        elif column.key in ("title", "commentary", "success_measures", "description"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _recommendations_sheet(sheet, rows) -> None:
    sheet.append(["Ref", "Recommendation"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for reference, text in rows:
        sheet.append([reference, text])
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 100


def _notes_sheet(sheet) -> None:
    sheet.append(["How to fill in the Actions sheet"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [
            "One row per action. The first row names the columns; their order does not matter "
            "and case is ignored. Columns left out of the file leave those details unchanged "
            "when you import into an existing plan."
        ]
    )
    sheet.merge_cells("A2:C2")
    sheet.row_dimensions[2].height = 32
    sheet.append([])
    sheet.append(["Column", "Required", "What to put in it"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append([column.header, "Required" if column.required else "Optional", column.notes])
    sheet.append([])
    sheet.append(
        [
            "Recommendations sheet: one row per inspection recommendation, with its Ref and "
            "its text. Optional; the Actions sheet can name recommendations the plan "
            "already has."
        ]
    )
    sheet.append(
        [
            "Importing again: actions are matched by Ref. Changed details are updated; "
            "a changed Rating or Commentary is added to the action's history with the "
            "import as its source. Actions that are not in the file are left as they are."
        ]
    )
    for row in (sheet.max_row - 1, sheet.max_row):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 32
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 110
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(workbook: Workbook) -> bytes:
    # Every text cell stays text: nothing a user typed can run as a formula in Excel.
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                neutralise_cell(cell)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
