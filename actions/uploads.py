"""Checking evidence files by what they contain, not by what they are called.

A file's name says what it claims to be; its first bytes (and for Office files, the
parts inside the package) say what it is. A file is accepted only when both agree and
the type is one the service allows. Anything a browser might run (web pages, SVG,
scripts, executables) is refused, whatever it is called.
"""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 120

# The parts of a name that must go: anything but letters, digits, spaces and . _ - ( ).
_UNSAFE_CHARACTERS = re.compile(r"[^\w .()-]", re.ASCII)
_RUNS_OF_DOTS = re.compile(r"\.{2,}")
_RUNS_OF_SPACE = re.compile(r"[ _]{2,}")

_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# Text that starts like one of these is markup a browser could render and run.
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")

_OOXML_MAIN_PART = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# Streams that name each legacy Office format inside an OLE2 compound file, as the
# UTF-16 names its directory stores. Other OLE2 files (installers, for one) have none.
_OLE2_STREAMS = {
    "doc": ["WordDocument"],
    "xls": ["Workbook", "Book"],
    "ppt": ["PowerPoint Document"],
}


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    media_type: str
    description: str


FILE_TYPES = [
    FileType(("pdf",), "application/pdf", "PDF"),
    FileType(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    FileType(("doc",), "application/msword", "Word document"),
    FileType(
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel spreadsheet",
    ),
    FileType(("xls",), "application/vnd.ms-excel", "Excel spreadsheet"),
    FileType(
        ("pptx",),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
    ),
    FileType(("ppt",), "application/vnd.ms-powerpoint", "PowerPoint presentation"),
    FileType(("csv",), "text/csv", "CSV file"),
    FileType(("txt",), "text/plain", "text file"),
    FileType(("png",), "image/png", "PNG image"),
    FileType(("jpg", "jpeg"), "image/jpeg", "JPEG image"),
]
_BY_EXTENSION = {ext: kind for kind in FILE_TYPES for ext in kind.extensions}

ALLOWED_DESCRIPTION = "a PDF, Word, Excel, PowerPoint, CSV, text, PNG or JPEG file"
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in _BY_EXTENSION)


class UploadRefused(Exception):
    """Why a file cannot be accepted, in words for the person who chose it."""


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    media_type: str
    size: int


def safe_filename(name: str) -> str:
    """A name that is safe to store and to send back in a download header.

    Keeps only the last part of any path (either slash), drops control characters and
    anything outside a small set, and leaves no ``..`` or leading dot.
    """
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    # Accented letters keep their base letter rather than becoming underscores.
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    name = _UNSAFE_CHARACTERS.sub("_", name)
    name = _RUNS_OF_DOTS.sub(".", name)
    name = _RUNS_OF_SPACE.sub("_", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip(" ._")[: MAX_NAME_LENGTH - len(ext) - 1] or "evidence"
    return f"{stem}.{ext.lower()}" if ext else stem


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def check_upload(upload) -> CheckedUpload:
    """Accept an uploaded file or raise ``UploadRefused`` saying why."""
    name = safe_filename(upload.name)
    size = upload.size
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            f"The selected file is {size / 1024 / 1024:.1f} MB. It must be 20 MB or smaller."
        )
    if size == 0:
        raise UploadRefused("The selected file is empty.")
    ext = extension_of(name)
    kind = _BY_EXTENSION.get(ext)
    if kind is None:
        raise UploadRefused(
            f"The selected file must be {ALLOWED_DESCRIPTION}. "
            f"Files ending .{ext or '(no extension)'} cannot be uploaded."
            if ext
            else f"The selected file must be {ALLOWED_DESCRIPTION}, with a name ending to match."
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not _content_matches(ext, content):
        raise UploadRefused(
            f"The selected file is called “{name}” but its content is not a "
            f"{kind.description}. Check you chose the right file."
        )
    return CheckedUpload(name=name, media_type=kind.media_type, size=size)


def _content_matches(ext: str, content: bytes) -> bool:
    if ext == "pdf":
        # Readers accept a header a little way in, but a real PDF starts with it.
        return content.startswith(_PDF)
    if ext in ("png",):
        return content.startswith(_PNG)
    if ext in ("jpg", "jpeg"):
        return content.startswith(_JPEG)
    if ext in _OOXML_MAIN_PART:
        return content.startswith(_ZIP) and _is_ooxml(content, _OOXML_MAIN_PART[ext])
    if ext in _OLE2_STREAMS:
        return content.startswith(_OLE2) and any(
            stream.encode("utf-16-le") in content for stream in _OLE2_STREAMS[ext]
        )
    if ext in ("csv", "txt"):
        return _is_plain_text(content)
    return False


def _is_ooxml(content: bytes, main_part: str) -> bool:
    """An Office Open XML package whose main part is the one its name promises.

    Only ``[Content_Types].xml`` is read (at most 1 MB of it), so a zip bomb costs
    nothing. Macro-enabled documents declare a different main part and are refused.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:
                return False
            types = package.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError):
        return False
    return f'ContentType="{main_part}"' in types and "vbaProject" not in types


def _is_plain_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    start = text.lstrip().lower().encode("utf-8")
    return not start.startswith(_MARKUP_STARTS)
