"""Small, real examples of the file types evidence may be, and of what must be refused."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from actions.uploads import MAX_UPLOAD_BYTES

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

MAIN_PARTS = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml(kind: str, *, macros: bool = False) -> bytes:
    """A minimal Office Open XML package of the given kind."""
    part, content_type = MAIN_PARTS[kind]
    content_type = "application/vnd.openxmlformats-officedocument." + content_type
    if macros:
        content_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", types)
        package.writestr(part, "<document/>")
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00" * 16)
    return buffer.getvalue()


def ole2(stream: str) -> bytes:
    """The start of a compound file whose directory names the given stream."""
    return OLE2 + stream.encode("utf-16-le") + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def too_large() -> bytes:
    """A PDF of 20.5 MB: the right type, over the limit, but a request the app still reads
    (settings.REQUEST_BODY_MAX_BYTES), so the form says what is wrong."""
    return PDF + b"0" * (MAX_UPLOAD_BYTES + 512 * 1024 - len(PDF))
