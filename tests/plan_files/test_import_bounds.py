"""Hostile files: each is refused with a message naming the bound it crossed, quickly and in
little memory, whether it comes through the browser (read by the worker) or the command."""

import io
import json
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import Workbook

from plan_files.layout import parse_plan_file
from plan_files.sources import Bounds

# What a worker may use reading one file, Python and Django included.
MEMORY_LIMIT_MB = 300


def _workbook_with(sheet_xml_chunks=None, shared_strings_chunks=None) -> bytes:
    """A real workbook whose sheet (and shared strings) are replaced by streamed XML."""
    source = io.BytesIO()
    book = Workbook()
    book.active.title = "Plan"
    book.active["A1"] = "Ref"
    book.save(source)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in original.infolist():
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml_chunks:
                with bomb.open(item.filename, "w", force_zip64=True) as stream:
                    for chunk in sheet_xml_chunks:
                        stream.write(chunk)
            else:
                bomb.writestr(item, original.read(item.filename))
        if shared_strings_chunks:
            with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
                for chunk in shared_strings_chunks:
                    stream.write(chunk)
    return out.getvalue()


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"


def one_huge_shared_string() -> bytes:
    """One shared string of 10 million characters (the audit's grew to 2 GB of memory)."""

    def chunks():
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml'
        yield b'/2006/main" count="1" uniqueCount="1"><si><t>'
        for _ in range(10):
            yield b"A" * 1_000_000
        yield b"</t></si></sst>"

    return _workbook_with(shared_strings_chunks=chunks())


def many_shared_strings() -> bytes:
    """Six hundred thousand tiny shared strings."""

    def chunks():
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml'
        yield b'/2006/main">'
        for _ in range(600):
            yield b"<si><t>x</t></si>" * 1_000
        yield b"</sst>"

    return _workbook_with(shared_strings_chunks=chunks())


def rows_far_to_the_right() -> bytes:
    """25,000 rows whose only value is beyond the columns the import reads."""

    def chunks():
        yield SHEET_START
        for start in range(1, 25_001, 1_000):
            yield b"".join(
                b'<row r="%d"><c r="ZZ%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
                for r in range(start, start + 1_000)
            )
        yield SHEET_END

    return _workbook_with(sheet_xml_chunks=chunks())


def wide_and_long() -> bytes:
    """Sixty filled columns on 3,500 rows: more cells than any plan."""
    cells = b"<c><v>1</v></c>" * 60

    def chunks():
        yield SHEET_START
        for row in range(1, 3_501):
            yield b'<row r="%d">' % row + cells + b"</row>"
        yield SHEET_END

    return _workbook_with(sheet_xml_chunks=chunks())


def a_cell_of_a_novel() -> bytes:
    def chunks():
        yield SHEET_START
        yield (
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
            + b"word " * 40_000
            + b"</t></is></c></row>"
        )
        yield SHEET_END

    return _workbook_with(sheet_xml_chunks=chunks())


def merged_everything() -> bytes:
    def chunks():
        yield SHEET_START
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row>'
        yield b'</sheetData><mergeCells count="1">'
        yield b'<mergeCell ref="A1:BH20000"/></mergeCells></worksheet>'

    return _workbook_with(sheet_xml_chunks=chunks())


def a_sheet_of_nothing() -> bytes:
    """Eighty megabytes of spaces that compress to almost nothing."""

    def chunks():
        yield SHEET_START
        for _ in range(80):
            yield b" " * 1_000_000
        yield SHEET_END

    return _workbook_with(sheet_xml_chunks=chunks())


def a_word_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w", force_zip64=True) as stream:
            for _ in range(80):
                stream.write(b" " * 1_000_000)
    return out.getvalue()


def a_csv_of_endless_rows() -> bytes:
    return b"Ref,Action\n" + b"1,x\n" * 1_200_000


BOMBS = {
    "one huge shared string": (one_huge_shared_string, "text table is 10 MB"),
    "many shared strings": (many_shared_strings, "text table is"),
    "rows far to the right": (rows_far_to_the_right, "more than 20,000 rows"),
    "wide and long": (wide_and_long, "more than 200,000 cells"),
    "a cell of a novel": (a_cell_of_a_novel, "200,000 characters"),
    "merged everything": (merged_everything, "merges more than 200,000 cells"),
    "a sheet of nothing": (a_sheet_of_nothing, "unpacks to 76 MB"),
    "a Word bomb": (a_word_bomb, "unpacks to 76 MB"),
    "a CSV of endless rows": (a_csv_of_endless_rows, "more than 20,000 rows"),
}


@pytest.mark.parametrize("name", BOMBS)
def test_each_bomb_is_refused_quickly_with_a_message_naming_the_bound(name):
    build, message = BOMBS[name]
    data = build()
    assert len(data) <= 5 * 1024 * 1024, "small enough to pass the upload's size check"
    started = time.monotonic()
    # Time is bounded too (below); here each bomb must meet the bound made for it.
    parsed = parse_plan_file(data, "bomb.xlsx", bounds=Bounds(seconds=600))
    elapsed = time.monotonic() - started
    [problem] = parsed.problems
    assert message in problem.message, problem.message
    assert parsed.rows == []
    assert elapsed < 60, f"{name} took {elapsed:.1f} s"


def test_reading_that_takes_too_long_is_stopped():
    data = wide_and_long()
    parsed = parse_plan_file(data, "slow.xlsx", bounds=Bounds(seconds=0.001))
    [problem] = parsed.problems
    assert problem.message.startswith("Reading the file took longer than 0 seconds")


READ_IN_A_FRESH_PROCESS = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "improvement_board.settings")
django.setup()
from plan_files.layout import parse_plan_file
from plan_files.sources import Bounds
data = sys.stdin.buffer.read()
parsed = parse_plan_file(data, "bomb.xlsx")
# The process's own peak (ru_maxrss would carry over the parent's across exec).
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"problems": [p.message for p in parsed.problems], "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.parametrize("name", BOMBS)
def test_reading_a_bomb_stays_within_a_workers_memory(name):
    build, _message = BOMBS[name]
    result = subprocess.run(
        [sys.executable, "-c", READ_IN_A_FRESH_PROCESS],
        input=build(),
        capture_output=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.decode().strip().splitlines()[-1])
    assert report["problems"], report
    assert report["peak_mb"] < MEMORY_LIMIT_MB, f"{name}: {report['peak_mb']:.0f} MB"
