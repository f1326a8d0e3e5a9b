"""Evidence files are judged by their content, and their names are made safe."""

import pytest

from actions.uploads import UploadRefused, check_upload, safe_filename
from tests.actions.files import EXE, HTML, JPEG, PDF, PNG, SVG, ole2, ooxml, too_large, upload


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("audit.pdf", PDF, "application/pdf"),
        (
            "minutes.docx",
            ooxml("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "caseloads.xlsx",
            ooxml("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "briefing.pptx",
            ooxml("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("old-minutes.doc", ole2("WordDocument"), "application/msword"),
        ("old-figures.xls", ole2("Workbook"), "application/vnd.ms-excel"),
        ("old-briefing.ppt", ole2("PowerPoint Document"), "application/vnd.ms-powerpoint"),
        ("figures.csv", b"Team,Caseload\nAssessment 1,34\n", "text/csv"),
        ("note.txt", "Réunion notée – ok".encode(), "text/plain"),
        ("chart.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_allowed_types_are_accepted_by_their_content(name, content, media_type):
    checked = check_upload(upload(name, content))
    assert checked.media_type == media_type
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.pdf", HTML, "content is not a PDF"),
        ("diagram.svg", SVG, "cannot be uploaded"),
        ("page.html", HTML, "cannot be uploaded"),
        ("tool.exe", EXE, "cannot be uploaded"),
        ("report.pdf", EXE, "content is not a PDF"),
        ("chart.png", JPEG, "content is not a PNG image"),
        ("notes.txt", HTML, "content is not a text file"),
        ("figures.csv", SVG, "content is not a CSV file"),
        ("binary.txt", b"abc\x00def", "content is not a text file"),
        ("latin1.csv", "café".encode("latin-1"), "content is not a CSV file"),
        ("installer.doc", ole2("SummaryInformation"), "content is not a Word document"),
        ("macros.docx", ooxml("docx", macros=True), "content is not a Word document"),
        ("sheet.docx", ooxml("xlsx"), "content is not a Word document"),
        ("archive.xlsx", b"PK\x03\x04not really a zip", "content is not a Excel spreadsheet"),
        ("README", b"plain words", "must be a PDF"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_hostile_or_mismatched_files_are_refused_with_the_reason(name, content, reason):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, content))
    assert reason in str(refused.value)


def test_a_file_over_20_mb_is_refused_before_its_content_is_read():
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("big.pdf", too_large()))
    assert "20.5 MB" in str(refused.value)
    assert "20 MB or smaller" in str(refused.value)


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\system32\\x.pdf", "x.pdf"),
        ("/etc/passwd", "passwd"),
        ("report..pdf", "report.pdf"),
        (".htaccess", "htaccess"),
        ("bad\x00name\r\n.pdf", "badname.pdf"),
        ('Audit <March> "final".PDF', "Audit_March_final.pdf"),
        ("Réunion d'équipe.docx", "Reunion d_equipe.docx"),
        ("..", "evidence"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_filenames_are_neutralised(given, safe):
    assert safe_filename(given) == safe
