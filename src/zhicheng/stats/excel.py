"""One statistics table as an Excel workbook: a title row, the headers, the rows."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .tables import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(table: Table, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = table.title[:31]  # Excel's limit for a sheet name
    width = len(table.headers)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([header for header, _ in table.headers])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append(list(row))
    for i, (_, chars) in enumerate(table.headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = chars
    ws.freeze_panes = "A3"
    if table.note:
        ws.append([])
        ws.append([table.note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
