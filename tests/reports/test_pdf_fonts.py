"""The Board paper brings its own font: the same PDF, in Arimo, whatever fonts the
server has, Arial-compatible or none at all."""

import hashlib
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from reports.pdf import html_to_pdf, print_stylesheet
from tests.pdf import needs_reproducible_subsetting

ROOT = Path(__file__).resolve().parents[2]

# Regular, bold and italic text, names beyond ASCII and the movement arrows.
SAMPLE = """<!DOCTYPE html><html lang="en-GB"><head><title>Fonts</title></head><body>
<h1>Summary of progress</h1>
<p>Led by Łukasz Dvořák and Zoë Ní Bhriain: <strong>on track</strong>, <em>as at
23 April 2020</em> – “improved” ↑, → and ↓.</p></body></html>"""

RENDER_SAMPLE = """
import hashlib, sys
import django
django.setup()
from reports.pdf import html_to_pdf, print_stylesheet
pdf = html_to_pdf(sys.stdin.read(), print_stylesheet())
sys.stdout.write(hashlib.sha256(pdf.content).hexdigest())
"""


def fonts_used(content: bytes) -> set[str]:
    """The base names of the fonts on the PDF's pages, without the subset prefix."""
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_the_paper_is_set_in_arimo_in_every_weight_and_style_it_uses():
    pdf = html_to_pdf(SAMPLE, print_stylesheet())
    assert fonts_used(pdf.content) == {"Arimo", "Arimo-Bold", "Arimo-Italic"}
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Łukasz Dvořák and Zoë Ní Bhriain" in text
    assert "“improved” ↑, → and ↓." in text


@needs_reproducible_subsetting
def test_a_server_with_no_fonts_at_all_makes_the_same_pdf(tmp_path):
    # Fontconfig reads its configuration once, when a process first uses it, so the
    # server without fonts is a fresh interpreter given a configuration with none.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "improvement_board.settings")
    result = subprocess.run(
        [sys.executable, "-c", RENDER_SAMPLE],
        input=SAMPLE,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    here = html_to_pdf(SAMPLE, print_stylesheet())
    assert result.stdout == hashlib.sha256(here.content).hexdigest()


# People's names in the scripts councils' staff write them in: Cyrillic, Greek, Hebrew,
# Arabic, Chinese, Japanese, Korean, Vietnamese and decomposed accents (combining marks),
# and an emoji, in regular and bold text.
NAMES = [
    "Олена Ковальчук",
    "Ελένη Παπαδοπούλου",
    "שרה כהן",
    "محمد الأحمد",
    "王小明",
    "佐藤 はなこ",
    "김민준",
    "Nguyễn Thị Minh Khai",
    "Zoe\u0301 Ni\u0301 Bhriain",
    "Sam Lee 🌈",
]
NAMES_SAMPLE = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Names</title></head><body>'
    + "".join(f"<p>Lead: {name}. <strong>{name}</strong></p>" for name in NAMES)
    + "</body></html>"
)


def test_every_letter_of_every_name_prints_and_reads_back():
    pdf = html_to_pdf(NAMES_SAMPLE, print_stylesheet())
    reader = PdfReader(io.BytesIO(pdf.content))
    # A glyph missing from every font makes WeasyPrint print an empty box and write a
    # custom encoding for that font, which text extraction misreads for all its letters.
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Encoding"] == "/Identity-H", f"{font['/BaseFont']} lacks a glyph"
    text = unicodedata.normalize("NFC", " ".join(page.extract_text() for page in reader.pages))
    for name in NAMES:
        assert text.count(unicodedata.normalize("NFC", name)) == 2, name
    assert {"Noto-Sans-Arabic", "Noto-Sans-SC", "Noto-Sans-KR", "Noto-Emoji"} <= fonts_used(
        pdf.content
    )


@needs_reproducible_subsetting
def test_names_in_every_script_print_the_same_on_a_server_with_no_fonts(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "improvement_board.settings")
    result = subprocess.run(
        [sys.executable, "-c", RENDER_SAMPLE],
        input=NAMES_SAMPLE,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    here = html_to_pdf(NAMES_SAMPLE, print_stylesheet())
    assert result.stdout == hashlib.sha256(here.content).hexdigest()


def test_every_font_the_paper_uses_comes_with_its_licence():
    fonts = ROOT / "reports" / "fonts"
    for font in fonts.glob("Noto*.ttf"):
        family = font.name.split("_")[0]
        licence = (fonts / f"LICENSE-{family}").read_text()
        assert "SIL Open Font License, Version 1.1" in licence, family
