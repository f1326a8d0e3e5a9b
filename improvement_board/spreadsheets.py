"""Cells written to spreadsheets and CSV files, so that no text from a user runs as a formula.

Excel, LibreOffice and Google Sheets treat a cell starting with ``= + - @`` as a formula
(some strip a leading tab, carriage return or spaces first), so a commentary such as
``=HYPERLINK("https://…?"&B2,"Details")`` typed by one person would become a live link,
or worse, in the spreadsheet of whoever downloads it. Every CSV and workbook the service
writes passes its cells through here; the importer can use ``starts_formula`` too.
"""

import datetime

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula."""
    # Spaces first do not make it text: LibreOffice and Google Sheets trim them on import.
    return text.lstrip(" \u00a0").startswith(FORMULA_STARTS)


def neutralise(value):
    """A CSV cell's value as text that no spreadsheet program will run.

    Text that could start a formula gets a leading apostrophe, which Excel reads as "this
    is text" and LibreOffice shows as it is. Dates are written as ISO dates unless the
    caller formats them first; numbers and empty cells are left as they are.
    """
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and _needs_apostrophe(value):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Text read back from a cell ``neutralise`` wrote: its apostrophe taken off again.

    Only an apostrophe in front of what would start a formula is taken off, so a cell
    that begins with an apostrophe of its own (‘'til then’) keeps it.
    """
    if text.startswith("'") and _needs_apostrophe(text[1:]):
        return text[1:]
    return text


def _needs_apostrophe(text: str) -> bool:
    # Text that already looks neutralised ("'=x") gets one more apostrophe, so that
    # ``unneutralise`` gives back exactly what was typed.
    return starts_formula(text.lstrip("'"))


def neutralise_cell(cell) -> None:
    """Make an openpyxl cell holding text a plain text cell, whatever the text.

    openpyxl stores a string starting with ``=`` as a formula: the cell is turned back into
    text. Text that would start a formula if retyped is marked with Excel's quote prefix
    (the invisible apostrophe), so editing the cell later keeps it text, and the text itself
    is unchanged: an exported plan imports back as it was. Control characters, which make
    a workbook Excel refuses to open, are removed.
    """
    value = cell.value
    if not isinstance(value, str):
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if text != value:
        cell.value = text
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True
