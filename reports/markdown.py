"""The small, safe Markdown that report narrative is written in.

Board papers need paragraphs, bullet and numbered lists (one level of nesting, as in
"(iii) ... a. ... b. ..."), bold, italic and links, nothing more. Everything else a
person types is shown as the text they typed: every character is HTML-escaped before
any markup is added, so no raw HTML (and no image or stylesheet a PDF renderer might
fetch) can reach the page or the PDF.

Written here rather than taken from a Markdown library because a library's job is to
support more than this, and every extra construct is something to switch off and test.
"""

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

# List markers: "- ", "* ", "• " (bullets); "1. ", "1) " (numbers); "a. ", "a) "
# (letters); "(i) ", "(iv) " (roman numerals, as Board papers number their examples).
_BULLET = re.compile(r"^[-*•]\s+(?P<text>.*)$")
_NUMBER = re.compile(r"^(?P<n>\d{1,3})[.)]\s+(?P<text>.*)$")
_LETTER = re.compile(r"^(?P<n>[a-z])[.)]\s+(?P<text>.*)$")
_ROMAN = re.compile(r"^\((?P<n>[ivxlc]{1,7})\)\s+(?P<text>.*)$")

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# Inline markup, applied to already-escaped text.
_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<url>[^()\s]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(?P<text>.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])[*_](?=\S)(?P<text>[^*_]+?)(?<=\S)[*_](?![\w*])")
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s\"'<>]+$", re.IGNORECASE)


@dataclass
class _Item:
    text: list[str]
    children: list["_List"] = field(default_factory=list)


@dataclass
class _List:
    kind: str  # "bullet", "number", "letter", "roman"
    start: int
    items: list[_Item] = field(default_factory=list)


def _roman_value(numeral: str) -> int:
    total = 0
    for i, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return max(total, 1)


def _marker(line: str) -> tuple[str, int, str] | None:
    """(list kind, number, item text) if the line starts a list item."""
    if match := _BULLET.match(line):
        return "bullet", 1, match["text"]
    if match := _NUMBER.match(line):
        return "number", int(match["n"]), match["text"]
    if match := _ROMAN.match(line):
        return "roman", _roman_value(match["n"]), match["text"]
    if match := _LETTER.match(line):
        return "letter", ord(match["n"]) - ord("a") + 1, match["text"]
    return None


def _inline(text: str) -> str:
    html = escape(text, quote=True)

    def link(match: re.Match) -> str:
        # The URL was escaped with the rest; undo that only to test its scheme.
        url = match["url"].replace("&amp;", "&")
        if not _SAFE_URL.match(url):
            return match.group(0)
        return f'<a class="govuk-link" href="{escape(url, quote=True)}">{match["text"]}</a>'

    html = _LINK.sub(link, html)
    html = _BOLD.sub(r"<strong>\g<text></strong>", html)
    html = _ITALIC.sub(r"<em>\g<text></em>", html)
    return html


_LIST_CLASSES = {
    "bullet": "govuk-list govuk-list--bullet",
    "number": "govuk-list govuk-list--number",
    "letter": "govuk-list govuk-list--number app-list--letters",
    "roman": "govuk-list govuk-list--number app-list--roman",
}


def _render_list(block: _List) -> str:
    tag = "ul" if block.kind == "bullet" else "ol"
    start = f' start="{block.start}"' if tag == "ol" and block.start != 1 else ""
    items = []
    for item in block.items:
        inner = _inline(" ".join(item.text))
        inner += "".join(_render_list(child) for child in item.children)
        items.append(f"<li>{inner}</li>")
    return f'<{tag} class="{_LIST_CLASSES[block.kind]}"{start}>{"".join(items)}</{tag}>'


def _blocks(text: str) -> list[str]:
    html: list[str] = []
    paragraph: list[str] = []
    lists: list[_List] = []  # open lists, outermost first (at most two)

    def close_paragraph():
        if paragraph:
            html.append(f'<p class="govuk-body">{_inline(" ".join(paragraph))}</p>')
            paragraph.clear()

    def close_lists():
        if lists:
            html.append(_render_list(lists[0]))
            lists.clear()

    after_blank = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        indented = len(raw) - len(raw.lstrip()) >= 2
        if not line:
            close_paragraph()
            # A blank line inside a list does not end it (Board papers often space
            # their items out); the next unindented line that is not an item does.
            after_blank = True
            continue
        marker = _marker(line)
        if marker:
            kind, number, item_text = marker
            close_paragraph()
            if indented and lists:
                # An indented item nests under the last item of the outer list.
                if len(lists) == 2 and kind != lists[1].kind:
                    lists.pop()
                if len(lists) == 1:
                    nested = _List(kind=kind, start=number)
                    lists[0].items[-1].children.append(nested)
                    lists.append(nested)
            elif lists and kind == lists[0].kind:
                del lists[1:]
            else:
                close_lists()
                lists.append(_List(kind=kind, start=number))
            lists[-1].items.append(_Item(text=[item_text]))
        elif lists and (indented or not after_blank):
            # A continuation line belongs to the item above it.
            lists[-1].items[-1].text.append(line)
        else:
            close_lists()
            paragraph.append(line)
        after_blank = False
    close_paragraph()
    close_lists()
    return html


def render_markdown(text: str) -> SafeString:
    """HTML for the narrative ``text``: escaped, with only the supported markup added."""
    return mark_safe("".join(_blocks(text or "")))  # noqa: S308 - every input char is escaped


def numbered_lines(text: str) -> list[SafeString]:
    """One entry per non-empty line, with inline markup: for numbered recommendations.

    A leading "1)", "2." or "-" typed by the author is dropped; the list numbers itself.
    """
    entries = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        marker = _marker(line)
        if marker and marker[0] in ("number", "bullet"):
            line = marker[2]
        entries.append(mark_safe(_inline(line)))  # noqa: S308 - escaped in _inline
    return entries
