"""Entering and importing yearly case counts per village (公安 or 县委政法委).

A correction never overwrites: the current row is retired and a new version written, and the
audit event carries the old and new counts.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import post_for, require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.imports import FileError, read_rows
from xiangzhi.regions.models import Level, Region

from .models import SAFETY_STATS, CaseCount, CaseStatistics, StatisticsSource

FIRST_YEAR = 2000
MAX_COUNT = 100_000
YEAR_COLUMN, VILLAGE_COLUMN = "年度", "村代码"
COUNT_COLUMNS = {str(choice.label): choice.value for choice in CaseCount}
HEADERS = [YEAR_COLUMN, VILLAGE_COLUMN, *COUNT_COLUMNS]
MAX_ROWS = 20_000


def clean_year(value, field="year", label=None):
    """The year as an int, or a Chinese message."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None, _("请填写年度(四位数字)。")
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        return None, _("年度应在 %(min)d 至 %(max)d 之间。") % {"min": FIRST_YEAR, "max": this_year}
    return year, None


def clean_count(value):
    text = "" if value is None else str(value).strip()
    if text == "":
        return 0, None
    try:
        number = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            return None, _("应为不小于 0 的整数。")
        if not as_float.is_integer():
            return None, _("应为不小于 0 的整数。")
        number = int(as_float)
    if number < 0 or number > MAX_COUNT:
        return None, _("应为 0 至 %(max)d 之间的整数。") % {"max": MAX_COUNT}
    return number, None


def clean_counts(counts):
    cleaned, errors = {}, {}
    for name in CaseCount.values:
        number, message = clean_count(counts.get(name))
        if message:
            errors[name] = [f"{CaseCount(name).label}{message}"]
        cleaned[name] = number
    return cleaned, errors


def _write(actor, village, year, counts, source, post):
    """Write one village-year inside the caller's transaction; None when nothing changed."""
    current = CaseStatistics.objects.select_for_update().filter(region=village, year=year, is_current=True).first()
    if current is not None and current.counts() == counts:
        return None
    version = 1
    old = {name: None for name in counts}
    if current is not None:
        old = current.counts()
        version = current.version + 1
        CaseStatistics.objects.filter(pk=current.pk, is_current=True).update(is_current=False)
    try:
        with transaction.atomic():
            row = CaseStatistics.objects.create(
                region=village, year=year, version=version, source=source, entered_by=actor, **counts
            )
    except IntegrityError:
        raise ValidationError(
            {"__all__": _("%(village)s %(year)s 年度的统计刚被他人修改,请刷新后重试。") % {
                "village": village.name, "year": year}}
        ) from None
    changes = {name: [old[name], counts[name]] for name in counts if old[name] != counts[name]}
    changes["version"] = [version - 1 or None, version]
    record_event(
        actor, "safety.stats.correct" if version > 1 else "safety.stats.enter", row, region_code=village.code,
        post=post, changes=changes, target_repr=f"{village.name} {year}",
    )
    return row


def record_statistics(actor, village, year, counts):
    """Enter or correct one village's counts for a year."""
    post = require(actor, SAFETY_STATS, village.code)
    errors = {}
    if village.level != Level.VILLAGE:
        errors["village"] = [_("案件统计按村(社区)填报,请选择村。")]
    year, message = clean_year(year)
    if message:
        errors["year"] = [message]
    counts, count_errors = clean_counts(counts)
    errors.update(count_errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = _write(actor, village, year, counts, StatisticsSource.ENTERED, post)
    if row is None:
        return CaseStatistics.objects.get(region=village, year=year, is_current=True)
    return row


# --- import -----------------------------------------------------------------------------------


class ImportRejected(Exception):
    """The file has bad rows; `errors` are [{"row", "column", "message"}]; nothing was written."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def error_text(item):
    if item["row"]:
        return _("第 %(row)d 行“%(column)s”:%(message)s") % item
    return item["message"]


def _row_error(row, column, message):
    return {"row": row, "column": column, "message": str(message)}


def import_statistics(actor, file, name):
    """Import a .csv/.xlsx of counts; every row checked first, one bad row and nothing is written.

    Returns (written, unchanged)."""
    require_capability(actor, SAFETY_STATS)
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ImportRejected([_row_error(0, "", _("请上传 .xlsx 或 .csv 文件。"))])
    try:
        rows = read_rows(file, name)
    except FileError as failure:
        raise ImportRejected(failure.errors) from None
    if not rows:
        raise ImportRejected([_row_error(0, "", _("文件是空的。"))])
    positions, errors = {}, []
    for index, raw in enumerate(rows[0]):
        header = (raw or "").strip()
        if header in HEADERS and header not in positions:
            positions[header] = index
    for header in HEADERS:
        if header not in positions:
            errors.append(_row_error(1, header, _("缺少必需的列“%(name)s”。") % {"name": header}))
    if errors:
        raise ImportRejected(errors)
    data = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(str(c).strip() for c in row)]
    if not data:
        raise ImportRejected([_row_error(0, "", _("文件中没有数据行。"))])
    if len(data) > MAX_ROWS:
        raise ImportRejected([_row_error(0, "", _("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})])

    def cell(row, header):
        index = positions[header]
        return str(row[index]).strip() if index < len(row) and row[index] is not None else ""

    codes = {cell(row, VILLAGE_COLUMN).upper() for _n, row in data}
    villages = {region.code: region for region in Region.objects.filter(code__in=codes)}
    planned, seen = [], {}
    for number, row in data:
        year, message = clean_year(cell(row, YEAR_COLUMN))
        if message:
            errors.append(_row_error(number, YEAR_COLUMN, message))
        code = cell(row, VILLAGE_COLUMN).upper()
        village = villages.get(code)
        post = None
        if not code:
            errors.append(_row_error(number, VILLAGE_COLUMN, _("请填写村代码。")))
        elif village is None or village.level != Level.VILLAGE:
            errors.append(_row_error(number, VILLAGE_COLUMN, _("村代码“%(code)s”不是已登记的村(社区)。") % {"code": code}))
        else:
            post = post_for(actor, SAFETY_STATS, code)
            if post is None:
                errors.append(_row_error(number, VILLAGE_COLUMN, _("%(name)s不在您的管辖范围内。") % {"name": village.name}))
        counts = {}
        for header, field_name in COUNT_COLUMNS.items():
            value, message = clean_count(cell(row, header))
            if message:
                errors.append(_row_error(number, header, message))
            counts[field_name] = value
        if year is not None and post is not None:
            key = (code, year)
            if key in seen:
                errors.append(_row_error(number, VILLAGE_COLUMN, _("与第 %(row)d 行重复(同一村同一年度)。") % {"row": seen[key]}))
            seen[key] = number
            planned.append((village, year, counts, post))
    if errors:
        raise ImportRejected(errors)
    written = 0
    with transaction.atomic():
        for village, year, counts, post in planned:
            if _write(actor, village, year, counts, StatisticsSource.IMPORTED, post) is not None:
                written += 1
    return written, len(planned) - written
