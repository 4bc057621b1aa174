"""The .xlsx file of one ledger for one unit and period, formatted for printing on A4."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Wider than this many character units, a ledger prints across the page (landscape).
PORTRAIT_WIDTH = 95
HEADER_ROW = 2

_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def title_of(ledger, region_name, period):
    return f"{region_name} {period.label} {ledger.title}"


def build_workbook(ledger, region_name, period, rows, generated_at=None):
    """An openpyxl Workbook: a title row, the Chinese headers (frozen, repeated on every
    printed page), one row per record, and a footer with the time it was generated."""
    generated_at = timezone.localtime(generated_at or timezone.now())
    title = title_of(ledger, region_name, period)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ledger.title[:31]
    last_column = get_column_letter(len(ledger.columns))

    sheet.append([title])
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 28

    sheet.append([column.header for column in ledger.columns])
    for index, column in enumerate(ledger.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width

    count = 0
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
        count += 1
        for index, column in enumerate(ledger.columns, start=1):
            cell = sheet.cell(row=HEADER_ROW + count, column=index)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if column.number_format:
                cell.number_format = column.number_format
    if count == 0:
        sheet.append(["本期无记录"])
        sheet.merge_cells(f"A{HEADER_ROW + 1}:{last_column}{HEADER_ROW + 1}")
        sheet.cell(row=HEADER_ROW + 1, column=1).alignment = Alignment(horizontal="center")

    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _page_setup(sheet, ledger, title, generated_at)
    workbook.properties.title = title
    workbook.properties.creator = "乡治 Xiangzhi"
    workbook.properties.created = generated_at.replace(tzinfo=None)
    return workbook


def _cell_value(value):
    # Excel has no time zones: write local (Asia/Shanghai) wall time.
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _page_setup(sheet, ledger, title, generated_at):
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if ledger.width > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.oddHeader.center.text = title
    sheet.oddFooter.left.text = f"生成时间：{generated_at:%Y-%m-%d %H:%M}（由乡治平台根据业务记录自动生成）"
    sheet.oddFooter.right.text = "第 &P 页，共 &N 页"


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
