"""CSV and Excel downloads of a table: the rows it shows, in the order it shows them."""

import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from improvement_board.spreadsheets import neutralise, neutralise_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows: Iterable[list], *, filename: str, title: str = "") -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # A byte-order mark, so Excel reads the en dashes in rating labels as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return response


def xlsx_response(rows: Iterable[list], *, filename: str, title: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    # Sheet names are at most 31 characters and cannot hold []:*?/\\
    sheet = workbook.create_sheet(title=re.sub(r"[][:*?/\\]", " ", title)[:31])
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            neutralise_cell(cell)
            if isinstance(value, datetime.date):
                cell.number_format = "d mmm yyyy"
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
