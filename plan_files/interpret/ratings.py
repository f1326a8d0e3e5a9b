"""Rating words and fill colours as councils use them, read as the four BRAG ratings."""

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from actions.models import Rating

from .words import DASH_TO_HYPHEN

# --- Rating words ---------------------------------------------------------------------

# The remembered answer for a word that means "no rating yet".
NO_RATING = "none"
WordHow = Literal["word", "letter", "synonym", "combined", "remembered", "no rating"]


@dataclass(frozen=True)
class WordReading:
    """How a rating cell's word was read. ``rating`` None means "no rating yet"."""

    rating: Rating | None
    how: WordHow


def normalise_word(text: str) -> str:
    """The key under which a plan remembers what a rating word means."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.translate(DASH_TO_HYPHEN)
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
