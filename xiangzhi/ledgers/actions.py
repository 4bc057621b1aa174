"""Downloading a ledger: the one write is the audit event that says who took which ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.targets.periods import Period

from . import registry
from .queries import full_name, get_unit
from .workbook import build_workbook, title_of, workbook_bytes

DOWNLOAD = "ledger.download"
EARLIEST_YEAR = 2000


def parse_period(key):
    """The period a key names, or a ValidationError naming the field."""
    try:
        period = Period.parse(key or "")
    except ValueError as error:
        raise ValidationError({"period": [str(error)]}) from error
    latest = timezone.localdate().year + 1
    if not EARLIEST_YEAR <= period.year <= latest:
        raise ValidationError({"period": [_("统计期年份应在 %(first)s 至 %(last)s 年之间。")
                                          % {"first": EARLIEST_YEAR, "last": latest}]})
    return period


def download_ledger(actor, region_code, key, period_key):
    """(file name, .xlsx bytes) of one ledger for a unit and period; the download is audited."""
    region = get_unit(region_code)
    ledger = registry.get(key)
    if ledger is None or region.level not in ledger.levels:
        raise Http404(_("没有这个台账。"))
    post = require(actor, DOWNLOAD, region.code)
    if ledger.pending:
        raise Http404(_("该台账所属模块尚未接入。"))
    require(actor, ledger.capability, region.code)
    period = parse_period(period_key)
    name = full_name(region)
    workbook = build_workbook(ledger, name, period, ledger.rows(region.code, period))
    content = workbook_bytes(workbook)
    with transaction.atomic():
        record_event(
            actor, "ledger.download", region, region_code=region.code, post=post,
            target_repr=title_of(ledger, name, period),
            changes={"ledger": [None, ledger.key], "period": [None, period.key]},
        )
    return f"{region.name}-{period.key}-{ledger.title}.xlsx", content
