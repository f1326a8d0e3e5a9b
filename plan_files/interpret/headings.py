"""The headings councils give their plan's columns, and the field each one names."""

import re
import unicodedata

from .words import MONTHS

# --- Headings -------------------------------------------------------------------------

FIELDS: dict[str, str] = {
    "section": "Section",
    "reference": "Ref",
    "title": "Action",
    "description": "Description",
    "lead": "Lead",
    "partners": "Partners",
    "start_date": "Start date",
    "due_date": "Due date",
    "revised_due_date": "Revised due date",
    "rating": "Rating",
    "commentary": "Commentary",
    "success_measures": "Success measures",
    "recommendations": "Recommendations",
    "next_steps": "Next steps",
}

# The headings councils use for each field, for the preview's help as well as for reading.
# Compared after ``_normalise_heading``, so case, punctuation, plurals, '&'/'and' and
# 'No.'/'number' need no variants here.
KNOWN_HEADINGS: dict[str, tuple[str, ...]] = {
    "reference": (
        "Ref",
        "Ref no",
        "Reference",
        "Reference no",
        "No",
        "#",
        "Action no",
        "Action ref",
        "Action ref no",
        "Action reference",
        "ID",
        "Action ID",
        "Item no",
    ),
    "title": (
        "Action",
        "What?",
        "What will we do",
        "What we will do",
        "Actions required",
        "Action required",
        "Action to be taken",
        "Actions to be taken",
        "Activity",
        "Task",
        "Key action",
        "Action description",
    ),
    "lead": (
        "Lead",
        "Who?",
        "Lead officer",
        "Lead officer manager",
        "Lead manager",
        "Lead person",
        "Lead responsible officer",
        "Responsible officer",
        "Responsible person",
        "Responsible",
        "Responsibility",
        "Owner",
        "Action owner",
        "Accountable officer",
        "Accountable lead",
    ),
    "partners": (
        "Partners",
        "Partner agencies",
        "Partners involved",
        "Key partners",
        "Supported by",
        "Support from",
        "Others involved",
    ),
    "start_date": ("Start", "Start date", "Date started", "Start by"),
    # "Completion date" in a plan is the date an action is meant to be completed by.
    # "Date completed" (below, unmatched) is when it was: not a due date, and
    # completion comes from a Blue rating, so it is not read as any field.
    "due_date": (
        "Due",
        "Due date",
        "Date due",
        "Due by",
        "When?",
        "By when",
        "Timescale",
        "Target date",
        "Target completion date",
        "Completion date",
        "Expected completion date",
        "Timescale for completion",
        "Deadline",
        "Original due date",
        "Original timescale",
        "Original target date",
    ),
    "revised_due_date": (
        "Revised date",
        "Revised due date",
        "Revised timescale",
        "Revised target date",
        "Revised deadline",
        "Revised completion date",
        "New target date",
        "New due date",
        "New timescale",
    ),
    "rating": (
        "Rating",
        "RAG",
        "BRAG",
        "RAG status",
        "BRAG status",
        "RAG rating",
        "BRAG rating",
        "Traffic light",
        "Traffic light rating",
        "Status",
        "Current status",
        "Current RAG",
        "Current rating",
        "Progress rating",
        "Progress RAG",
        "Progress status",
        "Overall rating",
        "Overall status",
    ),
    "commentary": (
        "Commentary",
        "Update",
        "Progress",
        "Progress update",
        "Update on progress",
        "Latest update",
        "Latest progress",
        "Progress to date",
        "Progress so far",
        "Comment",
        "Current position",
        "Position statement",
        "Outcome",
        "Narrative",
    ),
    "success_measures": (
        "Success measures",
        "Measure of success",
        "Success criteria",
        "Success measures expected impact",
        "Impact",
        "Expected impact",
        "Intended impact",
        "Outcomes expected",
        "Expected outcome",
        "Intended outcome",
        "Desired outcome",
        "Outcome measures",
        "Evidence of impact",
        "How will we know",
        "How will we know we have made a difference",
        "What difference will it make",
        "Performance measure",
        "Key performance indicator",
        "KPI",
    ),
    "section": (
        "Section",
        "Section of plan",
        "Plan section",
        "Priority",
        "Priority area",
        "Theme",
        "Standard",
        "Objective",
        "Strategic objective",
        "Area",
        "Area for improvement",
        "Improvement area",
        "Workstream",
        "Work stream",
        "Strand",
    ),
    "description": (
        "Description",
        "How?",
        "Detail",
        "Steps",
        "Sub-actions",
        "Key tasks",
        "Milestones",
        "Key milestones",
    ),
    "recommendations": (
        "Recommendation",
        "Ofsted recommendation",
        "Inspection recommendation",
        "Finding",
        "Inspection finding",
        "Ofsted finding",
        "Area for development",
    ),
    "next_steps": ("Next steps", "Next actions", "Actions for next period", "Further action"),
}

# A month or a date after "Progress", "Update", "RAG"... says which month the column is
# for; the column means the same thing.
_PERIOD_SUFFIXED_FIELDS = ("commentary", "rating")

# English whatever the server's locale, which ``calendar.month_name`` would follow.


def _normalise_heading(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.replace("(s)", "").replace("#", " no ")
    words = re.sub(r"[\W_]+", " ", text).split()
    # "Lead officer/manager", "Lead officer and manager": the same heading.
    return " ".join(_singular(_NUMBER_WORDS.get(word, word)) for word in words if word != "and")


_NUMBER_WORDS = {"number": "no", "num": "no", "nr": "no"}


def _singular(word: str) -> str:
    # "status", "progress", "analysis" end in s without being plurals.
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_FIELD_BY_HEADING: dict[str, str] = {
    _normalise_heading(heading): field
    for field, headings in KNOWN_HEADINGS.items()
    for heading in headings
}

_PERIOD_WORD = re.compile(
    r"\d+(st|nd|rd|th)?|q[1-4]|quarter|qtr|as|at|of|for|in|on|to|end|" + "|".join(MONTHS)
)
_PERIOD_CONNECTOR = {"as", "at", "of", "for", "in", "on", "to", "end"}


def field_for_heading(text: str) -> str | None:
    """The field a column heading names (a key of ``FIELDS``), or None if unknown.

    "Progress March 2020", "Update - Jan 21" or "RAG at 31/03/20" name the commentary
    or rating of that month. Evidence columns ("Evidence", "Evidence of completion")
    hold file names and links, which are no field's value, so they read as None.
    """
    field = _field_for_normalised_heading(_normalise_heading(text))
    if field is not None:
        return field
    # "What? (Action)", "Comments / Update": every part names the same field.
    parts = [part for part in re.split(r"[/()]", str(text)) if re.search(r"\w", part)]
    if len(parts) > 1:
        fields = {_field_for_normalised_heading(_normalise_heading(part)) for part in parts}
        if len(fields) == 1:
            return fields.pop()
    return None


def _field_for_normalised_heading(heading: str) -> str | None:
    if heading in _FIELD_BY_HEADING:
        return _FIELD_BY_HEADING[heading]
    core = heading.split()
    stripped_a_period = False
    while core and _PERIOD_WORD.fullmatch(core[-1]):
        stripped_a_period |= core.pop() not in _PERIOD_CONNECTOR
    while core and _PERIOD_WORD.fullmatch(core[0]):
        stripped_a_period |= core.pop(0) not in _PERIOD_CONNECTOR
    field = _FIELD_BY_HEADING.get(" ".join(core))
    if stripped_a_period and field in _PERIOD_SUFFIXED_FIELDS:
        return field
    return None
