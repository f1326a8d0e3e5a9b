"""Table header cells in a paper's PDF say what they head, as a PDF/UA-1 checker asks.

The demo paper itself is checked in test_pdf_demo_report.py."""

import io

import pikepdf
from pdfua import validate
from weasyprint import HTML

from reports.pdf import scope_table_headers

TABLE_RULE = "UA-15-003"


def table_cells(content: bytes) -> list[tuple[str, str | None, str]]:
    """(role, scope, row kind) for every cell of every table, in no particular order."""
    cells = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            kids = element.get("/K")
            kids = [kids] if isinstance(kids, pikepdf.Dictionary) else kids
            if not isinstance(kids, pikepdf.Array | list):
                continue
            kids = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
            if element.get("/S") == "/TR":
                roles = {str(kid.get("/S")) for kid in kids}
                kind = "data row" if "/TD" in roles else "header row"
                for kid in kids:
                    scope = kid.get("/A", {}).get("/Scope")
                    cells.append((str(kid.get("/S")), str(scope) if scope else None, kind))
            stack.extend(kids)
    return cells


def test_the_checker_flags_a_table_whose_headers_say_nothing(tmp_path):
    """What WeasyPrint writes on its own, and with the paper's finisher."""
    html = (
        '<html lang="en-GB"><head><title>Table</title></head><body><table>'
        "<caption>Actions</caption>"
        '<thead><tr><th scope="col">Section</th><th scope="col">Total</th></tr></thead>'
        '<tbody><tr><th scope="row">Quality of Practice</th><td>22</td></tr>'
        '<tr><th scope="row">Workforce</th><td>15</td></tr></tbody>'
        "</table></body></html>"
    )
    bare = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    scoped = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", finisher=scope_table_headers)
    (tmp_path / "bare.pdf").write_bytes(bare)
    findings = validate(str(tmp_path / "bare.pdf")).findings
    assert [finding.rule_id for finding in findings] == [TABLE_RULE]

    (tmp_path / "scoped.pdf").write_bytes(scoped)
    assert list(validate(str(tmp_path / "scoped.pdf")).findings) == []
    assert sorted(table_cells(scoped)) == sorted(
        [
            ("/TH", "/Column", "header row"),
            ("/TH", "/Column", "header row"),
            ("/TH", "/Row", "data row"),
            ("/TD", None, "data row"),
            ("/TH", "/Row", "data row"),
            ("/TD", None, "data row"),
        ]
    )
