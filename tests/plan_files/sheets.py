"""Building spreadsheets for the import tests."""

import csv
import datetime
import io

from django.apps import apps
from openpyxl import Workbook

HEADERS = [
    "Section",
    "Ref",
    "Action",
    "Lead",
    "Partners",
    "Start date",
    "Due date",
    "Rating",
    "Commentary",
    "Recommendations",
    "Success measures",
]


def xlsx(rows, headers=HEADERS, recommendations=None, title_row=None) -> bytes:
    """A workbook whose Actions sheet has the headers and rows (lists or dicts)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    if title_row:
        sheet.append([title_row])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    if recommendations is not None:
        recs = workbook.create_sheet("Recommendations")
        recs.append(["Ref", "Recommendation"])
        for reference, text in recommendations:
            recs.append([reference, text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers] if isinstance(row, dict) else row)
    return out.getvalue().encode(encoding)


def action_row(ref="1.01", section="Quality of Practice", **values) -> dict:
    row = {
        "Section": section,
        "Ref": ref,
        "Action": f"Action {ref}",
        "Lead": "",
        "Start date": datetime.date(2019, 10, 1),
        "Due date": datetime.date(2020, 3, 31),
    }
    row.update({key.replace("_", " ").capitalize(): value for key, value in values.items()})
    return row


def row_counts() -> dict[str, int]:
    """Rows in every table, to show that something wrote nothing at all."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}
