"""Reading what a council wrote in its own plan: headings, rating words, fill colours,
timescales, the people named as leads, and a short title for a long action.

Pure functions over cell values; nothing here reads a file or touches the database.
Each reading says how it was made (``how``), so the import preview can show every
guess before anything is saved.
"""

from .headings import FIELDS, KNOWN_HEADINGS, field_for_heading
from .people import PersonName, short_title, split_people
from .ratings import (
    NO_RATING,
    WordReading,
    normalise_word,
    rating_for_colour,
    rating_for_word,
)
from .timescales import Timescale, TimescaleError, format_excel_date, read_timescale

__all__ = [
    "FIELDS",
    "KNOWN_HEADINGS",
    "NO_RATING",
    "PersonName",
    "Timescale",
    "TimescaleError",
    "WordReading",
    "field_for_heading",
    "format_excel_date",
    "normalise_word",
    "rating_for_colour",
    "rating_for_word",
    "read_timescale",
    "short_title",
    "split_people",
]
