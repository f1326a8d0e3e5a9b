"""Reading what a council wrote in its own plan: headings, rating words, fill colours,
timescales, the people named as leads, and a short title for a long action.

Pure functions over cell values; nothing here reads a file or touches the database.
Each reading says how it was made (``how``), so the import preview can show every
guess before anything is saved.
"""

import calendar
import datetime
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from actions.models import Rating

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
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: dict[str, int] = {
    name: number
    for number, month in enumerate(_MONTH_NAMES, start=1)
    for name in (month.casefold(), month[:3].casefold())
} | {"sept": 9}


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
    r"\d+(st|nd|rd|th)?|q[1-4]|quarter|qtr|as|at|of|for|in|on|to|end|" + "|".join(_MONTHS)
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


# --- Rating words ---------------------------------------------------------------------

# The remembered answer for a word that means "no rating yet".
NO_RATING = "none"
WordHow = Literal["word", "letter", "synonym", "combined", "remembered", "no rating"]


@dataclass(frozen=True)
class WordReading:
    """How a rating cell's word was read. ``rating`` None means "no rating yet"."""

    rating: Rating | None
    how: WordHow


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_TO_HYPHEN = {ord(dash): "-" for dash in _DASHES}


def normalise_word(text: str) -> str:
    """The key under which a plan remembers what a rating word means."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.translate(_DASH_TO_HYPHEN)
    text = " ".join(text.split())
    text = re.sub(r"\s*([-/:])\s*", r"\1", text)
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def _loose(word: str) -> str:
    return " ".join(re.sub(r"[-/:,()]", " ", word).split())


_COLOURS = {rating.value: rating for rating in Rating}
_LETTERS = {rating.value[0]: rating for rating in Rating}
_SYNONYMS: dict[str, Rating] = {
    **dict.fromkeys(
        (
            "complete",
            "completed",
            "done",
            "achieved",
            "fully achieved",
            "closed",
            "finished",
            "met",
            "fully met",
            "implemented",
            "fully implemented",
            "completed and embedded",
        ),
        Rating.BLUE,
    ),
    **dict.fromkeys(
        (
            "on track",
            "on target",
            "on schedule",
            "in progress on track",
            "progressing well",
            "good progress",
        ),
        Rating.GREEN,
    ),
    **dict.fromkeys(
        (
            "at risk",
            "some slippage",
            "slight slippage",
            "minor slippage",
            "some progress",
            "some progress but slippage",
            "slipping",
            "slippage",
            "delayed",
            "slightly delayed",
            "partially achieved",
            "partially met",
            "yellow",
            "y",
        ),
        Rating.AMBER,
    ),
    **dict.fromkeys(
        (
            "off track",
            "off target",
            "not progressed",
            "not progressed as planned",
            "behind",
            "behind schedule",
            "significantly delayed",
            "overdue",
            "not achieved",
            "not met",
            "stalled",
        ),
        Rating.RED,
    ),
}
_NO_RATING_WORDS = frozenset(
    {
        "",
        "not started",
        "not yet started",
        "not due",
        "not yet due",
        "not yet rated",
        "not rated",
        "no rating",
        "unrated",
        "n a",
        "na",
        "not applicable",
        "tbc",
        "tba",
        "pending",
        "none",
    }
)
# Worst last: a combined word is read as the worse of its two, so a Board paper never
# shows an action better than its owner did. (reports.movement.RATING_ORDER holds the
# same order, but reports sits above this app.)
_SEVERITY = (Rating.BLUE, Rating.GREEN, Rating.AMBER, Rating.RED)


def rating_for_word(
    text: str, *, known: Mapping[str, str] = MappingProxyType({})
) -> WordReading | None:
    """Read a rating cell's text; None when the word is unknown (ask the plan manager).

    ``known`` holds the plan's remembered answers: ``normalise_word(word)`` to a rating
    value or ``NO_RATING``; they are checked before the built-in words. A blank cell
    reads as no rating: a fill colour, if any, is for ``rating_for_colour`` to read.
    """
    key = normalise_word(text)
    remembered = {normalise_word(word): answer for word, answer in known.items()}
    if key in remembered:
        return WordReading(_rating_or_none(remembered[key]), "remembered")
    loose = _loose(key)
    if loose in _NO_RATING_WORDS:
        return WordReading(None, "no rating")
    if loose in _COLOURS:
        return WordReading(_COLOURS[loose], "word")
    if loose in _LETTERS:
        return WordReading(_LETTERS[loose], "letter")
    if loose in _SYNONYMS:
        return WordReading(_SYNONYMS[loose], "synonym")
    return _colour_with_meaning(loose) or _combined(key)


def _rating_or_none(answer: str) -> Rating | None:
    if answer == NO_RATING:
        return None
    if answer not in Rating.values:
        raise ValueError(f"A remembered rating answer must be a rating or {NO_RATING!r}.")
    return Rating(answer)


def _colour_with_meaning(loose: str) -> WordReading | None:
    """ "Green - on track", "Blue (completed)": the colour with words that agree with it.
    Words that disagree ("Green - delayed") or say something else ("Amber E") are a
    question for the plan manager."""
    colour, _, rest = loose.partition(" ")
    rating = _COLOURS.get(colour)
    if rating is None or not rest:
        return None
    if rest == rating.meaning.casefold() or _SYNONYMS.get(rest) == rating:
        return WordReading(rating, "word")
    return None


def _combined(key: str) -> WordReading | None:
    """ "Amber/Green", "Amber-Red", "AG": the worse of the two."""
    parts = [part for part in re.split(r"[\s\-/]+|\bto\b", key) if part]
    if len(parts) == 1 and len(parts[0]) == 2:
        parts = list(parts[0])
    readable = _COLOURS | _LETTERS | {"yellow": Rating.AMBER, "y": Rating.AMBER}
    if len(parts) < 2 or any(part not in readable for part in parts):
        return None
    ratings = {readable[part] for part in parts}
    worst = max(ratings, key=_SEVERITY.index)
    return WordReading(worst, "combined" if len(ratings) > 1 else "word")


# --- Fill colours ---------------------------------------------------------------------

# Hue bands in OKLCh, degrees. Hue there follows what people see, unlike RGB distance or
# CIELAB (where pure blue 0000FF sits beside purple 7030A0). Yellow is in amber's band:
# plans use it for amber. The gaps (teal and cyan; purple, magenta and hot pink) are no
# rating's colour and are left for the plan manager rather than guessed.
_HUE_BANDS: tuple[tuple[float, float, Rating], ...] = (
    (0, 40, Rating.RED),
    (40, 115, Rating.AMBER),
    (115, 170, Rating.GREEN),
    (210, 275, Rating.BLUE),
    (355, 360, Rating.RED),
)
# Below this chroma a fill is white, black, grey or a tint too pale to be a rating
# (Excel's "lighter 80%" shades, used for banding); Excel's "Good", "Neutral" and "Bad"
# styles (C6EFCE, FFEB9C, FFC7CE) are above it.
_MIN_CHROMA = 0.04
# Orange hue this dark is brown.
_MIN_AMBER_LIGHTNESS = 0.58


def rating_for_colour(argb: str | None) -> Rating | None:
    """The rating a cell's fill colour shows, as openpyxl gives it ("FFFF0000").

    Theme and indexed colours come without an RGB value and read as None, as do
    white, black, greys, pale tints, brown, purple and teal.
    """
    if not isinstance(argb, str):
        return None
    hex_digits = argb.strip().lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8}", hex_digits):
        return None
    lightness, chroma, hue = _oklch(hex_digits[-6:])
    if chroma < _MIN_CHROMA:
        return None
    for start, end, rating in _HUE_BANDS:
        if start <= hue < end:
            if rating == Rating.AMBER and lightness < _MIN_AMBER_LIGHTNESS:
                return None
            return rating
    return None


def _oklch(rgb: str) -> tuple[float, float, float]:
    """Lightness (0-1), chroma and hue (degrees) of an sRGB colour in OKLCh."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(rgb[i : i + 2], 16)) for i in (0, 2, 4))
    long_, medium, short = (
        (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3),
        (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3),
        (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3),
    )
    lightness = 0.2104542553 * long_ + 0.7936177850 * medium - 0.0040720468 * short
    a = 1.9779984951 * long_ - 2.4285922050 * medium + 0.4505937099 * short
    b_ = 0.0259040371 * long_ + 0.7827717662 * medium - 0.8086757660 * short
    return lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360


# --- Timescales -----------------------------------------------------------------------

TimescaleHow = Literal[
    "date",
    "two-digit year",
    "date number",
    "month",
    "end of month",
    "quarter",
    "calendar quarter",
    "financial year",
    "season",
    "school term",
    "part of year",
    "year",
    "several dates",
    "no date",
]


@dataclass(frozen=True)
class Timescale:
    """A timescale as the council wrote it and the due date read from it.

    ``how`` is "date" for a plain date; anything else is an interpretation the
    import preview lists. A period (month, quarter, season...) is due at its end.
    """

    date: datetime.date | None
    text: str
    how: TimescaleHow


class TimescaleError(ValueError):
    """A timescale that cannot be read; the message says why, for the plan manager."""


_FORMS_HINT = "Write it as 31/03/2020, March 2020 or Q2 2020/21, or 'Ongoing'."
_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2199
# Excel day numbers for 1 January 2000 and 31 December 2099: a number outside them in
# a timescale is a count, a year or a typo, not a date.
_SERIALS = range(36526, 73416)

# Words that mean "no single due date". "Complete" in a timescale column says the
# action is done; its rating says so too.
_NO_DATE_WORDS = (
    "ongoing",
    "on going",
    "on-going",
    "continuous",
    "continual",
    "continuing",
    "rolling",
    "rolling programme",
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "daily",
    "weekly",
    "fortnightly",
    "monthly",
    "bi-monthly",
    "bimonthly",
    "quarterly",
    "six monthly",
    "six-monthly",
    "half yearly",
    "bi-annually",
    "biannually",
    "annually",
    "annual",
    "yearly",
    "in place",
    "as required",
    "as needed",
    "n/a",
    "na",
    "none",
    "complete",
    "completed",
    "immediate",
    "immediately",
)
_NO_DATE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(word) for word in _NO_DATE_WORDS) + r")(?!\w)"
)


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


_MONTH_NAME = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_END = r"(?P<end>\bend\s+(?:of\s+)?(?:the\s+)?)?"
_TIMESCALE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _pattern(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")),
    (
        "numeric",
        _pattern(r"\b(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4}|\d{2})\b"),
    ),
    (
        "quarter",
        _pattern(
            _END
            + r"\b(?:q|qtr|quarter)\s*(?P<quarter>\d)\b[\s,]*(?:of\s+)?(?:fy\s*)?"
            + r"(?P<first>\d{4}|\d{2})(?:\s*[/-]\s*(?P<second>\d{4}|\d{2}))?\b"
        ),
    ),
    (
        "quarter",
        _pattern(
            r"\b(?:fy\s*)?(?P<first>\d{4}|\d{2})\s*[/-]\s*(?P<second>\d{4}|\d{2})\s+"
            r"(?:q|qtr|quarter)\s*(?P<quarter>\d)\b"
        ),
    ),
    (
        "day month",
        _pattern(
            # No spaces around a dash: "Sep 20 - Mar 21" is two months, not 20 March.
            r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:[./-]|\s+)?(?:of\s+)?"
            + _MONTH_NAME
            + r"(?![a-z])[\s,./-]*(?P<year>\d{4}|'?\d{2})\b"
        ),
    ),
    (
        "month day",
        _pattern(
            r"\b" + _MONTH_NAME + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b"
        ),
    ),
    (
        "month",
        _pattern(_END + r"\b" + _MONTH_NAME + r"(?![a-z])[\s,./-]*(?P<year>\d{4}|'?\d{2})\b"),
    ),
    ("month", _pattern(_END + r"\b(?P<month>\d{1,2})/(?P<year>\d{4})\b")),
    (
        "season",
        _pattern(
            r"\b(?P<season>spring|summer|autumn|fall|winter)"
            r"(?P<term>\s+term)?\s+(?P<year>\d{4})(?:\s*[/-]\s*(?P<second>\d{4}|\d{2}))?\b"
        ),
    ),
    (
        "part of year",
        _pattern(
            r"\b(?P<part>early|mid|middle of|late|end of|end|h[12]|(?:first|1st|second|2nd)"
            r"\s+half(?:\s+of)?)\s*-?\s*(?P<year>\d{4})\b"
        ),
    ),
    (
        "financial year",
        _pattern(
            r"\b(?:fy\s*|financial\s+year\s+)?"
            r"(?P<first>\d{4}|\d{2})\s*[/-]\s*(?P<second>\d{4}|\d{2})\b"
        ),
    ),
]

# Meteorological seasons, due at their end; winter runs into the next year, so
# "Winter 2020" is due at the end of February 2021. A winter term ends with the autumn
# term, at Christmas.
_SEASON_ENDS = {
    "spring": (0, 5),
    "summer": (0, 8),
    "autumn": (0, 11),
    "fall": (0, 11),
    "winter": (1, 2),
}
# School terms, which children's services plans often work to.
_TERM_ENDS = {"spring": 3, "summer": 7, "autumn": 12, "fall": 12, "winter": 12}
# Part of a year, due at the end of its third or half.
_PART_ENDS = {"early": 4, "mid": 8, "middle": 8, "late": 12, "end": 12, "h1": 6, "h2": 12}
_PART_WORDS = {"first": "h1", "1st": "h1", "second": "h2", "2nd": "h2"}
_BARE_YEAR = re.compile(r"(?:by\s+|during\s+|in\s+|calendar\s+year\s+|year\s+)*(\d{4})")
_NUMBERED_STEP = re.compile(
    r"\b(phase|stage|step|part|round|wave|tranche|level|year|no\.?|number)\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class _Found:
    date: datetime.date
    how: TimescaleHow


def read_timescale(value: object, *, number_format: str = "") -> Timescale | None:
    """Read a timescale cell: a date, an Excel month, or text as councils write it.

    Returns None for an empty cell; raises ``TimescaleError`` saying why for a cell
    that names an impossible date or no date in a form we know. Days always come before
    months (UK order); two-digit years 00-69 are 2000s, 70-99 1900s.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise TimescaleError(f"{value} could not be read as a date. {_FORMS_HINT}")
    if isinstance(value, datetime.date):
        return _timescale_from_date_cell(value, number_format)
    if isinstance(value, int | float):
        return _timescale_from_number(value)
    return _timescale_from_text(str(value).strip())


def _timescale_from_date_cell(value: datetime.date, number_format: str) -> Timescale:
    day = value.date() if isinstance(value, datetime.datetime) else value
    shown = format_excel_date(day, number_format)
    if day.day == 1 and _shows_month_not_day(number_format):
        # A month typed into Excel is stored as its 1st; the plan means the whole month.
        return Timescale(_last_day(day.year, day.month), shown, "month")
    return Timescale(day, shown, "date")


def _timescale_from_number(value: float) -> Timescale:
    shown = str(int(value)) if float(value).is_integer() else str(value)
    if float(value).is_integer() and _EARLIEST_YEAR <= value <= _LATEST_YEAR:
        return Timescale(datetime.date(int(value), 12, 31), shown, "year")
    if math.isfinite(value) and int(value) in _SERIALS:
        # A date cell stripped of its format still holds Excel's day count.
        day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
        return Timescale(day, shown, "date number")
    raise TimescaleError(f"{shown} is a number, not a date. {_FORMS_HINT}")


def _timescale_from_text(text: str) -> Timescale:
    # Matched on the text as written, so an error quotes the council's own words.
    searched = text.translate(_DASH_TO_HYPHEN)
    found = _dates_in(searched)
    lowered = " ".join(unicodedata.normalize("NFKC", searched).casefold().split())
    if not found:
        bare_year = _BARE_YEAR.fullmatch(lowered.strip(" .,;:()"))
        if bare_year:
            found = [_Found(_checked_date(int(bare_year[1]), 12, 31, text), "year")]
    if not found:
        if _NO_DATE.search(lowered) or not re.search(r"\w", lowered):
            return Timescale(None, text, "no date")
        raise TimescaleError(_unreadable_message(text, lowered))
    if len(found) == 1:
        return Timescale(found[0].date, text, found[0].how)
    # Phases and revisions: the action is due when its last date is reached.
    return Timescale(max(item.date for item in found), text, "several dates")


def _dates_in(text: str) -> list[_Found]:
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _TIMESCALE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            reading = _reading(kind, match)
            if reading is not None:
                taken.append((start, end))
                found.append(reading)
    return found


def _reading(kind: str, match: re.Match[str]) -> _Found | None:
    written = match.group(0).strip()
    if kind == "day month" and _NUMBERED_STEP.search(match.string[: match.start()]):
        # "Phase 2 Mar 2017" is phase 2, due in March 2017.
        return None
    if kind in ("iso", "numeric", "day month", "month day"):
        year_text = match["year"].lstrip("'")
        year = _full_year(year_text)
        month = _month_number(match["month"])
        date = _checked_date(year, month, int(match["day"]), written)
        return _Found(date, "two-digit year" if len(year_text) == 2 else "date")
    if kind == "month":
        year = _full_year(match["year"].lstrip("'"))
        month = _month_number(match["month"])
        if not 1 <= month <= 12:
            raise TimescaleError(f"{written} is not a date: there is no month {month}.")
        date = _last_day(_checked_year(year, written), month)
        return _Found(date, "end of month" if match["end"] else "month")
    if kind == "quarter":
        return _quarter(match, written)
    if kind == "season":
        return _season(match, written)
    if kind == "part of year":
        year = _checked_year(int(match["year"]), written)
        return _Found(_last_day(year, _part_end(match["part"])), "part of year")
    if kind == "financial year":
        ends = _financial_year_end(match["first"], match["second"], written, strict=False)
        return None if ends is None else _Found(datetime.date(ends, 3, 31), "financial year")
    raise AssertionError(kind)


def _part_end(part: str) -> int:
    first_word = part.casefold().split()[0]
    return _PART_ENDS[_PART_WORDS.get(first_word, first_word)]


def _quarter(match: re.Match[str], written: str) -> _Found:
    quarter = int(match["quarter"])
    if not 1 <= quarter <= 4:
        raise TimescaleError(f"{written} is not a quarter: quarters run Q1 to Q4.")
    if match["second"] is None:
        year = _checked_year(_full_year(match["first"]), written)
        return _Found(_last_day(year, quarter * 3), "calendar quarter")
    ends = _financial_year_end(match["first"], match["second"], written, strict=True)
    assert ends is not None
    # The UK financial year: Q1 April-June ... Q4 January-March of the later year.
    year, month = (ends - 1, 3 + quarter * 3) if quarter < 4 else (ends, 3)
    return _Found(_last_day(year, month), "quarter")


def _season(match: re.Match[str], written: str) -> _Found:
    season = match["season"].casefold()
    year = _checked_year(int(match["year"]), written)
    term = bool(match["term"])
    if match["second"] is not None:
        # "Spring 2020/21" is in the school year 2020/21: autumn (and a winter term, which
        # is the autumn term) in 2020; spring, summer and winter's end in 2021.
        ends = _financial_year_end(match["year"], match["second"], written, strict=True)
        assert ends is not None
        in_first_year = season in ("autumn", "fall") or (season == "winter" and term)
        year = ends - 1 if in_first_year else ends
        if season == "winter" and not term:
            return _Found(_last_day(year, 2), "season")
    if term:
        return _Found(_last_day(year, _TERM_ENDS[season]), "school term")
    later, month = _SEASON_ENDS[season]
    return _Found(_last_day(_checked_year(year + later, written), month), "season")


def _financial_year_end(first: str, second: str, written: str, *, strict: bool) -> int | None:
    """The year a financial year such as 2020/21 ends in; None for two numbers that are
    not one when they need not be (a fraction such as 1/2 in passing text)."""
    start = _full_year(first)
    end = _full_year(second) if len(second) == 2 and len(first) == 2 else int(second)
    if len(second) == 2 and len(first) == 4:
        end = start // 100 * 100 + int(second)
        if end < start:
            end += 100
    if end != start + 1:
        if not strict and len(first) == 2:
            return None
        raise TimescaleError(
            f"{written} is not a financial year: it should run from one year to the "
            f"next, as 2020/21."
        )
    return _checked_year(end, written)


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _month_number(text: str) -> int:
    name = text.casefold()
    return _MONTHS[name] if name in _MONTHS else int(text)


def _checked_year(year: int, written: str) -> int:
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        raise TimescaleError(
            f"{written} is not a date: the year {year} is not between "
            f"{_EARLIEST_YEAR} and {_LATEST_YEAR}."
        )
    return year


def _checked_date(year: int, month: int, day: int, written: str) -> datetime.date:
    _checked_year(year, written)
    if month == 0 or day == 0:
        zero = "month" if month == 0 else "day"
        raise TimescaleError(f"{written} is not a date: there is no {zero} 0.")
    if month > 12:
        swapped = f" Days come first: {month}/{day:02d}/{year}." if day <= 12 else ""
        raise TimescaleError(f"{written} is not a date: there is no month {month}.{swapped}")
    if day > 31:
        raise TimescaleError(f"{written} is not a date: no month has more than 31 days.")
    length = calendar.monthrange(year, month)[1]
    if day > length:
        name = _MONTH_NAMES[month - 1]
        reason = (
            f"{name} has 28 or 29 days"
            if month == 2 and day > 29
            else f"{name} {year} has {length} days"
        )
        raise TimescaleError(f"{written} is not a date: {reason}.")
    return datetime.date(year, month, day)


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _unreadable_message(text: str, lowered: str) -> str:
    if re.search(r"(?<![a-z])(" + "|".join(_MONTHS) + r")(?![a-z])", lowered) or re.search(
        r"\bq[1-4]\b", lowered
    ):
        return f"'{text}' has no year. {_FORMS_HINT}"
    return f"'{text}' could not be read as a date. {_FORMS_HINT}"


def _shows_month_not_day(number_format: str) -> bool:
    shown = _date_format_codes(number_format).casefold()
    return "m" in shown and "y" in shown and "d" not in shown


def _date_format_codes(number_format: str) -> str:
    """The first section of a number format without its literals, colours and locale."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", number_format).split(";")[0]
    return section.replace("@", "")


# Excel's built-in short date formats show in the reader's locale: dd/mm/yyyy in the UK.
_LOCALE_SHORT_DATES = {"mm-dd-yy", "m/d/yy", "m/d/yy h:mm", "general", ""}
_FORMAT_TOKEN = re.compile(
    r'"(?P<quoted>[^"]*)"|\\(?P<escaped>.)|\[[^\]]*\]|[_*].|(?P<code>yyyy|yy|mmmmm|mmmm|mmm|mm|m'
    r"|dddd|ddd|dd|d)|(?P<other>.)",
    re.IGNORECASE,
)


def format_excel_date(day: datetime.date, number_format: str) -> str:
    """A date as Excel shows it with the cell's number format ("Dec-16", "31/03/2020")."""
    section = number_format.split(";")[0]
    if section.strip().casefold() in _LOCALE_SHORT_DATES or re.search(
        r"[hs]", _date_format_codes(section), re.I
    ):
        return _uk_date(day)
    shown: list[str] = []
    for token in _FORMAT_TOKEN.finditer(section):
        if token["quoted"] is not None:
            shown.append(token["quoted"])
        elif token["escaped"] is not None:
            shown.append(token["escaped"])
        elif token["code"]:
            shown.append(_date_code(day, token["code"].casefold()))
        elif token["other"] and token["other"] != "@":
            shown.append(token["other"])
    return "".join(shown).strip() or _uk_date(day)


def _uk_date(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _date_code(day: datetime.date, code: str) -> str:
    month_name = _MONTH_NAMES[day.month - 1]
    return {
        "yyyy": f"{day.year:04d}",
        "yy": f"{day.year % 100:02d}",
        "mmmmm": month_name[0],
        "mmmm": month_name,
        "mmm": month_name[:3],
        "mm": f"{day.month:02d}",
        "m": str(day.month),
        "dddd": _DAY_NAMES[day.weekday()],
        "ddd": _DAY_NAMES[day.weekday()][:3],
        "dd": f"{day.day:02d}",
        "d": str(day.day),
    }[code]


# --- People ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonName:
    """Someone named in a lead or partners cell. ``is_post`` when it names a post,
    team or agency rather than a person: it is kept as a named post for a plan
    manager to assign, never turned into an account."""

    text: str
    is_post: bool


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that make an item a post or a team rather than a person.
_POST_WORDS = _word_set(
    """
    director directors manager managers officer officers lead leads leader leaders team teams
    principal assistant chief commissioner commissioners coordinator coordinators
    co-ordinator co-ordinators practitioner practitioners worker workers adviser advisers
    advisor advisors consultant consultants chair supervisor supervisors deputy executive
    administrator analyst analysts champion champions staff board group panel partnership
    service services unit hub department directorate member members holder heads all
    interim acting ad ads dcs ddcs adcs psw iro iros sw tm tms sm sms hos ceo dph lado
    inspector inspectors detective sergeant superintendent constable nurse nurses
    """
)
# Services, agencies and areas (single words and pairs) that qualify a post ("Head of
# Service, MASH") or stand for a partner ("Health", "Police"); not people either. Words
# that are also surnames (Young, Early, Court) count only in their pairs.
_AREA_WORDS = _word_set(
    """
    mash cin cp lac cla cic send sen yos yot eh qa csc camhs hr ict it ccg icb nhs lscb lscp
    marac mappa pmo sgo uasc ehcp ofsted dfe dwp vcs cse cce plo fgc cafcass
    children child families family care leaver leavers fostering adoption safeguarding
    prevention performance improvement workforce development learning training education
    schools school health police probation housing legal finance commissioning permanence
    placements placement sufficiency disabilities disability youth justice duty assessment
    intervention protection partners partner agencies agency voluntary sector council
    corporate business support data intelligence policy governance communications
    participation advocacy engagement transformation strategy operations practice quality
    """
) | {
    "young people",
    "early help",
    "early years",
    "quality assurance",
    "front door",
    "social work",
    "social care",
    "public health",
    "mental health",
    "family court",
}
_HARD_SEPARATOR = re.compile(r"\s*(?:[;+\n\r]+)\s*")
_SOFT_SEPARATOR = re.compile(r"(\s*[,/&]\s*|\s+and\s+)", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@,;/]+@[^\s@,;/]+\.[^\s@,;/]+")
_JOINING_PREPOSITION = re.compile(r"\b(of|for)\b", re.IGNORECASE)
_SEPARATOR_CHARACTERS = ",/&;+"
# Where a name and its post meet: "Jo Bloggs - Head of Service", "Jo Bloggs (AD)".
_SEGMENT_BREAK = re.compile(r"\s[-–—:]\s|[()]|:")
_PLACEHOLDERS = frozenset(
    {"tbc", "tba", "tbd", "to be confirmed", "to be appointed", "vacant", "vacancy", "none"}
)

_Kind = Literal["person", "post", "area"]


@dataclass
class _Item:
    text: str
    kind: _Kind
    last_part: _Kind
    # Each comma may join once: an area after a post ("Head of Service, MASH") and a
    # post after a name ("Jo Bloggs, Head of Service").
    comma_joins: set[_Kind]


def split_people(text: str) -> list[PersonName]:
    """The people and posts a cell names, in order, each once.

    "/", "and", "&", ",", ";", "+" and new lines separate them, except inside a post
    ("Head of Service, MASH", "Head of Quality Assurance and Performance", "Early Help
    and Prevention Manager") or a name with its post ("Jo Bloggs, Head of Service"),
    judged by the words on either side.
    """
    people: dict[str, PersonName] = {}
    for chunk in _HARD_SEPARATOR.split(str(text)):
        for item in _join_post_parts(_SOFT_SEPARATOR.split(chunk)):
            tidied = _tidy(item.text)
            if tidied and tidied.casefold() not in people:
                people[tidied.casefold()] = PersonName(tidied, item.kind != "person")
    return list(people.values())


def _join_post_parts(pieces: list[str]) -> list[_Item]:
    """Pieces alternate text, separator, text...; join those that make one item."""
    first = _kind(pieces[0])
    items = [_Item(pieces[0], first, first, set())]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        item, right = items[-1], _kind(piece)
        joined = _joined_kind(item, separator.strip().casefold(), piece, right)
        if joined is None:
            items.append(_Item(piece, right, right, set()))
            continue
        if separator.strip() == ",":
            item.comma_joins.add(right)
        item.text += separator + piece
        item.kind, item.last_part = joined, right
    return items


def _joined_kind(item: _Item, joiner: str, piece: str, right: _Kind) -> _Kind | None:
    """What the item becomes with the piece after the separator, or None to separate."""
    if not _words(piece) or not _words(item.text):
        return None
    if joiner == ",":
        if item.last_part == "post" and right == "area" and "area" not in item.comma_joins:
            return item.kind
        if item.kind == item.last_part == "person" and right == "post":
            return "person"
        return None
    if item.last_part == "post" and right == "area":
        # "Head of Quality Assurance and Performance", "Service Manager – Fostering and
        # Adoption": "and" extends what the post is of or for.
        extends = _JOINING_PREPOSITION.search(item.text) or _ends_with_area(item.text)
        return item.kind if extends else None
    if item.kind == "post" and item.last_part == right == "area":
        # "Head of Service, Safeguarding and Family Support": the post's areas go on.
        return item.kind
    if item.kind == "area" and right == "post" and _words(piece)[0] not in _POST_WORDS:
        # "Early Help and Prevention Manager": the area shares the post's title. After a
        # whole post ("Head of Service, Social Work / Legal Services Manager") a post is
        # another post.
        return "post"
    return None


def _words(text: str) -> list[str]:
    words = re.findall(r"[\w'’-]+", text.casefold())
    return [re.sub(r"['’]s$", "", word) for word in words]


def _kind(text: str) -> _Kind:
    """Whether an item names a person, a post or an area. A name with a post ("Jo Bloggs
    - Head of Service", "Team Manager (Jo Bloggs)") names a person."""
    kinds = {_segment_kind(segment) for segment in _SEGMENT_BREAK.split(text)}
    for kind in ("person", "post", "area"):
        if kind in kinds:
            return kind
    # Only "TBC" or "Vacant": a post still to fill, not a person.
    return "post"


def _ends_with_area(text: str) -> bool:
    return _segment_kind(re.split(r",|\s[-–—:]\s|[()]", text)[-1]) == "area"


def _segment_kind(segment: str) -> _Kind | None:
    if _EMAIL.search(segment):
        return "person"
    words = _words(segment)
    if not words or " ".join(words) in _PLACEHOLDERS:
        return None
    if any(_is_post_word(word, words, index) for index, word in enumerate(words)):
        return "post"
    pairs = [" ".join(pair) for pair in zip(words, words[1:], strict=False)]
    if any(word in _AREA_WORDS for word in words + pairs):
        return "area"
    return "person"


def _is_post_word(word: str, words: list[str], index: int) -> bool:
    if word == "head":
        # "Head of Service" is a post; "Mary Head" is a person.
        return index == 0 or words[index + 1 : index + 2] == ["of"]
    if word == "partner":
        # "HR Business Partner" is a post; "Health partners" are an area.
        return words[index - 1 : index] == ["business"]
    return word in _POST_WORDS


def _tidy(item: str) -> str:
    return " ".join(item.split()).strip(_SEPARATOR_CHARACTERS + " ")


# --- Titles ---------------------------------------------------------------------------

_BULLET = re.compile(r"^[•·▪◦●○■□➢►*-]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"\b(mr|mrs|ms|dr|st|no|nos|e\.g|i\.e|etc|cf|vs|approx|incl)\.$", re.I)


def short_title(text: str, *, limit: int = 300) -> str:
    """The title an action shows in tables: its first sentence or first line, cut at a
    word boundary with an ellipsis if still longer than ``limit`` characters."""
    if limit < 2:
        raise ValueError("A title needs room for at least one character and an ellipsis.")
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    if not lines:
        return ""
    first = _BULLET.sub("", lines[0])
    if first.endswith(":") and len(lines) > 1:
        # "We will:" then a list: the list is what the action is.
        first = " ".join(lines)
    title = " ".join(_first_sentence(first).split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut and not title[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _first_sentence(text: str) -> str:
    for end in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[: end.start()]):
            return text[: end.start()]
    return text
