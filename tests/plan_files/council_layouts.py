"""A library of realistic council Improvement Plan files, built in memory, with the
reading a careful person would give each one (issue #15).

Each layout function returns a `CouncilLayout`: the file (name and bytes), the
`answers` a plan manager would give in the import preview for words or headings no
importer could know, and the `expected` plan. `LAYOUTS` lists them all;
`monthly_trackers()` gives three months of one council's tracker.

Conventions used in `expected` (read these before comparing):

- `ExpectedPlan.sheet`: the worksheet title the plan is on; for Word, "Table N" (the
  Nth table in the document, counting from 1); for CSV, None (a CSV has no sheet).
- `sections`: (title, number of actions) in file order. A section title is the banner
  text or section-column value, whitespace tidied, without its numbering label: a banner
  "Priority 1: Quality of Practice", "Theme 2 – Workforce", "Section A: Child
  protection", "Standard 1: ..." or "1. ..." gives "Quality of Practice", "Workforce"...
  (the label is the section's number; the Board report names sections without it).
- `actions` is keyed by the reference as a person reads it ("1.10" stays "1.10"). Where
  a layout has no reference column the key is "<section number>.<position>", which is
  what a person would call them; where Excel stored a reference as a number the note on
  the layout says what was decided.
- `title_startswith`: the first words of the action text (compare with
  `str.startswith` after collapsing whitespace).
- `due_date`: the date a person reads: a month or "Mar-20" means the last day of that
  month; a UK financial-year quarter means its last day (Q1 = 30 June, Q2 = 30 Sept,
  Q3 = 31 Dec, Q4 = 31 March of the second year); several dates in one cell mean the
  last; Ongoing / TBC / Monthly mean None. `due_text` is the cell as shown in the file
  (an Excel date cell as Excel displays it with its number format).
- `rating`: "blue" / "green" / "amber" / "red" or None (not rated). A combined word
  ("Amber/Green") is the worse of the two. `rating_from_colour` is True only when the
  cell had a fill and no text; the rating is the nearest of the four BRAG colours
  (yellow FFFF00 reads as amber).
- `lead`: the first person or post named in the lead cell, tidied (trimmed, single
  spaces); `other_people`: the others named in that cell, in order.
- `commentary_startswith`: the first words of the progress text, or "".
- `steps`: the action's step texts in order: the How?/steps cell on the action's own
  row (only in layouts that have such a column), then the text of each continuation
  row (a row with a blank reference under the action). [] when there are none.
- `answers`: {"words": {word as written (stripped): meaning}, "headings": {heading:
  field}}. Meanings are "blue", "green", "amber", "red" or NOT_RATED ("none");
  fields are "ignore" or a field of the plan template ("section", "ref", "action",
  "lead", "partners", "due date", "rating", "commentary", "recommendations",
  "success measures"). Columns with unknown headings that carry nothing the plan
  needs (e.g. "Evidence location") are expected to be ignored without a question, so
  they are not in `answers`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .builders import (
    AMBER,
    BLUE,
    GREEN,
    LIGHT_GREEN,
    RED,
    UP,
    YELLOW,
    Banner,
    Cell,
    csv_bytes,
    docx_bytes,
    docx_table,
    key_sheet,
    new_document,
    new_workbook,
    notes_sheet,
    shade,
    shown_text,
    workbook_bytes,
    write_sheet,
)

NOT_RATED = "none"  # the answer meaning "no rating yet"
RATINGS = ("blue", "green", "amber", "red")

# Every feature the library must show at least once (checked by the build test).
FEATURES = frozenset(
    {
        # layout
        "title_rows",
        "merged_title",
        "key_sheet_before_plan",
        "notes_sheet",
        "hidden_empty_sheet",
        "banner_rows",
        "section_column",
        "continuation_rows",
        "merged_lead_down",
        "merged_due_down",
        "merged_section_down",
        "ignored_column",
        "recommendation_column",
        "long_action_text",
        "long_plan",
        # ratings
        "colour_only_rating",
        "combined_rating_word",
        "board_wording",
        "letter_ratings",
        "mixed_case_ratings",
        "trailing_spaces",
        "not_started",
        "local_rating_word",
        "heading_answer",
        "commentary_without_rating",
        # timescales
        "month_year_text",
        "mon_yy_text",
        "excel_month_cell",
        "real_date_cell",
        "financial_quarter",
        "dotted_date",
        "two_digit_year",
        "end_month",
        "several_dates",
        "no_date_word",
        # people
        "several_leads",
        "newline_leads",
        "posts_without_names",
        "non_latin_names",
        # files
        "xlsx",
        "csv_utf8_bom",
        "csv_cp1252",
        "docx_table",
        "docx_two_tables",
        "docx_merged_banner",
        "docx_shaded_rating",
        # references
        "ref_text_1_10",
        "ref_letter",
        "ref_prefixed",
        "ref_numeric",
        "no_ref_column",
    }
)


@dataclass(frozen=True)
class ExpectedAction:
    section: str
    title_startswith: str
    due_date: datetime.date | None
    due_text: str
    rating: str | None
    rating_from_colour: bool = False
    lead: str = ""
    other_people: list[str] = field(default_factory=list)
    commentary_startswith: str = ""
    steps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExpectedPlan:
    sheet: str | None
    sections: list[tuple[str, int]]
    actions: dict[str, ExpectedAction]


@dataclass(frozen=True)
class CouncilLayout:
    name: str
    filename: str
    data: bytes
    answers: dict[str, dict[str, str]]
    expected: ExpectedPlan
    features: frozenset[str] = frozenset()
    description: str = ""
    # Judgement calls a reader might make differently.
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectionCounts:
    total: int
    blue: int
    green: int
    amber: int
    red: int
    not_rated: int


@dataclass(frozen=True)
class MonthlyTracker:
    as_at: datetime.date
    layout: CouncilLayout
    # Section title -> counts, in section order (the Board report's section 5 table).
    summary: dict[str, SectionCounts]
    # References whose rating differs from the previous month's file, in file order,
    # with (previous rating, this month's rating). Empty for the first month.
    moved: list[str]
    movements: dict[str, tuple[str | None, str | None]]


def first_words(text: str, n: int = 6) -> str:
    return " ".join(text.split()[:n])


def act(
    section: str,
    text: str,
    due: datetime.date | None,
    due_text: str,
    rating: str | None,
    lead: str,
    others: list[str] | tuple[str, ...] = (),
    commentary: str = "",
    steps: list[str] | tuple[str, ...] = (),
    colour: bool = False,
    words: int = 6,
) -> ExpectedAction:
    """An expected action, its title being the first words of the text in the file."""
    return ExpectedAction(
        section=section,
        title_startswith=first_words(text, words),
        due_date=due,
        due_text=due_text,
        rating=rating,
        rating_from_colour=colour,
        lead=lead,
        other_people=list(others),
        commentary_startswith=first_words(commentary, 5) if commentary else "",
        steps=list(steps),
    )


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def month_cell(year: int, month: int) -> Cell:
    """A month typed into Excel: stored as the 1st, shown as e.g. "Dec-16"."""
    return Cell(datetime.datetime(year, month, 1), number_format="mmm-yy")


def date_cell(year: int, month: int, day: int, fmt: str = "dd/mm/yyyy") -> Cell:
    return Cell(datetime.datetime(year, month, day), number_format=fmt)


def colour(fill: str) -> Cell:
    """A rating cell that is only coloured."""
    return Cell(None, fill=fill)


def shown(value: Cell) -> str:
    """The text Excel shows for a date cell built here."""
    return shown_text(value.value, value.number_format or "dd/mm/yyyy")


# =====================================================================================
# 1. Torbay-style Improvement Action Tracker
# =====================================================================================


def torbay_action_tracker() -> CouncilLayout:
    p1 = "Quality of Practice"
    p2 = "Workforce"
    t = {
        "1.1": (
            "Strengthen management oversight at the front door so that every contact to "
            "the MASH has a recorded manager decision within 24 hours, with the rationale "
            "for the decision and the next steps clear on the child's record."
        ),
        "1.2": (
            "Review the threshold document with the Torbay Safeguarding Children "
            "Partnership and relaunch it to partners, with briefings for schools, health "
            "and police."
        ),
        "1.3": (
            "Improve the quality and timeliness of assessments. All children's assessments "
            "will be completed within 45 working days, will include the child's voice and "
            "lived experience, and will be informed by the family's history and previous "
            "involvement with services. Team managers will review every assessment before "
            "authorisation using the practice standards checklist, and assessments ending "
            "in no further action will be sampled monthly by the Principal Social Worker to "
            "test that the decision was right for the child and that the family were told "
            "what help is available to them from Early Help and universal services."
        ),
        "1.4": (
            "Ensure that strategy discussions include police, health and education, and "
            "that the outcome and its rationale are recorded on the child's file."
        ),
        "1.5": (
            "Initial child protection conferences to be held within 15 working days of the "
            "strategy discussion in all cases, with exceptions reported weekly to the Head "
            "of Service."
        ),
        "1.6": (
            "Introduce a tracker for all children subject to the Public Law Outline "
            "(pre-proceedings) so that no child's plan drifts; the legal gateway meeting to "
            "review every case at week 6 and week 12."
        ),
        "1.7": (
            "Every child in care to have an up-to-date care plan reviewed by their IRO, "
            "with IRO escalations tracked to resolution through the dispute resolution "
            "protocol."
        ),
        "1.8": (
            "Care leavers: every young person aged 16 and over to have an allocated "
            "Personal Adviser and a pathway plan written with them."
        ),
        "1.9": (
            "Embed Signs of Safety as the practice framework: two-day training for all "
            "social workers and managers, a practice lead in each team, and mapping used "
            "in every initial child protection conference."
        ),
        "1.10": (
            "Complete a themed audit of repeat referrals and of assessments closed with no "
            "further action, and report the learning to the Improvement Board."
        ),
        "2.1": (
            "Reduce social work caseloads to an average of 18, and no more than 22, in the "
            "assessment teams through recruitment of permanent staff and a managed agency "
            "team."
        ),
        "2.2": "Deliver the social work recruitment and retention strategy:",
        "2.3": (
            "ASYE programme: every newly qualified social worker to have a protected "
            "caseload, a named ASYE assessor and monthly reflective supervision."
        ),
    }
    c = {
        "1.1": (
            "Complete. Daily MASH meetings chaired by the team manager since 4 November; "
            "audit of 60 contacts in January found 57 had a timely recorded decision."
        ),
        "1.2": "Draft agreed by the Partnership executive on 12 March; partner briefings "
        "booked for April.",
        "1.3": "Timeliness improved to 78% in February (52% in October) but audit grades "
        "remain too variable.",
        "1.4": "Police attendance now 96%; health attendance 81% and rising.",
        "1.5": "Only 71% within timescale in February because of two conference chair "
        "vacancies; agency chairs start in April.",
        "1.6": "PLO tracker in use since January; 23 children reviewed at legal gateway.",
        "1.7": "IRO footprint on file improving; 14 escalations open, 3 beyond 20 days.",
        "1.8": "All eligible young people allocated a PA; pathway plan audit due May.",
        "1.9": "Cohort 1 and 2 trained (112 staff); cohort 3 moved online.",
        "1.10": "Completed; report taken to the Board on 27 February.",
        "2.1": "Average caseload 21 in assessment teams; six posts still vacant.",
        "2.2": "Market supplement agreed; Community Care campaign running.",
        "2.3": "All 14 ASYEs have protected caseloads and named assessors.",
    }
    rec = {
        "1": "Rec 1: Management oversight at the front door",
        "2": "Rec 2: Quality of assessments",
        "3": "Rec 3: Child protection planning",
        "4": "Rec 4: Children in care and care leavers",
        "5": "Rec 5: Practice framework",
        "6": "Rec 6: Caseloads and workforce stability",
        "7": "Rec 7: Newly qualified social workers",
    }
    ev = "SharePoint > Improvement > Evidence > "
    rows = [
        Banner("Priority 1: " + p1, fill="DDEBF7"),
        [
            "1.1",
            rec["1"],
            t["1.1"],
            "Head of MASH",
            date_cell(2019, 12, 31),
            "B",
            c["1.1"],
            ev + "1.1",
        ],
        [
            "1.2",
            rec["1"],
            t["1.2"],
            "Nicola Hodge / Sarah Jenkins (TSCP)",
            month_cell(2019, 12),
            "G",
            c["1.2"],
            ev + "1.2",
        ],
        [
            "1.3",
            rec["2"],
            t["1.3"],
            "Head of Service, Safeguarding and Family Support",
            date_cell(2020, 3, 31),
            "A",
            c["1.3"],
            ev + "1.3",
        ],
        ["1.4", rec["2"], t["1.4"], "Dave Parker", month_cell(2020, 1), "g ", c["1.4"], ""],
        ["1.5", rec["3"], t["1.5"], UP, date_cell(2020, 2, 29), "R", c["1.5"], ev + "1.5"],
        [
            "1.6",
            rec["3"],
            t["1.6"],
            "Emma Walsh / Legal Services",
            month_cell(2020, 3),
            "G",
            c["1.6"],
            "",
        ],
        [
            "1.7",
            rec["4"],
            t["1.7"],
            "IRO Service Manager",
            date_cell(2020, 4, 30),
            "A",
            c["1.7"],
            ev + "1.7",
        ],
        [
            "1.8",
            rec["4"],
            t["1.8"],
            "Head of Corporate Parenting",
            date_cell(2020, 6, 30),
            "G",
            c["1.8"],
            "",
        ],
        [
            "1.9",
            rec["5"],
            t["1.9"],
            "Principal Social Worker",
            month_cell(2020, 9),
            "G",
            c["1.9"],
            ev + "1.9",
        ],
        [
            "1.10",
            rec["5"],
            t["1.10"],
            "QA Manager",
            date_cell(2020, 2, 28),
            "B",
            c["1.10"],
            ev + "1.10",
        ],
        Banner("Priority 2: " + p2, fill="DDEBF7"),
        [
            "2.1",
            rec["6"],
            t["2.1"],
            "Head of Workforce Development / HR Business Partner",
            month_cell(2020, 6),
            "A",
            c["2.1"],
            "",
        ],
        [
            "2.2",
            rec["6"],
            t["2.2"],
            "Head of Workforce Development",
            date_cell(2020, 3, 31),
            "G",
            c["2.2"],
            ev + "2.2",
        ],
        [
            None,
            None,
            "a) market supplement for experienced social workers agreed by the "
            "Employment Committee",
            UP,
            None,
            None,
            None,
            None,
        ],
        [
            None,
            None,
            "b) rolling recruitment campaign with Community Care",
            UP,
            None,
            None,
            None,
            None,
        ],
        [None, None, "c) exit interviews analysed quarterly by HR", UP, None, None, None, None],
        [
            "2.3",
            rec["7"],
            t["2.3"],
            "Principal Social Worker",
            month_cell(2020, 7),
            "b",
            c["2.3"],
            "",
        ],
    ]
    headings = [
        "Ref",
        "Link to Ofsted recommendation",
        "Action",
        "Lead Officer(s)",
        "Target date",
        "BRAG",
        "Progress March 2020",
        "Evidence location",
    ]
    wb = new_workbook()
    key_sheet(
        wb.create_sheet("Key"),
        "Key",
        [
            ("B", "Blue – completed", BLUE),
            ("G", "Green – on track", GREEN),
            ("A", "Amber – some progress but slippage", AMBER),
            ("R", "Red – not progressed as planned", RED),
        ],
    )
    write_sheet(
        wb.create_sheet("Action Tracker"),
        headings,
        rows,
        titles=[
            "Torbay Council – Children's Services",
            "Improvement Action Tracker",
            "Updated: March 2020",
            None,
        ],
    )
    notes_sheet(
        wb.create_sheet("Notes"),
        [
            "How to update this tracker",
            "Leads update the Progress column by the 20th of each month.",
            "Do not change the Ref column. Ratings: use B, G, A or R (see Key).",
            "Evidence is saved in the Improvement SharePoint folder for the action.",
        ],
    )
    wb.create_sheet("Sheet3").sheet_state = "hidden"
    steps = [
        "a) market supplement for experienced social workers agreed by the Employment Committee",
        "b) rolling recruitment campaign with Community Care",
        "c) exit interviews analysed quarterly by HR",
    ]
    actions = {
        "1.1": act(
            p1, t["1.1"], d(2019, 12, 31), "31/12/2019", "blue", "Head of MASH", commentary=c["1.1"]
        ),
        "1.2": act(
            p1,
            t["1.2"],
            d(2019, 12, 31),
            "Dec-19",
            "green",
            "Nicola Hodge",
            ["Sarah Jenkins (TSCP)"],
            c["1.2"],
        ),
        "1.3": act(
            p1,
            t["1.3"],
            d(2020, 3, 31),
            "31/03/2020",
            "amber",
            "Head of Service, Safeguarding and Family Support",
            commentary=c["1.3"],
        ),
        "1.4": act(
            p1, t["1.4"], d(2020, 1, 31), "Jan-20", "green", "Dave Parker", commentary=c["1.4"]
        ),
        "1.5": act(
            p1, t["1.5"], d(2020, 2, 29), "29/02/2020", "red", "Dave Parker", commentary=c["1.5"]
        ),
        "1.6": act(
            p1,
            t["1.6"],
            d(2020, 3, 31),
            "Mar-20",
            "green",
            "Emma Walsh",
            ["Legal Services"],
            c["1.6"],
        ),
        "1.7": act(
            p1,
            t["1.7"],
            d(2020, 4, 30),
            "30/04/2020",
            "amber",
            "IRO Service Manager",
            commentary=c["1.7"],
        ),
        "1.8": act(
            p1,
            t["1.8"],
            d(2020, 6, 30),
            "30/06/2020",
            "green",
            "Head of Corporate Parenting",
            commentary=c["1.8"],
        ),
        "1.9": act(
            p1,
            t["1.9"],
            d(2020, 9, 30),
            "Sep-20",
            "green",
            "Principal Social Worker",
            commentary=c["1.9"],
        ),
        "1.10": act(
            p1, t["1.10"], d(2020, 2, 28), "28/02/2020", "blue", "QA Manager", commentary=c["1.10"]
        ),
        "2.1": act(
            p2,
            t["2.1"],
            d(2020, 6, 30),
            "Jun-20",
            "amber",
            "Head of Workforce Development",
            ["HR Business Partner"],
            c["2.1"],
        ),
        "2.2": act(
            p2,
            t["2.2"],
            d(2020, 3, 31),
            "31/03/2020",
            "green",
            "Head of Workforce Development",
            commentary=c["2.2"],
            steps=steps,
        ),
        "2.3": act(
            p2,
            t["2.3"],
            d(2020, 7, 31),
            "Jul-20",
            "blue",
            "Principal Social Worker",
            commentary=c["2.3"],
        ),
    }
    return CouncilLayout(
        name="torbay_action_tracker",
        filename="Improvement Action Tracker March 2020.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Action Tracker", [(p1, 10), (p2, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "key_sheet_before_plan",
                "notes_sheet",
                "hidden_empty_sheet",
                "title_rows",
                "merged_title",
                "banner_rows",
                "letter_ratings",
                "mixed_case_ratings",
                "trailing_spaces",
                "excel_month_cell",
                "real_date_cell",
                "ref_text_1_10",
                "several_leads",
                "posts_without_names",
                "merged_lead_down",
                "continuation_rows",
                "long_action_text",
                "ignored_column",
                "recommendation_column",
            }
        ),
        description=(
            "Torbay-style tracker: Key sheet first, merged title rows, Priority banners, "
            "B/G/A/R letters, Excel month cells, 1.1-1.10 as text, continuation rows a)-c), "
            "lead merged down over 1.4-1.5, Evidence location column to ignore."
        ),
        notes=[
            "Section titles drop the 'Priority N:' label (the banner says 'Priority 1: Quality of "
            "Practice'; a person calls the section 'Quality of Practice', as the Board "
            "report does).",
            "'Nicola Hodge / Sarah Jenkins (TSCP)': the second person keeps '(TSCP)', her "
            "agency, as written.",
            "'Head of Service, Safeguarding and Family Support' is one post (the comma and "
            "'and' are part of the post title), not several people.",
            "Lead cell of 2.2 is merged down over its continuation rows; the steps keep "
            "their 'a)' 'b)' 'c)' labels.",
        ],
    )


# =====================================================================================
# 2. Bath & North East Somerset-style Improvement Plan progress report
# =====================================================================================


def banes_progress_report() -> CouncilLayout:
    s1 = "Front door and Early Help"
    s2 = "Children in care and care leavers"
    s3 = "Leadership and governance"
    t = {
        1: (
            "Launch a single front door for Early Help and children's social care requests "
            "for support, with an Early Help Hub co-located in the MASH."
        ),
        2: (
            "Agree an Early Help step-up and step-down protocol with the partnership so "
            "that families move between Early Help and social care without a new "
            "assessment or a gap in support."
        ),
        3: (
            "Improve the quality of Early Help assessments and plans. Every family "
            "receiving targeted Early Help will have a lead professional, a written "
            "assessment completed with them within 30 working days, and a plan that says "
            "what will change for the child, who will do what and by when. Team around the "
            "family meetings will be held at least every six weeks and the Early Help "
            "Quality Assurance panel will audit ten plans a month, feeding back to lead "
            "professionals in schools and health as well as to the council's own staff."
        ),
        4: (
            "Reduce repeat referrals to children's social care within 12 months from 27% to "
            "the statistical neighbour average of 22%."
        ),
        5: (
            "Refresh the placement sufficiency strategy so that more children in care live "
            "with local foster carers and fewer are placed more than 20 miles from home."
        ),
        6: (
            "Every care leaver to have a pathway plan reviewed every six months, written "
            "with the young person and setting out accommodation, education, employment "
            "and health."
        ),
        7: (
            "Initial health assessments for children coming into care to be completed "
            "within 20 working days."
        ),
        8: (
            "Establish an independently chaired Improvement Board with terms of reference, "
            "a forward plan and monthly reporting from the Director."
        ),
        9: (
            "Monthly performance clinics chaired by the Assistant Director for each team, "
            "using the revised performance dashboard."
        ),
    }
    c = {
        1: "Early Help Hub live from 2 March 2020; 412 requests triaged in March.",
        2: "Protocol drafted; partnership sign-off at the May executive.",
        3: "Only 61% of Early Help assessments completed within 30 days; audit capacity "
        "reduced by Covid-19.",
        4: "Repeat referrals 24.1% (rolling 12 months to March).",
        5: "Strategy not yet drafted; commissioning lead vacant since January.",
        6: "",
        7: "Completed: 92% within 20 days in Q4.",
        8: "Board met monthly since November 2019.",
        9: "Clinics running for all teams since February.",
    }
    rows = [
        [
            1,
            s1,
            t[1],
            "Head of Service, MASH and Principal Social Worker",
            "March 2020",
            "Complete",
            c[1],
        ],
        [2, UP, t[2], "AD Safeguarding; Head of QA", "Mar-20", "on track ", c[2]],
        [3, UP, t[3], "Early Help Manager", "Q2 2020/21", "At risk", c[3]],
        [4, UP, t[4], "Head of Service, MASH", "Ongoing", "ON TRACK", c[4]],
        [5, s2, t[5], "Head of Corporate Parenting", "Q1 2020/21", "Off track", c[5]],
        [6, UP, t[6], "Leaving Care Team Manager & Personal Adviser Lead", UP, "Not started", None],
        [7, UP, t[7], "Designated Nurse for Looked After Children", UP, "COMPLETE", c[7]],
        [8, s3, t[8], "Director of Children's Services", "TBC", "Completed", c[8]],
        [9, UP, t[9], "AD Safeguarding", "Monthly", "On Track", c[9]],
    ]
    headings = [
        "No.",
        "Theme",
        "Actions Required",
        "Responsible officer",
        "Timescale",
        "RAG Status",
        "Update",
    ]
    wb = new_workbook()
    notes_sheet(
        wb.create_sheet("Instructions"),
        [
            "Children's Services Improvement Plan – instructions for responsible officers",
            "1. Update the RAG Status and Update columns only.",
            "2. RAG Status: Complete, On track, At risk, Off track or Not started.",
            "3. Return to the Improvement Programme Manager by the 15th of the month.",
        ],
    )
    write_sheet(
        wb.create_sheet("Progress Report"),
        headings,
        rows,
        titles=[
            "Bath & North East Somerset Council",
            "Children's Services Improvement Plan – progress report",
            "Position at end of March 2020",
        ],
    )
    actions = {
        "1": act(
            s1,
            t[1],
            d(2020, 3, 31),
            "March 2020",
            "blue",
            "Head of Service, MASH",
            ["Principal Social Worker"],
            c[1],
        ),
        "2": act(
            s1, t[2], d(2020, 3, 31), "Mar-20", "green", "AD Safeguarding", ["Head of QA"], c[2]
        ),
        "3": act(
            s1, t[3], d(2020, 9, 30), "Q2 2020/21", "amber", "Early Help Manager", commentary=c[3]
        ),
        "4": act(s1, t[4], None, "Ongoing", "green", "Head of Service, MASH", commentary=c[4]),
        "5": act(
            s2,
            t[5],
            d(2020, 6, 30),
            "Q1 2020/21",
            "red",
            "Head of Corporate Parenting",
            commentary=c[5],
        ),
        "6": act(
            s2,
            t[6],
            d(2020, 6, 30),
            "Q1 2020/21",
            None,
            "Leaving Care Team Manager",
            ["Personal Adviser Lead"],
        ),
        "7": act(
            s2,
            t[7],
            d(2020, 6, 30),
            "Q1 2020/21",
            "blue",
            "Designated Nurse for Looked After Children",
            commentary=c[7],
        ),
        "8": act(s3, t[8], None, "TBC", "blue", "Director of Children's Services", commentary=c[8]),
        "9": act(s3, t[9], None, "Monthly", "green", "AD Safeguarding", commentary=c[9]),
    }
    return CouncilLayout(
        name="banes_progress_report",
        filename="BANES Improvement Plan progress report Mar20.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Progress Report", [(s1, 4), (s2, 3), (s3, 2)], actions),
        features=frozenset(
            {
                "xlsx",
                "notes_sheet",
                "title_rows",
                "merged_title",
                "section_column",
                "merged_section_down",
                "merged_due_down",
                "mixed_case_ratings",
                "trailing_spaces",
                "not_started",
                "month_year_text",
                "mon_yy_text",
                "financial_quarter",
                "no_date_word",
                "several_leads",
                "posts_without_names",
                "long_action_text",
            }
        ),
        description=(
            "B&NES-style progress report: instructions sheet first, Theme column merged "
            "down, No. as numbers, Complete/On track/At risk/Off track/Not started in mixed "
            "case, quarters, a Timescale merged down over actions 5-7, posts not names."
        ),
        notes=[
            "'No.' holds the numbers 1-9 as Excel numbers: a person calls them '1'..'9'.",
            "'Not started' (action 6, due Q1 2020/21, not yet due) is read as not rated, "
            "not Red (a usual word for 'no rating yet', so no answer is needed).",
            "'Head of Service, MASH and Principal Social Worker' is two posts: "
            "'Head of Service, MASH' and 'Principal Social Worker'.",
            "'&' in the lead of action 6 separates two posts.",
        ],
    )


# =====================================================================================
# 3. City of London-style Service Development Plan
# =====================================================================================


def city_of_london_sdp() -> CouncilLayout:
    o1 = "Children are safe and supported at the earliest point"
    o2 = "Good outcomes for children in care and care leavers"
    o3 = "A skilled and stable workforce"
    t = {
        "R1.1": (
            "Develop and embed a multi-agency early help pathway for the City's resident "
            "and visiting children, including children living in the Square Mile's social "
            "housing estates and those educated outside the City. The pathway will set out "
            "how a professional who is worried about a child can get advice the same day, "
            "how consent is sought and recorded, and how the early help assessment is "
            "shared with the family's GP and school. Partners will be trained on the "
            "pathway through the City and Hackney Safeguarding Children Partnership "
            "programme, and its use will be audited six months after launch, with the "
            "findings reported to the Safeguarding Sub-Committee."
        ),
        "R1.2": (
            "Review the LADO arrangements so that every allegation against a person who "
            "works with children is recorded, tracked and concluded within timescales."
        ),
        "R1.3": (
            "Complete a return home interview for every child who goes missing, within 72 "
            "hours, and use the learning in the exploitation risk panel."
        ),
        "R2.1": (
            "Strengthen permanence planning for unaccompanied asylum-seeking children. "
            "Each young person will have a permanence plan by their second review, "
            "agreed at the permanence panel, that takes account of their immigration "
            "status, their education, their health needs including emotional wellbeing and "
            "trauma, and their wishes about where they live and with whom. The IRO will "
            "confirm at each review that the plan is being followed and will escalate "
            "drift."
        ),
        "R2.2": (
            "Involve children in care in the recruitment of social workers and in the "
            "Children in Care Council's review of the pledge."
        ),
        "R3.1": (
            "Every social worker to receive supervision at least monthly, recorded on the "
            "child's file within five working days."
        ),
        "R3.2": (
            "Launch the practice development programme for social workers, including "
            "reflective group supervision and systemic practice training."
        ),
        "R3.3": (
            "Maintain a permanent workforce with no more than one agency social worker in the team."
        ),
    }
    s = {
        "R1.1": "Early help pathway launched and used in 90% of early help cases by March 2020.",
        "R1.2": "100% of LADO referrals concluded within 30 working days.",
        "R1.3": "Return home interviews offered within 72 hours in 95% of episodes.",
        "R2.1": "All UASC have a permanence plan by second review.",
        "R2.2": "Young people on every social worker interview panel.",
        "R3.1": "Supervision audit shows 95% monthly compliance.",
        "R3.2": "All social workers complete programme by December 2020.",
        "R3.3": "Agency rate below 15%.",
    }
    c = {
        "R1.1": "Pathway launched 1 October; audit scheduled for April 2020 has been postponed.",
        "R1.2": "LADO tracker in place and reviewed by the Service Manager monthly.",
        "R1.3": "Compliance 88% in Q3; two late interviews followed up with the provider.",
        "R2.1": "Permanence panel established in January; 9 of 12 plans agreed.",
        "R2.2": "Completed in October 2019.",
        "R3.1": "Supervision compliance 97% in March.",
        "R3.2": "Systemic training delayed; provider re-procured.",
        "R3.3": "No agency social workers at 31 March 2020.",
    }
    lead3 = "Head of Children's Social Care"
    rows = [
        [
            "R1.1",
            o1,
            t["R1.1"],
            s["R1.1"],
            "Pat Dixon / Amira Haddad",
            date_cell(2020, 3, 31, "d mmmm yyyy"),
            "Amber – some progress but slippage",
            c["R1.1"],
        ],
        ["R1.2", o1, t["R1.2"], s["R1.2"], "LADO", "31.03.20", "Completed", c["R1.2"]],
        [
            "R1.3",
            o1,
            t["R1.3"],
            s["R1.3"],
            "Service Manager, Children's Social Care",
            "Q3 2019/20",
            "Amber/Green",
            c["R1.3"],
        ],
        [
            "R2.1",
            o2,
            t["R2.1"],
            s["R2.1"],
            "Service Manager, Children in Care\nIRO",
            "30.06.20",
            "On track",
            c["R2.1"],
        ],
        [
            "R2.2",
            o2,
            t["R2.2"],
            s["R2.2"],
            "Participation Officer",
            date_cell(2019, 10, 31, "d mmmm yyyy"),
            "Completed",
            c["R2.2"],
        ],
        ["R3.1", o3, t["R3.1"], s["R3.1"], lead3, "Monthly", "Green", c["R3.1"]],
        [
            "R3.2",
            o3,
            t["R3.2"],
            s["R3.2"],
            UP,
            "December 2020",
            "Red – not progressed as planned",
            c["R3.2"],
        ],
        ["R3.3", o3, t["R3.3"], s["R3.3"], UP, "Ongoing", "Green", c["R3.3"]],
    ]
    headings = [
        "Ref",
        "Objective",
        "Action to be taken",
        "Success criteria",
        "Lead Officer(s)",
        "Target date",
        "Current Status",
        "Latest update",
    ]
    wb = new_workbook()
    notes_sheet(
        wb.create_sheet("Cover"),
        [
            "City of London Corporation",
            "Department of Community and Children's Services",
            "Children and Families Service – Service Development Plan 2019/20",
            "This plan responds to the recommendations of the Ofsted inspection of local "
            "authority children's services (ILACS).",
            "Owner: Head of Children's Social Care & Early Help",
        ],
    )
    key_sheet(
        wb.create_sheet("Key"),
        "Status key",
        [
            ("Completed", "Action completed and evidenced", BLUE),
            ("Green / On track", "On track to be delivered by the target date", GREEN),
            ("Amber – some progress but slippage", "Some progress but slippage", AMBER),
            ("Red – not progressed as planned", "Not progressed as planned", RED),
        ],
    )
    write_sheet(
        wb.create_sheet("SDP 2019-20"),
        headings,
        rows,
        titles=[
            "City of London Corporation – Children and Families Service",
            "Service Development Plan 2019/20: Q4 update",
            None,
        ],
    )
    actions = {
        "R1.1": act(
            o1,
            t["R1.1"],
            d(2020, 3, 31),
            "31 March 2020",
            "amber",
            "Pat Dixon",
            ["Amira Haddad"],
            c["R1.1"],
        ),
        "R1.2": act(
            o1, t["R1.2"], d(2020, 3, 31), "31.03.20", "blue", "LADO", commentary=c["R1.2"]
        ),
        "R1.3": act(
            o1,
            t["R1.3"],
            d(2019, 12, 31),
            "Q3 2019/20",
            "amber",
            "Service Manager, Children's Social Care",
            commentary=c["R1.3"],
        ),
        "R2.1": act(
            o2,
            t["R2.1"],
            d(2020, 6, 30),
            "30.06.20",
            "green",
            "Service Manager, Children in Care",
            ["IRO"],
            c["R2.1"],
        ),
        "R2.2": act(
            o2,
            t["R2.2"],
            d(2019, 10, 31),
            "31 October 2019",
            "blue",
            "Participation Officer",
            commentary=c["R2.2"],
        ),
        "R3.1": act(
            o3,
            t["R3.1"],
            None,
            "Monthly",
            "green",
            "Head of Children's Social Care",
            commentary=c["R3.1"],
        ),
        "R3.2": act(
            o3,
            t["R3.2"],
            d(2020, 12, 31),
            "December 2020",
            "red",
            "Head of Children's Social Care",
            commentary=c["R3.2"],
        ),
        "R3.3": act(
            o3,
            t["R3.3"],
            None,
            "Ongoing",
            "green",
            "Head of Children's Social Care",
            commentary=c["R3.3"],
        ),
    }
    return CouncilLayout(
        name="city_of_london_sdp",
        filename="CoL Service Development Plan 2019-20 Q4.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("SDP 2019-20", [(o1, 3), (o2, 2), (o3, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "notes_sheet",
                "key_sheet_before_plan",
                "title_rows",
                "merged_title",
                "section_column",
                "ref_prefixed",
                "combined_rating_word",
                "board_wording",
                "dotted_date",
                "real_date_cell",
                "financial_quarter",
                "month_year_text",
                "no_date_word",
                "merged_lead_down",
                "several_leads",
                "newline_leads",
                "posts_without_names",
                "long_action_text",
            }
        ),
        description=(
            "City of London-style SDP: cover and Status key sheets first, Objective column, "
            "R1.1 refs, Success criteria, Board wording and Amber/Green, dates as "
            "'31.03.20' and 'd mmmm yyyy' cells, a lead merged down over R3.1-R3.3."
        ),
        notes=[
            "The lead of R3.1 is merged down over R3.2 and R3.3: all three have it.",
            "'Amber/Green' is read as amber (the worse).",
            "R2.1's lead cell has a new line: 'Service Manager, Children in Care' then 'IRO'.",
        ],
    )


# =====================================================================================
# 4. Argyll & Bute-style improvement plan (What? How? Who? When?)
# =====================================================================================


def argyll_bute_improvement_plan() -> CouncilLayout:
    th1 = "Assessment and planning"
    th2 = "Workforce"
    t = {
        "1a": (
            "All children who need a plan have a single, outcome-focused Child's Plan "
            "using the National Practice Model."
        ),
        "1b": (
            "Chronologies are in place for every child on the child protection register "
            "and every looked after child, and are used in assessment."
        ),
        "1c": (
            "Improve the quality of risk assessment in child protection investigations. "
            "Joint investigative interviews will be planned at an inter-agency referral "
            "discussion with police and health, the outcome of every IRD will be recorded "
            "within 24 hours, and the social worker's risk assessment will weigh the "
            "history of the family as well as the presenting incident. Senior "
            "practitioners will quality assure every child protection investigation "
            "before a case conference is convened."
        ),
        "2a": (
            "Develop a workforce plan for children and families social work that addresses "
            "recruitment to remote and island teams."
        ),
        "2b": "Every practitioner has regular, recorded supervision.",
        "2c": (
            "Newly qualified social workers are supported through a probationary year "
            "with a reduced and protected caseload."
        ),
    }
    how = {
        "1a": [
            "Training on the Child's Plan template for all social work and health visiting staff",
            "Audit 20 plans per quarter using the Care Inspectorate quality indicators",
            "Report audit findings to the Child Protection Committee",
        ],
        "1b": ["Chronology guidance reissued with the new template"],
        "1c": [
            "Revise the IRD guidance with Police Scotland and NHS Highland",
            "Senior practitioner sign-off before every case conference",
        ],
        "2a": [
            "Workforce data analysed by team: vacancies, turnover, age profile",
            "Island allowance and relocation package agreed",
            "Grow-your-own trainee social worker scheme with the Open University",
        ],
        "2b": ["Supervision policy revised", "Supervision audit every six months"],
        "2c": ["Probationary year programme agreed"],
    }
    ms = {
        "1a": "90% of audited plans rated good or better.",
        "1b": "Chronologies present in 95% of cases audited.",
        "1c": "IRD outcome recorded within 24 hours in 95% of cases.",
        "2a": "Vacancy rate below 10% in all teams.",
        "2b": "90% of staff report monthly supervision.",
        "2c": "All NQSWs retained after their first year.",
    }
    pr = {
        "1a": "Training complete for 140 staff; first audit found 71% good or better.",
        "1b": "Template issued; compliance 64% in December audit.",
        "1c": "IRD guidance agreed by CPC; senior practitioner sign-off in place.",
        "2a": "Phase 1 (data) completed November 2016.",
        "2b": "Policy not yet revised; audit deferred.",
        "2c": "",
    }
    rows = [
        Banner("Theme 1 – " + th1),
        [
            "1a",
            t["1a"],
            how["1a"][0],
            "Head of Children and Families",
            "Dec 2016",
            ms["1a"],
            colour(GREEN),
            pr["1a"],
        ],
        [None, None, how["1a"][1], UP, None, None, None, None],
        [None, None, how["1a"][2], UP, None, None, None, None],
        [
            "1b",
            t["1b"],
            how["1b"][0],
            "Service Manager, Child Protection",
            month_cell(2016, 12),
            ms["1b"],
            colour(AMBER),
            pr["1b"],
        ],
        [
            "1c",
            t["1c"],
            how["1c"][0],
            "Service Manager, Child Protection / Chair of CPC",
            "9.12.16",
            ms["1c"],
            colour(BLUE),
            pr["1c"],
        ],
        [None, None, how["1c"][1], UP, None, None, None, None],
        Banner("Theme 2 – " + th2),
        [
            "2a",
            t["2a"],
            how["2a"][0],
            "Principal Officer (Workforce)\nHR Manager",
            "Phase 1 completed / Phase 2 Mar 2017",
            ms["2a"],
            colour(YELLOW),
            pr["2a"],
        ],
        [None, None, how["2a"][1], UP, None, None, None, None],
        [None, None, how["2a"][2], UP, None, None, None, None],
        [
            "2b",
            t["2b"],
            how["2b"][0],
            "Head of Children and Families",
            "31/03/17",
            ms["2b"],
            colour(RED),
            pr["2b"],
        ],
        [None, None, how["2b"][1], UP, None, None, None, None],
        ["2c", t["2c"], how["2c"][0], "Practice Lead (NQSW)", "Ongoing", ms["2c"], None, None],
    ]
    headings = [
        "Action No.",
        "What?",
        "How?",
        "Who?",
        "When?",
        "Measure of success",
        "Traffic Light",
        "Progress",
    ]
    wb = new_workbook()
    write_sheet(
        wb.create_sheet("Improvement Plan"),
        headings,
        rows,
        titles=[
            "Argyll and Bute Council – Children and Families",
            "Improvement Plan following the joint inspection of services for children",
            "Updated: January 2017",
        ],
    )
    wb.create_sheet("Sheet2")
    actions = {
        "1a": act(
            th1,
            t["1a"],
            d(2016, 12, 31),
            "Dec 2016",
            "green",
            "Head of Children and Families",
            commentary=pr["1a"],
            steps=how["1a"],
            colour=True,
        ),
        "1b": act(
            th1,
            t["1b"],
            d(2016, 12, 31),
            "Dec-16",
            "amber",
            "Service Manager, Child Protection",
            commentary=pr["1b"],
            steps=how["1b"],
            colour=True,
        ),
        "1c": act(
            th1,
            t["1c"],
            d(2016, 12, 9),
            "9.12.16",
            "blue",
            "Service Manager, Child Protection",
            ["Chair of CPC"],
            pr["1c"],
            steps=how["1c"],
            colour=True,
        ),
        "2a": act(
            th2,
            t["2a"],
            d(2017, 3, 31),
            "Phase 1 completed / Phase 2 Mar 2017",
            "amber",
            "Principal Officer (Workforce)",
            ["HR Manager"],
            pr["2a"],
            steps=how["2a"],
            colour=True,
        ),
        "2b": act(
            th2,
            t["2b"],
            d(2017, 3, 31),
            "31/03/17",
            "red",
            "Head of Children and Families",
            commentary=pr["2b"],
            steps=how["2b"],
            colour=True,
        ),
        "2c": act(th2, t["2c"], None, "Ongoing", None, "Practice Lead (NQSW)", steps=how["2c"]),
    }
    return CouncilLayout(
        name="argyll_bute_improvement_plan",
        filename="Argyll and Bute C&F Improvement Plan Jan 2017.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Improvement Plan", [(th1, 3), (th2, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "title_rows",
                "merged_title",
                "banner_rows",
                "continuation_rows",
                "merged_lead_down",
                "colour_only_rating",
                "month_year_text",
                "excel_month_cell",
                "dotted_date",
                "two_digit_year",
                "several_dates",
                "no_date_word",
                "ref_letter",
                "several_leads",
                "newline_leads",
                "posts_without_names",
                "long_action_text",
            }
        ),
        description=(
            "Argyll & Bute-style plan: What?/How?/Who?/When?, Theme banners, How? steps on "
            "continuation rows with Who? merged down over them, Traffic Light colour only "
            "(green, amber, blue, yellow, red, none), 2016-17 timescales, refs 1a..2c, an "
            "empty visible Sheet2 after the plan."
        ),
        notes=[
            "Every Traffic Light cell is colour only; yellow (FFFF00) on 2a reads as amber.",
            "2c has no fill and no text: not rated (the probationary year has not started).",
            "'Phase 1 completed / Phase 2 Mar 2017' → 31 Mar 2017 (the last date).",
            "Steps include the How? text on the action's own row, then the continuation rows.",
            "'9.12.16' is 9 December 2016 (UK day.month.year).",
        ],
    )


# =====================================================================================
# 5. Word: a 2003 post-inspection action plan as one table
# =====================================================================================


def ofsted_post_inspection_2003() -> CouncilLayout:
    sa = "Child protection"
    sb = "Looked after children"
    rec = {
        "A1": "Ensure that all referrals are acknowledged and a decision recorded within 24 hours.",
        "A2": "Improve the timeliness of initial and core assessments.",
        "A3": "Review long-term child protection registrations.",
        "A4": "Improve multi-agency understanding of thresholds.",
        "B1": "Ensure every looked after child has a qualified allocated social worker.",
        "B2": "Raise the educational attainment of looked after children.",
        "B3": "Increase the number of local foster placements.",
    }
    t = {
        "A1": (
            "Introduce a duty manager rota so that a first-line manager reviews every "
            "referral on the day it is received and records the decision and the reasons "
            "for it."
        ),
        "A2": (
            "Complete initial assessments within 7 working days and core assessments "
            "within 35 working days, with weekly exception reports to team managers."
        ),
        "A3": (
            "Review every child on the child protection register for more than two years "
            "with an independent chair, and record the decision about continued "
            "registration."
        ),
        "A4": (
            "Deliver multi-agency training on Working Together and the local thresholds to "
            "schools, GPs and police."
        ),
        "B1": (
            "Every looked after child to have an allocated qualified social worker and a "
            "care plan reviewed within statutory timescales."
        ),
        "B2": "Personal education plans for every looked after child of school age.",
        "B3": "Recruit 15 additional local foster carers through a targeted campaign.",
    }
    p = {
        "A1": "Rota in place from 1 September 2003.",
        "A2": "Initial assessments 81% in time in September.",
        "A3": "Reviews completed for 11 of 18 children.",
        "A4": "Trainer post vacant since August; no courses run.",
        "B1": "Four unallocated children at end of September.",
        "B2": "PEPs in place for 89% of children of school age.",
        "B3": "Campaign launched; 6 assessments under way.",
    }
    rows = [
        Banner("Section A: " + sa, fill="DDEBF7"),
        [
            "A1",
            rec["A1"],
            t["A1"],
            "Duty and Assessment Team Manager",
            "31/10/03",
            Cell("Complete", BLUE),
            p["A1"],
        ],
        [
            "A2",
            rec["A2"],
            t["A2"],
            "Head of Safeguarding and Quality Assurance",
            "End Oct 03",
            Cell("On track", GREEN),
            p["A2"],
        ],
        [
            "A3",
            rec["A3"],
            t["A3"],
            "Child Protection Co-ordinator",
            "31.12.03",
            colour(AMBER),
            p["A3"],
        ],
        [
            "A4",
            rec["A4"],
            t["A4"],
            "ACPC Training Officer",
            "Ongoing",
            Cell("Off track", RED),
            p["A4"],
        ],
        Banner("Section B: " + sb, fill="DDEBF7"),
        [
            "B1",
            rec["B1"],
            t["B1"],
            "Head of Children's Resources",
            "March 2004",
            Cell("At risk", AMBER),
            p["B1"],
        ],
        [
            "B2",
            rec["B2"],
            t["B2"],
            "Education Officer (LAC) / Designated Teachers",
            "31/03/04",
            colour(GREEN),
            p["B2"],
        ],
        ["B3", rec["B3"], t["B3"], "Family Placement Manager", UP, Cell("G", GREEN), p["B3"]],
    ]
    doc = new_document()
    doc.add_heading("Borough of Kingsmere – Social Services Department", level=1)
    doc.add_paragraph("Post-inspection action plan")
    doc.add_paragraph(
        "Following the joint inspection of children's services, July 2003. Status as at "
        "30 September 2003."
    )
    docx_table(
        doc, ["Ref", "Recommendation", "Action", "Lead", "Target date", "Status", "Progress"], rows
    )
    actions = {
        "A1": act(
            sa,
            t["A1"],
            d(2003, 10, 31),
            "31/10/03",
            "blue",
            "Duty and Assessment Team Manager",
            commentary=p["A1"],
        ),
        "A2": act(
            sa,
            t["A2"],
            d(2003, 10, 31),
            "End Oct 03",
            "green",
            "Head of Safeguarding and Quality Assurance",
            commentary=p["A2"],
        ),
        "A3": act(
            sa,
            t["A3"],
            d(2003, 12, 31),
            "31.12.03",
            "amber",
            "Child Protection Co-ordinator",
            commentary=p["A3"],
            colour=True,
        ),
        "A4": act(sa, t["A4"], None, "Ongoing", "red", "ACPC Training Officer", commentary=p["A4"]),
        "B1": act(
            sb,
            t["B1"],
            d(2004, 3, 31),
            "March 2004",
            "amber",
            "Head of Children's Resources",
            commentary=p["B1"],
        ),
        "B2": act(
            sb,
            t["B2"],
            d(2004, 3, 31),
            "31/03/04",
            "green",
            "Education Officer (LAC)",
            ["Designated Teachers"],
            p["B2"],
            colour=True,
        ),
        "B3": act(
            sb,
            t["B3"],
            d(2004, 3, 31),
            "31/03/04",
            "green",
            "Family Placement Manager",
            commentary=p["B3"],
        ),
    }
    return CouncilLayout(
        name="ofsted_post_inspection_2003",
        filename="Post-inspection action plan Sept 2003.docx",
        data=docx_bytes(doc),
        answers={},
        expected=ExpectedPlan("Table 1", [(sa, 4), (sb, 3)], actions),
        features=frozenset(
            {
                "docx_table",
                "docx_merged_banner",
                "docx_shaded_rating",
                "title_rows",
                "banner_rows",
                "colour_only_rating",
                "recommendation_column",
                "two_digit_year",
                "end_month",
                "dotted_date",
                "month_year_text",
                "no_date_word",
                "ref_letter",
                "several_leads",
                "posts_without_names",
                "merged_due_down",
                "letter_ratings",
            }
        ),
        description=(
            "Word post-inspection action plan (2003): heading paragraphs, one table with "
            "Section banners merged across, Status cells shaded (text and two colour-only), "
            "'31/10/03', 'End Oct 03', '31.12.03', a Target date merged down B2-B3."
        ),
        notes=[
            "Two-digit years '03'/'04' are 2003/2004 (the inspection was in 2003).",
            "'Head of Safeguarding and Quality Assurance' is one post, not two people.",
            "Where a Status cell has both text and shading the text is read "
            "(rating_from_colour False); A3 and B2 are shading only.",
        ],
    )


# =====================================================================================
# 6. Word: title paragraph, a key table, then the plan table
# =====================================================================================


def word_plan_with_key_table() -> CouncilLayout:
    p1 = "The front door and MASH"
    p2 = "Children in care"
    p3 = "Leadership, QA and performance"
    t = {
        "1.1": (
            "Embed the revised MASH operating model so that RAG-rated contacts are screened "
            "within the agreed timescales and strategy discussions are held the same day "
            "for every red contact."
        ),
        "1.2": (
            "Develop consistent application of thresholds across the partnership. The "
            "Safeguarding Partnership will relaunch the threshold guidance, run monthly "
            "multi-agency threshold workshops for designated safeguarding leads, GPs and "
            "neighbourhood police teams, and audit a sample of contacts that led to no "
            "further action each quarter. Consultation line calls from professionals will "
            "be logged so that the themes can be fed back to the agencies concerned."
        ),
        "1.3": (
            "Out of hours Emergency Duty Team to share information with the MASH by 9am the "
            "next working day."
        ),
        "2.1": (
            "Ensure every child in care has a permanence plan by their second review, "
            "tracked through the monthly permanence panel."
        ),
        "2.2": (
            "Reduce the number of children in care placed more than 20 miles from home, "
            "through the in-house fostering recruitment campaign."
        ),
        "3.1": (
            "Implement the revised Quality Assurance Framework: monthly case audits by "
            "every manager, moderated by the QA team."
        ),
        "3.2": (
            "Performance dashboard with commentary for every measure, produced monthly "
            "and shared with the Lead Member and the Improvement Board."
        ),
        "3.3": (
            "Deliver the leadership development programme for team managers with the "
            "Partner in Practice."
        ),
    }
    u = {
        "1.1": "Screening within 24 hours in 93% of contacts in September.",
        "1.2": "Workshops postponed in April and May because of Covid-19; resumed online.",
        "1.3": "Completed; EDT reports received daily since July.",
        "2.1": "Permanence panel running; 31 of 40 plans agreed.",
        "2.2": "Recruitment campaign paused; 64 children placed over 20 miles away.",
        "3.1": "Audit programme in place; moderation shows grading more consistent.",
        "3.2": "Dashboard with commentary produced monthly since May.",
        "3.3": "Programme design agreed with Essex; cohort 1 starts in January.",
    }
    rows = [
        [
            "1.1",
            "Priority 1 – " + p1,
            t["1.1"],
            "Head of Service, MASH",
            "Q3 2020/21",
            Cell("Green", GREEN),
            u["1.1"],
        ],
        [
            "1.2",
            UP,
            t["1.2"],
            "Jean Imray\nSue Brunton-Reed",
            "31.03.21",
            Cell("Amber – some progress but slippage", AMBER),
            u["1.2"],
        ],
        ["1.3", UP, t["1.3"], "EDT Manager", "September 2020", Cell("Blue", BLUE), u["1.3"]],
        [
            "2.1",
            "Priority 2 – " + p2,
            t["2.1"],
            "Head of Corporate Parenting",
            "TBC",
            Cell("AMBER", AMBER),
            u["2.1"],
        ],
        [
            "2.2",
            UP,
            t["2.2"],
            "Fostering Service Manager\nCommissioning Lead",
            "Q4 2020/21",
            colour(RED),
            u["2.2"],
        ],
        [
            "3.1",
            "Priority 3 – " + p3,
            t["3.1"],
            "QA Manager",
            "30/11/2020",
            Cell("Green", LIGHT_GREEN),
            u["3.1"],
        ],
        [
            "3.2",
            UP,
            t["3.2"],
            "Head of Performance and Intelligence",
            "End Dec 20",
            Cell("Blue", BLUE),
            u["3.2"],
        ],
        ["3.3", UP, t["3.3"], "Assistant Director", "Mar-21", Cell("Red", RED), u["3.3"]],
    ]
    doc = new_document()
    doc.add_heading("Rotherfield Borough Council", level=0)
    doc.add_paragraph("Children's Services Improvement Plan 2020–21")
    doc.add_paragraph("Updated: October 2020")
    doc.add_paragraph("Key")
    key = doc.add_table(rows=1, cols=2)
    key.style = "Table Grid"
    key.rows[0].cells[0].text = "Rating"
    key.rows[0].cells[1].text = "Meaning"
    for word, meaning, fill in [
        ("Blue", "Completed", BLUE),
        ("Green", "On track", GREEN),
        ("Amber", "Some progress but slippage", AMBER),
        ("Red", "Not progressed as planned", RED),
    ]:
        cells = key.add_row().cells
        cells[0].text = word
        shade(cells[0], fill)
        cells[1].text = meaning
    doc.add_paragraph("")
    doc.add_paragraph("Improvement Plan")
    docx_table(
        doc, ["Ref", "Priority", "Action", "Lead Officer(s)", "Deadline", "RAG", "Update"], rows
    )
    actions = {
        "1.1": act(
            p1,
            t["1.1"],
            d(2020, 12, 31),
            "Q3 2020/21",
            "green",
            "Head of Service, MASH",
            commentary=u["1.1"],
        ),
        "1.2": act(
            p1,
            t["1.2"],
            d(2021, 3, 31),
            "31.03.21",
            "amber",
            "Jean Imray",
            ["Sue Brunton-Reed"],
            u["1.2"],
        ),
        "1.3": act(
            p1,
            t["1.3"],
            d(2020, 9, 30),
            "September 2020",
            "blue",
            "EDT Manager",
            commentary=u["1.3"],
        ),
        "2.1": act(
            p2, t["2.1"], None, "TBC", "amber", "Head of Corporate Parenting", commentary=u["2.1"]
        ),
        "2.2": act(
            p2,
            t["2.2"],
            d(2021, 3, 31),
            "Q4 2020/21",
            "red",
            "Fostering Service Manager",
            ["Commissioning Lead"],
            u["2.2"],
            colour=True,
        ),
        "3.1": act(
            p3, t["3.1"], d(2020, 11, 30), "30/11/2020", "green", "QA Manager", commentary=u["3.1"]
        ),
        "3.2": act(
            p3,
            t["3.2"],
            d(2020, 12, 31),
            "End Dec 20",
            "blue",
            "Head of Performance and Intelligence",
            commentary=u["3.2"],
        ),
        "3.3": act(
            p3, t["3.3"], d(2021, 3, 31), "Mar-21", "red", "Assistant Director", commentary=u["3.3"]
        ),
    }
    return CouncilLayout(
        name="word_plan_with_key_table",
        filename="Rotherfield Improvement Plan Oct 2020.docx",
        data=docx_bytes(doc),
        answers={},
        expected=ExpectedPlan("Table 2", [(p1, 3), (p2, 2), (p3, 3)], actions),
        features=frozenset(
            {
                "docx_table",
                "docx_two_tables",
                "docx_shaded_rating",
                "title_rows",
                "key_sheet_before_plan",
                "section_column",
                "merged_section_down",
                "board_wording",
                "mixed_case_ratings",
                "colour_only_rating",
                "financial_quarter",
                "dotted_date",
                "month_year_text",
                "end_month",
                "mon_yy_text",
                "no_date_word",
                "several_leads",
                "newline_leads",
                "posts_without_names",
                "long_action_text",
            }
        ),
        description=(
            "Word plan: title paragraphs, a shaded Key table (Table 1), then the plan "
            "(Table 2) with a Priority column merged down, leads on new lines, shaded RAG "
            "cells (one colour only), quarters and 'End Dec 20'."
        ),
        notes=[
            "Table 1 is the key, not the plan: the plan is Table 2.",
            "'Head of Performance and Intelligence' is one post.",
            "'30/11/2020' is text in Word, read as a plain date.",
        ],
    )


# =====================================================================================
# 7. CSV export, UTF-8 with BOM, names in several scripts
# =====================================================================================


def tracker_export_utf8() -> CouncilLayout:
    s1 = "Help and protection"
    s2 = "Children in care"
    t = {
        "P1.01": (
            "Ensure every child on a child protection plan is seen at least every ten "
            "working days, and seen alone where appropriate."
        ),
        "P1.02": (
            "Reduce the number of children subject to a second or subsequent child "
            "protection plan within two years."
        ),
        "P1.03": (
            "Launch the contextual safeguarding hub for young people at risk of criminal "
            "and sexual exploitation, with a weekly multi-agency exploitation meeting and "
            "return home interviews shared with the police missing person coordinator."
        ),
        "P2.01": "Initial health assessments completed within 20 working days of coming into care.",
        "P2.02": "Every child in care has a life story book started within six months.",
        "P2.03": "Develop a local offer for care leavers with council tax exemption to age 25.",
    }
    c = {
        "P1.01": "Visits within timescale 94% in March.",
        "P1.02": "Repeat plans 23% against a target of 18%.",
        "P1.03": "Hub launch delayed: police analyst post not yet funded.",
        "P2.01": "Completed – 91% in time for Q4.",
        "P2.02": "Done. Life story work toolkit in use.",
        "P2.03": "Scoping meeting held 12 March; proposal to Cabinet in June.",
    }
    rows = [
        ["Ref", "Priority", "Action", "Lead", "Due", "Status", "Progress"],
        ["P1.01", s1, t["P1.01"], "Łukasz Dvořák", "31/03/2020", "Green", c["P1.01"]],
        [
            "P1.02",
            s1,
            t["P1.02"],
            "Siobhán O'Neill / Łukasz Dvořák",
            "30/06/2020",
            "amber",
            c["P1.02"],
        ],
        ["P1.03", s1, t["P1.03"], "Аня Петрова", "Q4 2019/20", "RED", c["P1.03"]],
        ["P2.01", s2, t["P2.01"], "Siobhán O'Neill", "2020-03-31", "Blue", c["P2.01"]],
        ["P2.02", s2, t["P2.02"], "Аня Петрова & Łukasz Dvořák", "TBC", "Complete", c["P2.02"]],
        ["P2.03", s2, t["P2.03"], "Head of Corporate Parenting", "31/12/2020", "", c["P2.03"]],
    ]
    actions = {
        "P1.01": act(
            s1,
            t["P1.01"],
            d(2020, 3, 31),
            "31/03/2020",
            "green",
            "Łukasz Dvořák",
            commentary=c["P1.01"],
        ),
        "P1.02": act(
            s1,
            t["P1.02"],
            d(2020, 6, 30),
            "30/06/2020",
            "amber",
            "Siobhán O'Neill",
            ["Łukasz Dvořák"],
            c["P1.02"],
        ),
        "P1.03": act(
            s1,
            t["P1.03"],
            d(2020, 3, 31),
            "Q4 2019/20",
            "red",
            "Аня Петрова",
            commentary=c["P1.03"],
        ),
        "P2.01": act(
            s2,
            t["P2.01"],
            d(2020, 3, 31),
            "2020-03-31",
            "blue",
            "Siobhán O'Neill",
            commentary=c["P2.01"],
        ),
        "P2.02": act(
            s2, t["P2.02"], None, "TBC", "blue", "Аня Петрова", ["Łukasz Dvořák"], c["P2.02"]
        ),
        "P2.03": act(
            s2,
            t["P2.03"],
            d(2020, 12, 31),
            "31/12/2020",
            None,
            "Head of Corporate Parenting",
            commentary=c["P2.03"],
        ),
    }
    return CouncilLayout(
        name="tracker_export_utf8",
        filename="tracker-export-2020-03-31.csv",
        data=csv_bytes(rows, encoding="utf-8-sig"),
        answers={},
        expected=ExpectedPlan(None, [(s1, 3), (s2, 3)], actions),
        features=frozenset(
            {
                "csv_utf8_bom",
                "section_column",
                "non_latin_names",
                "several_leads",
                "mixed_case_ratings",
                "financial_quarter",
                "no_date_word",
                "ref_prefixed",
                "commentary_without_rating",
            }
        ),
        description=(
            "CSV export (UTF-8 with BOM) from a case-management tracker: Priority column, "
            "refs P1.01, leads Łukasz Dvořák / Siobhán O'Neill / Аня Петрова, an ISO date, "
            "and progress text on an unrated action."
        ),
        notes=[
            "'P1.01' is kept as written (not '1.1').",
            "P2.03 has progress but no Status: not rated, commentary kept.",
        ],
    )


# =====================================================================================
# 8. CSV in Windows-1252 with £ and ’, a title line above the headings
# =====================================================================================


def tracker_export_cp1252() -> CouncilLayout:
    s1 = "Early Help"
    s2 = "Edge of care and adolescents"
    t = {
        "1": "Recommission the children’s centres as Family Hubs offering targeted Early "
        "Help at Tier 3.",
        "2": "Train 200 partner lead professionals in the Early Help assessment.",
        "3": "Secure £250,000 for the Early Help Hub in the 2020/21 budget.",
        "4": (
            "Commission a specialist Edge of Care service for young people at risk of "
            "family breakdown, working with 40 young people a year."
        ),
        "5": "Set up the Adolescent Service, including the children’s exploitation team.",
        "6": "Family Group Conferences offered to every family entering pre-proceedings.",
    }
    c = {
        "1": "Consultation with staff and unions started 30 March.",
        "2": "142 trained; face-to-face sessions paused.",
        "3": "£250,000 agreed at Full Council on 20 February.",
        "4": "Service started; 41 young people referred.",
        "5": "Team manager in post; two social work vacancies.",
        "6": "FGC coordinator moved into the service; uptake 35%.",
    }
    rows = [
        ["Improvement Action Tracker – exported 31/03/2020", "", "", "", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["No.", "Theme", "What?", "Who?", "When?", "Traffic Light", "Latest update"],
        ["1", s1, t["1"], "Head of Early Help\nCommissioning Manager", "Sept 2020", "A", c["1"]],
        ["2", s1, t["2"], "Early Help Training Lead", "31.03.20", "R", c["2"]],
        ["3", s1, t["3"], "Director of Children’s Services", "Mar-20", "B", c["3"]],
        ["4", s2, t["4"], "Head of Adolescent Service", "Q1 2020/21", "G", c["4"]],
        ["5", s2, t["5"], "Head of Adolescent Service", "31/07/2020", "Amber/Green", c["5"]],
        ["6", s2, t["6"], "FGC Manager", "Ongoing", "g", c["6"]],
    ]
    actions = {
        "1": act(
            s1,
            t["1"],
            d(2020, 9, 30),
            "Sept 2020",
            "amber",
            "Head of Early Help",
            ["Commissioning Manager"],
            c["1"],
        ),
        "2": act(
            s1,
            t["2"],
            d(2020, 3, 31),
            "31.03.20",
            "red",
            "Early Help Training Lead",
            commentary=c["2"],
        ),
        "3": act(
            s1,
            t["3"],
            d(2020, 3, 31),
            "Mar-20",
            "blue",
            "Director of Children’s Services",
            commentary=c["3"],
        ),
        "4": act(
            s2,
            t["4"],
            d(2020, 6, 30),
            "Q1 2020/21",
            "green",
            "Head of Adolescent Service",
            commentary=c["4"],
        ),
        "5": act(
            s2,
            t["5"],
            d(2020, 7, 31),
            "31/07/2020",
            "amber",
            "Head of Adolescent Service",
            commentary=c["5"],
        ),
        "6": act(s2, t["6"], None, "Ongoing", "green", "FGC Manager", commentary=c["6"]),
    }
    return CouncilLayout(
        name="tracker_export_cp1252",
        filename="Improvement tracker (Excel CSV).csv",
        data=csv_bytes(rows, encoding="cp1252"),
        answers={},
        expected=ExpectedPlan(None, [(s1, 3), (s2, 3)], actions),
        features=frozenset(
            {
                "csv_cp1252",
                "title_rows",
                "section_column",
                "letter_ratings",
                "combined_rating_word",
                "mixed_case_ratings",
                "month_year_text",
                "dotted_date",
                "mon_yy_text",
                "financial_quarter",
                "no_date_word",
                "several_leads",
                "newline_leads",
                "posts_without_names",
            }
        ),
        description=(
            "CSV saved from Excel in Windows-1252 (£, ’, –): a title line and a blank line "
            "above No./Theme/What?/Who?/When?/Traffic Light, letters and Amber/Green, "
            "'Sept 2020', a Who? cell with two posts on new lines."
        ),
        notes=[
            "'Sept 2020' (four-letter abbreviation) → 30 September 2020.",
            "Text is kept with its typographic apostrophe (’) as written.",
        ],
    )


# =====================================================================================
# 9. References stored by Excel as numbers (1.1 ... and 2.10 shown as 2.1)
# =====================================================================================


def numeric_refs() -> CouncilLayout:
    s1 = "Management grip at the front door"
    s2 = "Supervision, caseloads and workforce"
    items = [
        (
            "1.1",
            s1,
            "Daily MASH huddle chaired by a team manager to review all red and amber contacts.",
            "Kirsty Allen",
            date_cell(2020, 1, 31),
            "Blue",
            "Huddle running since December.",
        ),
        (
            "1.2",
            s1,
            "Manager decision recorded on every contact within 24 hours.",
            "Kirsty Allen",
            date_cell(2020, 3, 31),
            "Green",
            "97% in March.",
        ),
        (
            "1.3",
            s1,
            "Consultation line for professionals staffed by a qualified social worker 9am to 5pm.",
            "Head of Service (Safeguarding)",
            date_cell(2020, 4, 30),
            "amber",
            "Rota gaps on Fridays.",
        ),
        (
            "2.1",
            s2,
            "Supervision policy revised and relaunched with a new recording template.",
            "Principal Social Worker",
            date_cell(2019, 12, 31),
            "Amber",
            "Template agreed; relaunch moved to April.",
        ),
        (
            "2.2",
            s2,
            "Monthly supervision for every social worker, recorded on Mosaic.",
            "Team Managers",
            date_cell(2020, 3, 31),
            "Green",
            "89% compliance in March.",
        ),
        (
            "2.3",
            s2,
            "Group supervision fortnightly in every team, led by a consultant social worker.",
            "Principal Social Worker",
            date_cell(2020, 5, 31),
            "Green",
            "Running in 9 of 11 teams.",
        ),
        (
            "2.4",
            s2,
            "Caseload weighting tool introduced in all assessment and safeguarding teams.",
            "Head of Service (Safeguarding)",
            date_cell(2020, 2, 29),
            "Red",
            "Tool not yet agreed with unions.",
        ),
        (
            "2.5",
            s2,
            "Managed agency team commissioned for six months to reduce caseloads.",
            "Head of Workforce",
            date_cell(2019, 11, 30),
            "Blue",
            "Team in place from 4 November.",
        ),
        (
            "2.6",
            s2,
            "Social work academy for ASYEs with protected caseloads of no more than 12.",
            "ASYE Coordinator",
            date_cell(2020, 9, 30),
            "Green",
            "Second cohort of 8 starts in September.",
        ),
        (
            "2.7",
            s2,
            "Team manager development programme (ILM level 5) for all team managers.",
            "Head of Workforce",
            date_cell(2020, 7, 31),
            "Amber",
            "Procurement delayed.",
        ),
        (
            "2.8",
            s2,
            "Exit interviews for every leaver, analysed quarterly.",
            "HR Business Partner",
            date_cell(2020, 3, 31),
            "Blue",
            "Q4 analysis reported to DMT.",
        ),
        (
            "2.9",
            s2,
            "Staff survey repeated in March and results shared with every team.",
            "Head of Workforce",
            date_cell(2020, 3, 31),
            "green",
            "Response rate 71%.",
        ),
        (
            "2.10",
            s2,
            "Practice week twice a year: senior managers observe practice and audit "
            "cases alongside workers.",
            "Assistant Director",
            date_cell(2020, 6, 30),
            "Amber",
            "First practice week postponed from March.",
        ),
    ]
    rows = []
    for ref, _section, text, lead, due, rating, comment in items:
        if ref == "2.1":
            rows.append(Banner("2. " + s2))
        elif ref == "1.1":
            rows.append(Banner("1. " + s1))
        rows.append([float(ref), text, lead, due, rating, comment])
    wb = new_workbook()
    write_sheet(
        wb.create_sheet("Improvement Plan"),
        ["Ref", "Action", "Owner", "Deadline", "RAG", "Commentary"],
        rows,
        titles=["Northmoor Council Children's Services Improvement Plan"],
    )
    actions = {
        ref: act(
            section, text, due.value.date(), shown(due), rating.lower(), lead, commentary=comment
        )
        for ref, section, text, lead, due, rating, comment in items
    }
    return CouncilLayout(
        name="numeric_refs",
        filename="Northmoor improvement plan.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Improvement Plan", [(s1, 3), (s2, 10)], actions),
        features=frozenset(
            {
                "xlsx",
                "title_rows",
                "merged_title",
                "banner_rows",
                "ref_numeric",
                "real_date_cell",
                "mixed_case_ratings",
                "posts_without_names",
            }
        ),
        description=(
            "References typed into Excel as numbers: 1.1, 1.2 ... 2.9 and then 2.10, "
            "which Excel stored as the number 2.1 (shown '2.1', the same as the first)."
        ),
        notes=[
            "Refs are number cells. A person reads them as shown ('1.1', '2.9'), and reads "
            "the tenth action of section 2, shown '2.1' after '2.9', as '2.10'. An importer "
            "that cannot infer this should at least warn that 2.1 appears twice and that "
            "Excel may have turned 2.10 into 2.1; expected uses '2.10'.",
            "Section titles drop the banner's leading number ('1. ', '2. ').",
        ],
    )


# =====================================================================================
# 10. Ofsted post-inspection template with a "Previous RAG" column
# =====================================================================================


def ofsted_template_previous_rag() -> CouncilLayout:
    s1 = "Help and protection"
    s2 = "Children in care and care leavers"
    r1 = (
        "1. The quality and impact of management oversight and supervision, so that "
        "children's plans progress without delay."
    )
    r2 = "2. The timeliness and quality of pre-proceedings work under the Public Law Outline."
    r3 = "3. The quality of pathway plans and the range of accommodation for care leavers."
    t = {
        "1.1": (
            "Team managers to record a management oversight note on every child's file at "
            "least every 20 working days, setting out the next steps and timescales."
        ),
        "1.2": (
            "Heads of Service to audit ten files each per month for the quality of "
            "management oversight and feed back to team managers in supervision."
        ),
        "2.1": (
            "Pre-proceedings tracker reviewed fortnightly by the Head of Service and Legal, "
            "with letters before proceedings issued within five days of the legal gateway "
            "decision."
        ),
        "2.2": "Family Group Conference offered before every initial PLO meeting.",
        "3.1": (
            "Every care leaver to have a pathway plan that is reviewed every six months and "
            "written with the young person, in their words."
        ),
        "3.2": (
            "Commission supported lodgings and staying put places so that no care leaver "
            "is placed in bed and breakfast accommodation."
        ),
    }
    m = {
        "1.1": "Audits show oversight recorded in 90% of files.",
        "1.2": "Ten audits per Head of Service each month.",
        "2.1": "No child waits more than 16 weeks in pre-proceedings.",
        "2.2": "FGC offered in 100% of PLO cases.",
        "3.1": "95% of pathway plans up to date.",
        "3.2": "No care leavers in B&B.",
    }
    pr = {
        "1.1": "Compliance 84% in February, up from 62%.",
        "1.2": "Audits completed every month since December.",
        "2.1": "Tracker in place; 6 children over 16 weeks.",
        "2.2": "FGC service moved into PLO pathway; 35% uptake.",
        "3.1": "Pathway plans up to date 78%.",
        "3.2": "Two young people in B&B in February, both moved within 5 days.",
    }
    rows = [
        Banner(s1),
        [
            r1,
            "1.1",
            t["1.1"],
            "Head of Service, Children's Social Work",
            "March 2020",
            m["1.1"],
            "Red",
            "Amber",
            pr["1.1"],
        ],
        [UP, "1.2", t["1.2"], "Heads of Service", "Monthly", m["1.2"], "Green", "Blue", pr["1.2"]],
        [
            r2,
            "2.1",
            t["2.1"],
            "Head of Service, Children's Social Work / Legal Services Manager",
            "Dec 2020",
            m["2.1"],
            "Amber",
            "Amber",
            pr["2.1"],
        ],
        [UP, "2.2", t["2.2"], "FGC Manager", "Q1 2020/21", m["2.2"], "Amber", "Green", pr["2.2"]],
        Banner(s2),
        [
            r3,
            "3.1",
            t["3.1"],
            "Head of Corporate Parenting",
            "Q4 2020/21",
            m["3.1"],
            "Amber",
            "Red",
            pr["3.1"],
        ],
        [
            UP,
            "3.2",
            t["3.2"],
            "Commissioning Manager (Placements)",
            "31.03.21",
            m["3.2"],
            "Red",
            "Red",
            pr["3.2"],
        ],
    ]
    headings = [
        "Recommendation",
        "Ref",
        "Action",
        "Lead",
        "Timescale",
        "Measure of success",
        "Previous RAG",
        "RAG",
        "Progress",
    ]
    wb = new_workbook()
    key_sheet(
        wb.create_sheet("RAG key"),
        "RAG key",
        [
            ("Blue", "Complete", BLUE),
            ("Green", "On track", GREEN),
            ("Amber", "Some slippage", AMBER),
            ("Red", "Off track", RED),
        ],
    )
    write_sheet(
        wb.create_sheet("Action plan"),
        headings,
        rows,
        titles=[
            "Ofsted inspection of local authority children's services (ILACS): post-inspection "
            "action plan",
            "Local authority: Westmere County Council",
            "Inspection dates: 2–13 December 2019. Progress as at 29 February 2020",
            None,
        ],
    )
    actions = {
        "1.1": act(
            s1,
            t["1.1"],
            d(2020, 3, 31),
            "March 2020",
            "amber",
            "Head of Service, Children's Social Work",
            commentary=pr["1.1"],
        ),
        "1.2": act(s1, t["1.2"], None, "Monthly", "blue", "Heads of Service", commentary=pr["1.2"]),
        "2.1": act(
            s1,
            t["2.1"],
            d(2020, 12, 31),
            "Dec 2020",
            "amber",
            "Head of Service, Children's Social Work",
            ["Legal Services Manager"],
            pr["2.1"],
        ),
        "2.2": act(
            s1, t["2.2"], d(2020, 6, 30), "Q1 2020/21", "green", "FGC Manager", commentary=pr["2.2"]
        ),
        "3.1": act(
            s2,
            t["3.1"],
            d(2021, 3, 31),
            "Q4 2020/21",
            "red",
            "Head of Corporate Parenting",
            commentary=pr["3.1"],
        ),
        "3.2": act(
            s2,
            t["3.2"],
            d(2021, 3, 31),
            "31.03.21",
            "red",
            "Commissioning Manager (Placements)",
            commentary=pr["3.2"],
        ),
    }
    return CouncilLayout(
        name="ofsted_template_previous_rag",
        filename="ILACS post-inspection action plan Feb 2020.xlsx",
        data=workbook_bytes(wb),
        answers={"headings": {"Previous RAG": "ignore"}},
        expected=ExpectedPlan("Action plan", [(s1, 4), (s2, 2)], actions),
        features=frozenset(
            {
                "xlsx",
                "key_sheet_before_plan",
                "title_rows",
                "merged_title",
                "banner_rows",
                "recommendation_column",
                "month_year_text",
                "financial_quarter",
                "dotted_date",
                "no_date_word",
                "several_leads",
                "posts_without_names",
                "heading_answer",
            }
        ),
        description=(
            "Ofsted ILACS post-inspection template: RAG key sheet, title rows, banners, a "
            "Recommendation column merged down over its actions, Measure of success, and "
            "both 'Previous RAG' and 'RAG' columns (the plan manager says to ignore the "
            "previous one)."
        ),
        notes=[
            "Two columns look like a rating; 'RAG' is this month's, 'Previous RAG' last "
            "month's. The answer ignores 'Previous RAG' (it could instead seed history as "
            "at the previous month; not expected here).",
            "The merged Recommendation cell is a recommendation, not a section: sections "
            "come from the banners.",
        ],
    )


# =====================================================================================
# 11. No reference column: a Priority column merged down
# =====================================================================================


def no_reference_column() -> CouncilLayout:
    s1 = "Help and protection"
    s2 = "Children in care"
    s3 = "Workforce"
    items = [
        (
            s1,
            "Implement the Signs of Safety practice framework across the front door, "
            "assessment and child protection teams.",
            "Principal Social Worker",
            "December 2020",
            "On track",
            "Practice leads trained in every team.",
        ),
        (
            s1,
            "All children subject to a child protection plan to have a core group within 10 "
            "working days of the initial conference.",
            "Child Protection Chairs Manager",
            "Mar-20",
            "Completed",
            "Completed: 96% in Q4.",
        ),
        (
            s1,
            "LADO annual report to the Safeguarding Partnership, with themes from "
            "allegations against staff in education settings.",
            "LADO",
            "Q2 2020/21",
            "Not started",
            "",
        ),
        (
            s2,
            "Children in care to be visited by their social worker within statutory "
            "timescales and seen alone.",
            "Head of Children in Care",
            "Ongoing",
            "Off track",
            "Visits in time 76%; Covid-19 restrictions.",
        ),
        (
            s2,
            "Independent Reviewing Officers to escalate drift in care planning through the "
            "dispute resolution process, tracked monthly.",
            "IRO Manager",
            "31.05.20",
            "At risk",
            "Escalation log in use; resolution times too long.",
        ),
        (
            s3,
            "Reduce the agency social worker rate to below 20%.",
            "Head of HR; Assistant Director",
            "March 2021",
            "on track",
            "Agency rate 24% (31% a year ago).",
        ),
        (
            s3,
            "Every team manager to attend the Signs of Safety supervision training.",
            "Workforce Development Manager",
            "TBC",
            "Completed",
            "All 23 team managers trained.",
        ),
    ]
    rows = []
    previous = None
    for section, text, lead, due, status, progress in items:
        rows.append(
            [UP if section == previous else section, text, lead, due, status, progress or None]
        )
        previous = section
    wb = new_workbook()
    write_sheet(
        wb.create_sheet("Plan"),
        ["Priority", "Action", "Lead", "Timescale", "Status", "Progress"],
        rows,
        titles=[
            "Eastcliff Council – Children's Services Improvement Plan",
            "Draft for the Improvement Board, 23 April 2020",
        ],
    )
    dates = {
        "December 2020": d(2020, 12, 31),
        "Mar-20": d(2020, 3, 31),
        "Q2 2020/21": d(2020, 9, 30),
        "Ongoing": None,
        "31.05.20": d(2020, 5, 31),
        "March 2021": d(2021, 3, 31),
        "TBC": None,
    }
    meaning = {
        "On track": "green",
        "on track": "green",
        "Completed": "blue",
        "Not started": None,
        "Off track": "red",
        "At risk": "amber",
    }
    actions = {}
    position = {s1: 0, s2: 0, s3: 0}
    number = {s1: 1, s2: 2, s3: 3}
    for section, text, lead, due, status, progress in items:
        position[section] += 1
        ref = f"{number[section]}.{position[section]}"
        lead_, *others = [p.strip() for p in lead.split(";")]
        actions[ref] = act(section, text, dates[due], due, meaning[status], lead_, others, progress)
    return CouncilLayout(
        name="no_reference_column",
        filename="Eastcliff Improvement Plan draft April 2020.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Plan", [(s1, 3), (s2, 2), (s3, 2)], actions),
        features=frozenset(
            {
                "xlsx",
                "title_rows",
                "merged_title",
                "section_column",
                "merged_section_down",
                "no_ref_column",
                "not_started",
                "mixed_case_ratings",
                "month_year_text",
                "mon_yy_text",
                "financial_quarter",
                "dotted_date",
                "no_date_word",
                "several_leads",
                "posts_without_names",
            }
        ),
        description=(
            "No reference column at all; a Priority column merged down; Status words "
            "On track / Completed / Not started / Off track / At risk."
        ),
        notes=[
            "With no references a person numbers the actions section.position in file order "
            "('1.1', '1.2', '2.1', ...); expected is keyed that way.",
        ],
    )


# =====================================================================================
# 12. Every rating a colour only
# =====================================================================================


def colour_only_rag() -> CouncilLayout:
    s1 = "Children are seen, heard and helped"
    s2 = "Plans make a difference"
    items = [
        (
            "1.1",
            s1,
            "Children's views recorded in every assessment, in their own words where possible.",
            "Assessment Team Managers",
            date_cell(2021, 3, 31),
            RED,
            "red",
            "Audit: voice of the child evident in 48% of assessments.",
        ),
        (
            "1.2",
            s1,
            "Direct work tools available to every social worker and used in visits.",
            "Principal Social Worker",
            date_cell(2021, 1, 31),
            AMBER,
            "amber",
            "Toolkit launched; use not yet measured.",
        ),
        (
            "1.3",
            s1,
            "Advocacy offered to every child at their initial child protection conference.",
            "Participation and Advocacy Lead",
            date_cell(2020, 12, 31),
            YELLOW,
            "amber",
            "Offer in place; uptake 22%.",
        ),
        (
            "1.4",
            s1,
            "Young people co-design the Mind of My Own app rollout.",
            "Participation and Advocacy Lead",
            date_cell(2020, 11, 30),
            GREEN,
            "green",
            "Co-design sessions completed.",
        ),
        (
            "2.1",
            s2,
            "Child protection plans written in plain language with SMART actions.",
            "CP Chair Manager",
            date_cell(2021, 3, 31),
            LIGHT_GREEN,
            "green",
            "Plan template revised.",
        ),
        (
            "2.2",
            s2,
            "Children in need plans reviewed every three months by a manager.",
            "Head of Safeguarding",
            date_cell(2020, 10, 31),
            BLUE,
            "blue",
            "Completed in October.",
        ),
        (
            "2.3",
            s2,
            "Step-down plans to Early Help agreed at a joint meeting with the family.",
            "Early Help Manager",
            date_cell(2021, 6, 30),
            None,
            None,
            "",
        ),
    ]
    rows = []
    for ref, section, text, lead, due, fill, _rating, update in items:
        label = ("Standard 1: " if section == s1 else "Standard 2: ") + section
        rows.append([ref, label, text, lead, due, colour(fill) if fill else None, update or None])
    wb = new_workbook()
    key_sheet(
        wb.create_sheet("Key"),
        "RAG key (colours)",
        [
            (None, "Completed", BLUE),
            (None, "On track", GREEN),
            (None, "Some progress but slippage", AMBER),
            (None, "Not progressed as planned", RED),
        ],
    )
    write_sheet(
        wb.create_sheet("Improvement Plan"),
        ["Ref", "Standard", "Action", "Lead", "Target date", "RAG", "Update"],
        rows,
        titles=[
            "Southmead Council",
            "Children's Social Care Improvement Plan",
            "RAG as at 31 January 2021",
        ],
    )
    actions = {
        ref: act(
            section,
            text,
            due.value.date(),
            shown(due),
            rating,
            lead,
            commentary=update,
            colour=rating is not None,
        )
        for ref, section, text, lead, due, _fill, rating, update in items
    }
    return CouncilLayout(
        name="colour_only_rag",
        filename="Southmead Improvement Plan RAG Jan21.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Improvement Plan", [(s1, 4), (s2, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "key_sheet_before_plan",
                "title_rows",
                "merged_title",
                "section_column",
                "colour_only_rating",
                "real_date_cell",
                "posts_without_names",
            }
        ),
        description=(
            "Every RAG cell is a fill with no text: FF0000, FFC000, FFFF00, 00B050, "
            "92D050, 0070C0, and one unfilled; a Standard column; a colour-only Key."
        ),
        notes=[
            "Yellow FFFF00 is read as amber (nearest of the four); light green 92D050 as green.",
            "2.3 has no fill: not rated.",
        ],
    )


# =====================================================================================
# 13. A key sheet with local rating words
# =====================================================================================


def local_rating_words() -> CouncilLayout:
    th1 = "Practice"
    th2 = "Partnerships"
    items = [
        (
            "T1.1",
            th1,
            "Practice standards for assessment, planning and recording relaunched "
            "with a one-page guide for practitioners.",
            "Principal Social Worker",
            date_cell(2021, 6, 30),
            "Done",
            "blue",
            "Relaunched at the June practice week.",
        ),
        (
            "T1.2",
            th1,
            "Pre-birth assessments started by 20 weeks of pregnancy, with the "
            "midwifery safeguarding team.",
            "Head of Safeguarding",
            "Q2 2021/22",
            "Amber E",
            "amber",
            "Escalated to DCS: midwifery notifications arriving late.",
        ),
        (
            "T1.3",
            th1,
            "Neglect toolkit (Graded Care Profile 2) used in every neglect case.",
            "Neglect Lead",
            "Q4 2021/22",
            "P",
            None,
            "",
        ),
        (
            "T2.1",
            th2,
            "Joint protocol with adult mental health services for parents with mental ill health.",
            "Head of Safeguarding / Adult Mental Health Service Manager",
            date_cell(2021, 9, 30),
            "Green",
            "green",
            "Protocol drafted.",
        ),
        (
            "T2.2",
            th2,
            "Police attend every initial child protection conference or send a report.",
            "Detective Inspector, Public Protection",
            "Monthly",
            "Red",
            "red",
            "Attendance 58%.",
        ),
        (
            "T2.3",
            th2,
            "Health partners complete the MASH information request within 4 hours "
            "for red contacts.",
            "Designated Nurse",
            "TBC",
            "P",
            None,
            "",
        ),
    ]
    rows = [Banner("Theme 1 – " + th1)]
    for ref, _section, text, lead, due, word, _rating, update in items:
        if ref == "T2.1":
            rows.append(Banner("Theme 2 – " + th2))
        rows.append([ref, text, lead, due, word, update or None])
    wb = new_workbook()
    key_sheet(
        wb.create_sheet("Key"),
        "BRAG key",
        [
            ("Done", "Completed and evidenced", BLUE),
            ("Green", "On track", GREEN),
            ("Amber", "Some slippage, being managed by the lead", AMBER),
            ("Amber E", "Slippage escalated to the DCS", AMBER),
            ("Red", "Not progressed as planned", RED),
            ("P", "Planned: not yet started, not due", "7030A0"),
        ],
    )
    write_sheet(
        wb.create_sheet("Tracker"),
        ["Ref", "Action", "Lead", "Target date", "BRAG", "Latest update"],
        rows,
        titles=["Westbrook Council – Improvement Plan tracker 2021/22", None],
    )
    actions = {}
    for ref, section, text, lead, due, _word, rating, update in items:
        if isinstance(due, Cell):
            due_date, due_text = due.value.date(), shown(due)
        else:
            due_text = due
            due_date = {"Q2 2021/22": d(2021, 9, 30), "Q4 2021/22": d(2022, 3, 31)}.get(due)
        lead_, *others = [p.strip() for p in lead.split(" / ")]
        actions[ref] = act(section, text, due_date, due_text, rating, lead_, others, update)
    return CouncilLayout(
        name="local_rating_words",
        filename="Westbrook tracker 2021-22.xlsx",
        data=workbook_bytes(wb),
        answers={"words": {"Amber E": "amber", "P": NOT_RATED}},
        expected=ExpectedPlan("Tracker", [(th1, 3), (th2, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "key_sheet_before_plan",
                "title_rows",
                "merged_title",
                "banner_rows",
                "local_rating_word",
                "real_date_cell",
                "financial_quarter",
                "no_date_word",
                "several_leads",
                "posts_without_names",
                "ref_prefixed",
            }
        ),
        description=(
            "Local words from the council's key: 'Amber E' (escalated) and 'P' (planned, "
            "not due); 'Done' for complete; T1.1 refs; Theme banners."
        ),
        notes=[
            "'P' is the council's 'planned, not yet started': not rated, answered in the "
            "preview. It is NOT the letter for a rating.",
        ],
    )


# =====================================================================================
# 14. A long plan: five sections, 30 actions, Board wording, Section column merged
# =====================================================================================

_LONG_PLAN = {
    "Quality of Practice": [
        (
            "Strategy discussions held within one working day for every child where there is "
            "reasonable cause to suspect significant harm.",
            "Head of Front Door",
            "Blue – completed",
        ),
        (
            "Single assessments completed within 45 working days, with the child's lived "
            "experience analysed.",
            "Head of Assessment",
            "Amber – some progress but slippage",
        ),
        (
            "Child in need plans reviewed at least every three months.",
            "Head of Children's Social Work",
            "Green – on track",
        ),
        (
            "Children's records include an up-to-date chronology.",
            "Head of Children's Social Work",
            "Red – not progressed as planned",
        ),
        (
            "Pre-birth protocol relaunched with midwifery and health visiting.",
            "Head of Front Door",
            "Green – on track",
        ),
        (
            "Children missing from home offered a return home interview within 72 hours.",
            "Adolescent Service Manager",
            "Amber – some progress but slippage",
        ),
        (
            "Disabled children's assessments take account of their communication needs.",
            "Head of Disabled Children's Service",
            "Green – on track",
        ),
        (
            "Private fostering arrangements assessed within statutory timescales.",
            "Fostering Service Manager",
            "Amber – some progress but slippage",
        ),
    ],
    "Capacity and capability of workforce": [
        (
            "Recruit permanent team managers to every frontline team.",
            "Head of HR",
            "Green – on track",
        ),
        (
            "Caseloads average 18 in child protection teams.",
            "Assistant Director",
            "Red – not progressed as planned",
        ),
        (
            "ASYE academy with a protected first year caseload.",
            "Principal Social Worker",
            "Blue – completed",
        ),
        (
            "Supervision at least monthly for every practitioner.",
            "Principal Social Worker",
            "Amber – some progress but slippage",
        ),
        (
            "Signs of Safety two-day training for all practitioners.",
            "Workforce Development Manager",
            "Green – on track",
        ),
        (
            "Retention payment for experienced social workers agreed.",
            "Head of HR",
            "Blue – completed",
        ),
    ],
    "Effective Leadership and Management": [
        (
            "Permanent Assistant Director appointed.",
            "Director of Children's Services",
            "Blue – completed",
        ),
        (
            "Service realignment completed, with cases transferred safely.",
            "Assistant Director",
            "Green – on track",
        ),
        (
            "Performance clinics chaired monthly by the Assistant Director.",
            "Assistant Director",
            "Green – on track",
        ),
        (
            "Leadership development programme with the Partner in Practice.",
            "Director of Children's Services",
            "Red – not progressed as planned",
        ),
        (
            "Lead Member briefed monthly on performance and practice.",
            "Director of Children's Services",
            "Green – on track",
        ),
    ],
    "Quality Assurance and Performance Management": [
        ("Quality Assurance Framework revised and relaunched.", "QA Manager", "Blue – completed"),
        (
            "Monthly case audit programme, moderated by the QA team.",
            "QA Manager",
            "Blue – completed",
        ),
        (
            "Performance dashboard with commentary produced monthly.",
            "Performance Manager",
            "Blue – completed",
        ),
        (
            "Themed audit of assessments closed with no further action.",
            "QA Manager",
            "Green – on track",
        ),
        (
            "Practice learning reviews shared with every team.",
            "Principal Social Worker",
            "Amber – some progress but slippage",
        ),
    ],
    "Partnership working": [
        (
            "Safeguarding Partnership threshold document relaunched.",
            "Partnership Business Manager",
            "Blue – completed",
        ),
        (
            "Multi-agency Early Help Strategy agreed at a partnership workshop.",
            "Head of Early Help",
            "Amber – some progress but slippage",
        ),
        (
            "Health attendance at strategy discussions above 90%.",
            "Designated Nurse",
            "Green – on track",
        ),
        (
            "Police present in the MASH five days a week.",
            "Detective Inspector, MASH",
            "Green – on track",
        ),
        (
            "Exploitation strategy agreed by the three safeguarding partners.",
            "Adolescent Service Manager",
            "Red – not progressed as planned",
        ),
        (
            "Education settings trained on the revised threshold guidance.",
            "Education Safeguarding Lead",
            "Blue – completed",
        ),
    ],
}


def long_plan() -> CouncilLayout:
    meaning = {"Blue": "blue", "Green": "green", "Amber": "amber", "Red": "red"}
    dues = [
        date_cell(2019, 12, 31),
        date_cell(2020, 1, 31),
        date_cell(2020, 3, 31),
        month_cell(2020, 6),
        "Ongoing",
        date_cell(2020, 9, 30),
    ]
    partners = ["Police, Health", "Schools", "", "Legal Services", "Partnership"]
    rows = []
    actions = {}
    n = 0
    for s, (section, items) in enumerate(_LONG_PLAN.items(), start=1):
        for i, (text, lead, rating) in enumerate(items, start=1):
            ref = f"{s}.{i:02d}"
            due = dues[n % len(dues)]
            commentary = f"Update {ref}: " + (
                "completed and evidenced."
                if rating.startswith("Blue")
                else "progress reported to the Board this month."
            )
            measure = "Audit evidence of impact for children."
            rows.append(
                [
                    section if i == 1 else UP,
                    ref,
                    text,
                    lead,
                    partners[n % len(partners)] or None,
                    due,
                    rating,
                    commentary,
                    measure,
                ]
            )
            if isinstance(due, Cell):
                due_date = due.value.date()
                if due.number_format == "mmm-yy":
                    due_date = d(2020, 6, 30)
                due_text = shown(due)
            else:
                due_date, due_text = None, due
            actions[ref] = act(
                section,
                text,
                due_date,
                due_text,
                meaning[rating.split()[0]],
                lead,
                commentary=commentary,
            )
            n += 1
    wb = new_workbook()
    write_sheet(
        wb.create_sheet("Improvement Plan"),
        [
            "Section of Plan",
            "Ref no",
            "Action",
            "Owner",
            "Partners",
            "Due",
            "BRAG",
            "Progress update",
            "Success measures",
        ],
        rows,
        titles=[
            "Children's Services Improvement Plan – October 2019",
            "Position as at 31 March 2020",
        ],
    )
    return CouncilLayout(
        name="long_plan",
        filename="Improvement Plan Oct 2019 - position 31 March 2020.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan(
            "Improvement Plan", [(s, len(items)) for s, items in _LONG_PLAN.items()], actions
        ),
        features=frozenset(
            {
                "xlsx",
                "long_plan",
                "title_rows",
                "merged_title",
                "section_column",
                "merged_section_down",
                "board_wording",
                "real_date_cell",
                "excel_month_cell",
                "no_date_word",
                "posts_without_names",
            }
        ),
        description=(
            "A long plan in the Board report's five sections (30 actions), 'Section of "
            "Plan' merged down, refs 1.01.., the full Board rating wording, a Partners "
            "column."
        ),
        notes=[
            "The Partners column is partners, not other leads: other_people only lists "
            "people named in the lead (Owner) cell, so it is [] here.",
            "Refs '1.01' are text and kept with their zero.",
        ],
    )


# =====================================================================================
# Monthly trackers: the same plan, three months running
# =====================================================================================

_Q = "Quality of Practice"
_W = "Capacity and capability of workforce"
_P = "Quality Assurance and Performance Management"

_TRACKER_ACTIONS = [
    (
        "1.1",
        _Q,
        "Every contact to the MASH to have a recorded manager decision within 24 hours.",
        "Head of Front Door",
    ),
    (
        "1.2",
        _Q,
        "Strategy discussions to include police, health and education in every case.",
        "Head of Front Door / Detective Inspector, MASH",
    ),
    (
        "1.3",
        _Q,
        "Assessments completed within 45 working days with the child's voice recorded.",
        "Head of Assessment",
    ),
    (
        "1.4",
        _Q,
        "Public Law Outline tracker with legal gateway review at week 6 and week 12.",
        "Head of Children's Social Work",
    ),
    ("2.1", _W, "Reduce average caseloads in the assessment teams to 18.", "Assistant Director"),
    (
        "2.2",
        _W,
        "Monthly reflective supervision for every social worker, recorded on the child's file.",
        "Principal Social Worker",
    ),
    (
        "2.3",
        _W,
        "ASYE academy with protected caseloads for newly qualified social workers.",
        "Principal Social Worker",
    ),
    ("3.1", _P, "Monthly case audits by every manager, moderated by the QA team.", "QA Manager"),
    (
        "3.2",
        _P,
        "Performance dashboard with commentary shared with the Improvement Board.",
        "Performance Manager",
    ),
    ("3.3", _P, "Themed audit of repeat referrals reported to the Board.", "QA Manager"),
]

# ref -> (January, February, March) as (rating word in the file, due text, commentary)
_TRACKER_MONTHS = {
    "1.1": [
        ("Green", "Mar-20", "Decisions within 24 hours in 88% of contacts."),
        ("Green", "Mar-20", "91% in February; daily huddle embedded."),
        ("Blue", "Mar-20", "Completed: 97% for three months running."),
    ],
    "1.2": [
        ("Amber", "Feb-20", "Health attendance 64%."),
        ("Green", "Feb-20", "Health attendance 86% after the CCG escalation."),
        ("Green", "Feb-20", "Health attendance 90%."),
    ],
    "1.3": [
        ("Red", "Mar-20", "Timeliness 52%; backlog of 140 assessments."),
        ("Amber", "Mar-20", "Backlog down to 60; timeliness 68%."),
        ("Amber", "Mar-20", "Timeliness 78%; audit grades still variable."),
    ],
    "1.4": [
        ("", "Mar-20", "Tracker being built."),
        ("Amber", "Mar-20", "Tracker live; gateway meeting dates not yet fixed."),
        ("Red", "June 2020", "Legal capacity reduced by Covid-19; date revised to June."),
    ],
    "2.1": [
        ("Green", "Jun-20", "Average caseload 22."),
        ("Amber", "Jun-20", "Average 23: three leavers in February."),
        ("Amber", "Jun-20", "Average 21; agency team extended."),
    ],
    "2.2": [
        ("Amber", "Jan-20", "Compliance 71%."),
        ("Amber", "Jan-20", "Compliance 79%."),
        ("Green", "Jan-20", "Compliance 93% in March."),
    ],
    "2.3": [
        ("Blue", "Dec-19", "Completed December 2019."),
        ("Blue", "Dec-19", "Completed December 2019."),
        ("Blue", "Dec-19", "Completed December 2019."),
    ],
    "3.1": [
        ("Green", "Ongoing", "January audits completed: 48 cases."),
        ("Green", "Ongoing", "February audits completed: 51 cases."),
        ("Green", "Ongoing", "March audits completed: 39 cases (Covid-19)."),
    ],
    "3.2": [
        ("Red", "Jan-20", "Dashboard commentary not started."),
        ("Red", "Jan-20", "Analyst post vacant."),
        ("Amber", "Jan-20", "First dashboard with commentary to April Board."),
    ],
    "3.3": [
        ("Amber", "Feb-20", "Audit sample drawn."),
        ("Blue", "Feb-20", "Report taken to the February Board."),
        ("Blue", "Feb-20", "Report taken to the February Board."),
    ],
}

_TRACKER_DATES = [d(2020, 1, 31), d(2020, 2, 29), d(2020, 3, 31)]

_TRACKER_SUMMARIES = [
    {  # 31 January 2020
        _Q: SectionCounts(total=4, blue=0, green=1, amber=1, red=1, not_rated=1),
        _W: SectionCounts(total=3, blue=1, green=1, amber=1, red=0, not_rated=0),
        _P: SectionCounts(total=3, blue=0, green=1, amber=1, red=1, not_rated=0),
    },
    {  # 29 February 2020
        _Q: SectionCounts(total=4, blue=0, green=2, amber=2, red=0, not_rated=0),
        _W: SectionCounts(total=3, blue=1, green=0, amber=2, red=0, not_rated=0),
        _P: SectionCounts(total=3, blue=1, green=1, amber=0, red=1, not_rated=0),
    },
    {  # 31 March 2020
        _Q: SectionCounts(total=4, blue=1, green=1, amber=1, red=1, not_rated=0),
        _W: SectionCounts(total=3, blue=1, green=1, amber=1, red=0, not_rated=0),
        _P: SectionCounts(total=3, blue=1, green=1, amber=1, red=0, not_rated=0),
    },
]

_TRACKER_MOVED = [
    {},
    {
        "1.2": ("amber", "green"),
        "1.3": ("red", "amber"),
        "1.4": (None, "amber"),
        "2.1": ("green", "amber"),
        "3.3": ("amber", "blue"),
    },
    {
        "1.1": ("green", "blue"),
        "1.4": ("amber", "red"),
        "2.2": ("amber", "green"),
        "3.2": ("red", "amber"),
    },
]


def _month_due(text: str) -> datetime.date | None:
    months = {
        "Dec-19": d(2019, 12, 31),
        "Jan-20": d(2020, 1, 31),
        "Feb-20": d(2020, 2, 29),
        "Mar-20": d(2020, 3, 31),
        "Jun-20": d(2020, 6, 30),
        "June 2020": d(2020, 6, 30),
    }
    return months.get(text)


def _tracker(month: int) -> CouncilLayout:
    as_at = _TRACKER_DATES[month]
    rows = []
    actions = {}
    section = None
    for ref, sec, text, lead in _TRACKER_ACTIONS:
        if sec != section:
            rows.append(Banner(sec))
            section = sec
        word, due, comment = _TRACKER_MONTHS[ref][month]
        rows.append([ref, text, lead, due, word or None, comment])
        lead_, *others = lead.split(" / ")
        actions[ref] = act(
            sec, text, _month_due(due), due, word.lower() or None, lead_, others, comment
        )
    wb = new_workbook()
    key_sheet(
        wb.create_sheet("Key"),
        "BRAG key",
        [
            ("Blue", "Completed", BLUE),
            ("Green", "On track", GREEN),
            ("Amber", "Some progress but slippage", AMBER),
            ("Red", "Not progressed as planned", RED),
        ],
    )
    write_sheet(
        wb.create_sheet("Improvement Plan"),
        [
            "Ref",
            "Action",
            "Lead Officer(s)",
            "Timescale",
            "BRAG",
            "Progress update",
        ],
        rows,
        titles=[
            "Kingsmere Council Children's Services – Improvement Plan tracker",
            f"Position as at {as_at.day} {as_at:%B %Y}",
            None,
        ],
    )
    return CouncilLayout(
        name=f"kingsmere_tracker_{as_at:%Y_%m}",
        filename=f"Kingsmere Improvement Plan tracker {as_at:%B %Y}.xlsx",
        data=workbook_bytes(wb),
        answers={},
        expected=ExpectedPlan("Improvement Plan", [(_Q, 4), (_W, 3), (_P, 3)], actions),
        features=frozenset(
            {
                "xlsx",
                "key_sheet_before_plan",
                "title_rows",
                "merged_title",
                "banner_rows",
                "mon_yy_text",
                "no_date_word",
                "several_leads",
            }
        ),
        description=f"Kingsmere monthly tracker, position as at {as_at:%d %B %Y}.",
        notes=["1.4 has no BRAG in January (blank): not rated, progress text kept."],
    )


def monthly_trackers() -> list[MonthlyTracker]:
    """Three consecutive months of the same council's tracker, oldest first."""
    trackers = []
    for month, as_at in enumerate(_TRACKER_DATES):
        movements = _TRACKER_MOVED[month]
        trackers.append(
            MonthlyTracker(
                as_at=as_at,
                layout=_tracker(month),
                summary=_TRACKER_SUMMARIES[month],
                moved=[ref for ref, *_ in _TRACKER_ACTIONS if ref in movements],
                movements=movements,
            )
        )
    return trackers


LAYOUT_FUNCTIONS = [
    torbay_action_tracker,
    banes_progress_report,
    city_of_london_sdp,
    argyll_bute_improvement_plan,
    ofsted_post_inspection_2003,
    word_plan_with_key_table,
    tracker_export_utf8,
    tracker_export_cp1252,
    numeric_refs,
    ofsted_template_previous_rag,
    no_reference_column,
    colour_only_rag,
    local_rating_words,
    long_plan,
]

LAYOUTS: list[CouncilLayout] = [build() for build in LAYOUT_FUNCTIONS]
