"""12348 hotline tickets imported from CSV or Excel: every row is checked first, and nothing is
saved when any row is bad (the errors name the row and the column)."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.people.imports import FileError, error, read_rows
from xiangzhi.regions.models import Region

from .models import HotlineTicket

MANAGE = "legal.manage"
COLUMNS = ("工单号", "日期", "村代码", "类别", "摘要")
LIMITS = {"工单号": 40, "类别": 50, "摘要": 500}
MAX_ROWS = 20_000


def _positions(header):
    names = [cell.strip() for cell in header]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        raise FileError([error(1, name, _("缺少必需的列“%(name)s”。") % {"name": name}) for name in missing])
    return {name: names.index(name) for name in COLUMNS}


def _date(text):
    for parse in (datetime.date.fromisoformat, lambda value: datetime.datetime.fromisoformat(value).date(),
                  lambda value: datetime.datetime.strptime(value, "%Y/%m/%d").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def check_rows(rows, scope_code):
    """([ticket values], [errors]) for the data rows (row numbers as in the spreadsheet)."""
    if not rows:
        raise FileError([error(0, "", _("文件是空的。"))])
    positions = _positions(rows[0])
    data = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    if not data:
        raise FileError([error(0, "", _("文件中没有工单。"))])
    if len(data) > MAX_ROWS:
        raise FileError([error(0, "", _("一次最多导入 %(max)d 条工单。") % {"max": MAX_ROWS})])
    codes = {row[positions["村代码"]].strip() for _n, row in data if len(row) > positions["村代码"]}
    villages = set(Region.objects.villages().filter(pk__in=codes).values_list("code", flat=True))
    numbers = {row[positions["工单号"]].strip() for _n, row in data if len(row) > positions["工单号"]}
    existing = set(HotlineTicket.objects.filter(number__in=numbers).values_list("number", flat=True))
    errors, tickets, seen = [], [], set()
    for number, row in data:
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in positions.items()}
        for name in COLUMNS:
            if not values[name]:
                errors.append(error(number, name, _("“%(name)s”不能为空。") % {"name": name}))
            elif name in LIMITS and len(values[name]) > LIMITS[name]:
                errors.append(error(number, name, _("“%(name)s”不能超过 %(max)d 个字。") % {
                    "name": name, "max": LIMITS[name]}))
        ticket_no, code = values["工单号"], values["村代码"]
        if ticket_no and (ticket_no in seen or ticket_no in existing):
            errors.append(error(number, "工单号", _("工单号“%(no)s”重复或已导入。") % {"no": ticket_no}))
        seen.add(ticket_no)
        day = _date(values["日期"]) if values["日期"] else None
        if values["日期"] and day is None:
            errors.append(error(number, "日期", _("日期“%(value)s”无法识别,请写成 2025-05-01。") % {
                "value": values["日期"]}))
        if code and (code not in villages or not code.startswith(scope_code)):
            errors.append(error(number, "村代码", _("村代码“%(code)s”不是您管辖范围内的村。") % {"code": code}))
        tickets.append({"number": ticket_no, "date": day, "region_id": code, "category": values["类别"],
                        "summary": values["摘要"]})
    return tickets, errors


def import_tickets(actor, scope_code, file, name):
    """(count, errors): all tickets saved, or none and the errors."""
    post = require(actor, MANAGE, scope_code)
    try:
        tickets, errors = check_rows(read_rows(file, name), scope_code)
    except FileError as exc:
        return 0, exc.errors
    if errors:
        return 0, errors
    with transaction.atomic():
        HotlineTicket.objects.bulk_create([HotlineTicket(imported_by=actor, **values) for values in tickets])
        record_event(actor, "legal_hotline.import", None, region_code=scope_code, post=post,
                     changes={"tickets": [0, len(tickets)]}, target_repr=name)
    return len(tickets), []
