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
        "What will be done. Its first sentence is the action's title in tables; the whole "
        "text is kept on the action.",
        "Relaunch the quality assurance framework with a new audit tool",
        max_length=300,
    ),
    Column(
        "lead",
        "Lead",
        False,
        "The lead's email address or full name. Several people separated by / or ; give "
        "the first as lead and the others as delegates. Someone who has no account yet is "
        "added as a placeholder (who cannot sign in) until their actions are given to a "
        "member. Left empty, the person importing leads the action.",
        "jo.bloggs@example.org",
        max_length=254,
    ),
    Column("partners", "Partners", False, "Partner agencies or teams, as free text.", "Health"),
    Column(
        "start_date",
        "Start date",
        False,
        "A date: a spreadsheet date, 31/03/2020 or 2020-03-31; a month (March 2020) "
        "starts on its first day.",
        datetime.date(2019, 11, 1),
    ),
    Column(
        "due_date",
        "Due date",
        False,
        "The date the action was originally due: a date, a month (March 2020, its last day), "
        "a quarter (Q2 2020/21) or Ongoing for none.",
        datetime.date(2020, 3, 31),
    ),
    Column(
        "revised_due_date",
        "Revised due date",
        False,
        "A later due date agreed since, if any. Needs a Rating in the same row, unless the "
        "action already has one. Same formats as Due date.",
        "",
    ),
    Column(
        "rating",
        "Rating",
        False,
        "Blue (completed), Green (on track), Amber (some progress but slippage) or Red "
        "(not progressed as planned), in any case; words such as Complete, On track, At "
        "risk, Off track or a single letter also do, and Not started means no rating yet. "
        "A changed rating is recorded in the action's history with the import as its "
        "source.",
        "Green",
    ),
    Column(
        "commentary",
        "Commentary",
        False,
        "The latest progress commentary. For an action with no rating yet it is kept as a "
        "progress note.",
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
