"""The people and posts a lead cell names, and the short title of a long action."""

import re
from dataclasses import dataclass
from typing import Literal

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
