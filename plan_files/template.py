"""The template a plan can be written in: its columns, with notes and an example.

The import reads any layout (``plan_files.reading``); the template is what the export
writes and what a council without a plan file of its own can start from.
"""

import datetime
from dataclasses import dataclass

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
