"""The demo's content, read from the data files in ``demo/data/`` (DEMO ONLY).

The plan, its five sections and the outcome of its first six months are taken from the
real "Improvement Plan Progress Update" presented to Medway's Children's Improvement
Board on 23 April 2020 (``/work/shared/reference``). The report gives the section
titles and the Blue/Green/Amber/Red count per section; its narrative gives the work
behind them. Action wording, people other than the two report authors, and figures the
report does not give are invented but plausible.

The files hold the words and figures; this module only turns them into Python values
(dates, enums, decimals stay as the loaders expect) and says nothing about how they are
loaded. Each file, as a whole:

- ``users.json``: the demo accounts and their shared, published password;
- ``plan.json``: the plan, its sections and the inspection's recommendations;
- ``actions.json``: every action with its month-by-month BRAG path and notes;
- ``indicators.json``: the performance indicators and their monthly values;
- ``board_papers.json``: the Board meetings and the narrative of the Board papers.

Fixed data: the same content, dates and commentary on every load.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from actions.models import SlippageReason
from improvement_board.roles import Role
from indicators.models import Unit
from indicators.periods import add_months
from indicators.status import Polarity
from plans.models import Plan

# The demo plan's slug and its Board's date are the reports' own: a report page shows the
# demo as at that Board (reports.demo.demo_best_seen_as_at).
from reports.demo import BOARD_DATE, DEMO_PLAN_SLUG

DATA = Path(__file__).resolve().parent / "data"
LONDON = ZoneInfo("Europe/London")


def _read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# --- People -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    job_title: str
    role: Role

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


_users = _read("users.json")
DEMO_PASSWORD: str = _users["password"]
DEMO_USERS = [DemoUser(**(user | {"role": Role(user["role"])})) for user in _users["users"]]


# --- The plan -----------------------------------------------------------------------

_plan = _read("plan.json")
PLAN_SLUG = DEMO_PLAN_SLUG
# The plan's own fields; ``organisation`` is the council's name as the file gives it.
PLAN = _plan["plan"] | {
    "inspection_date": _date(_plan["plan"]["inspection_date"]),
    "start_date": _date(_plan["plan"]["start_date"]),
    "status": Plan.Status(_plan["plan"]["status"]),
}
PLAN_START: datetime.date = PLAN["start_date"]
# (number, title, lead username): the five sections of the real plan, in its order.
SECTIONS = [(row["number"], row["title"], row["lead"]) for row in _plan["sections"]]
# What the inspection said needs to improve (paraphrased in the style of an ILACS report).
RECOMMENDATIONS = [(row["reference"], row["text"]) for row in _plan["recommendations"]]


# --- Actions ------------------------------------------------------------------------

# The seven monthly updates: October 2019 to April 2020.
MONTHS = [(2019, 10), (2019, 11), (2019, 12), (2020, 1), (2020, 2), (2020, 3), (2020, 4)]
MONTH_KEYS = ["oct", "nov", "dec", "jan", "feb", "mar", "apr"]


@dataclass(frozen=True)
class DemoAction:
    ref: str
    title: str
    lead: str
    recs: tuple[str, ...]
    # One letter per month, October to April: B(lue), G(reen), A(mber), R(ed).
    path: str
    description: str
    impact: str
    due: str  # "YYYY-MM": the original due date is the last day of that month
    notes: dict[str, str]
    partners: str = ""
    start: str = "2019-10"  # "YYYY-MM": the start date is the first day of that month
    # (reason, clause) for Amber/Red before Covid-19; the clause completes "Moved to Amber: ..."
    slip: tuple[SlippageReason, str] | None = None
    # Clause naming Covid-19, used for Amber/Red from March 2020 (reason: external event).
    covid: str = ""
    # Title of the evidence attached on completion (Blue actions only).
    evidence: str = ""


def _action(row: dict) -> DemoAction:
    slip = row.get("slip")
    return DemoAction(
        **row
        | {
            "recs": tuple(row["recs"]),
            "slip": (SlippageReason(slip[0]), slip[1]) if slip else None,
        }
    )


ACTIONS = [_action(row) for row in _read("actions.json")]


# --- Performance indicators ---------------------------------------------------------

FIRST_MONTH = datetime.date(2019, 3, 1)
INDICATOR_MONTHS = [add_months(FIRST_MONTH, i) for i in range(14)]  # March 2019 to April 2020


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    definition: str
    unit: Unit
    polarity: Polarity
    owner: str
    target: str | None
    tolerance: str
    # One per month from March 2019; None where the measure was not yet counted.
    values: list[str | None]
    # The commentary's second sentence for a month ("2020-03"), else ``standing``.
    notes: dict[str, str]
    standing: str
    sections: tuple[int, ...] = ()
    actions: tuple[str, ...] = ()
    statistical_neighbours: str | None = None
    england: str | None = None
    comparators_note: str = ""
    # (month, value first entered, commentary first entered, days later it was corrected)
    correction: tuple[str, str, str, int] | None = None


def _indicator(row: dict) -> DemoIndicator:
    return DemoIndicator(
        **row
        | {
            "unit": Unit(row["unit"]),
            "polarity": Polarity(row["polarity"]),
            "sections": tuple(row.get("sections", ())),
            "actions": tuple(row.get("actions", ())),
            "correction": tuple(row["correction"]) if row.get("correction") else None,
        }
    )


_indicators = _read("indicators.json")
# The months before the plan started were imported as a baseline by the improvement team.
BASELINE_IMPORTED = datetime.datetime.fromisoformat(_indicators["baseline"]["imported_at"]).replace(
    tzinfo=LONDON
)
BASELINE_SOURCE: str = _indicators["baseline"]["source"]
BASELINE_BY: str = _indicators["baseline"]["by"]
INDICATORS = [_indicator(row) for row in _indicators["indicators"]]


# --- Board papers -------------------------------------------------------------------

_papers = _read("board_papers.json")
MEETING_DATES = [_date(day) for day in _papers["meetings"]]
PREVIOUS_BOARD = _date(_papers["previous_board"])
AUTHORS = "\n".join(_papers["authors"])
RUNNING_HEADER: str = _papers["running_header"]
# The final "Improvement Plan Progress Update": its narrative fields, by field name.
PROGRESS_UPDATE: dict[str, str] = _papers["progress_update"]
# The draft Director's monthly report for the same meeting.
MONTHLY_REPORT: dict[str, str] = _papers["monthly_report"]

if BOARD_DATE not in MEETING_DATES:  # pragma: no cover - a broken data file
    raise ValueError(f"board_papers.json has no meeting on the Board's date, {BOARD_DATE}")
