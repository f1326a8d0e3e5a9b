"""Timescales as councils write them ("March 2020", "Q2 2020/21", "Ongoing"), read as due dates."""

import calendar
import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .words import DASH_TO_HYPHEN, DAY_NAMES, MONTH_NAMES, MONTHS

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


_MONTH_NAME = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
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
    searched = text.translate(DASH_TO_HYPHEN)
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
    return MONTHS[name] if name in MONTHS else int(text)


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
        name = MONTH_NAMES[month - 1]
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
    if re.search(r"(?<![a-z])(" + "|".join(MONTHS) + r")(?![a-z])", lowered) or re.search(
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
    month_name = MONTH_NAMES[day.month - 1]
    return {
        "yyyy": f"{day.year:04d}",
        "yy": f"{day.year % 100:02d}",
        "mmmmm": month_name[0],
        "mmmm": month_name,
        "mmm": month_name[:3],
        "mm": f"{day.month:02d}",
        "m": str(day.month),
        "dddd": DAY_NAMES[day.weekday()],
        "ddd": DAY_NAMES[day.weekday()][:3],
        "dd": f"{day.day:02d}",
        "d": str(day.day),
    }[code]
