"""台账 API: the ledgers of a unit, and a ledger's .xlsx for a period."""

from django.urls import reverse
from ninja import Router, Schema

from xiangzhi.accounts.permissions import require

from . import actions, queries
from .views import attachment

router = Router(tags=["ledgers"])


class LedgerOut(Schema):
    key: str
    title: str
    module: str
    period_kind: str
    pending: bool
    allowed: bool
    download_url: str | None


class UnitLedgersOut(Schema):
    code: str
    name: str
    full_name: str
    level: str
    ledgers: list[LedgerOut]


@router.get("/{code}", response=UnitLedgersOut)
def unit_ledgers(request, code: str):
    """The ledgers kept at this unit's level; `pending` (待接入) when their module is not installed."""
    region = queries.get_unit(code)
    require(request.user, actions.DOWNLOAD, region.code)
    ledgers = []
    for item in queries.ledgers_for(request.user, region):
        ledger = item["ledger"]
        ledgers.append({
            "key": ledger.key, "title": ledger.title, "module": ledger.module, "period_kind": ledger.period_kind,
            "pending": ledger.pending, "allowed": item["allowed"],
            "download_url": reverse("api:ledger_download", args=[region.code, ledger.key])
            if item["allowed"] else None,
        })
    return {"code": region.code, "name": region.name, "full_name": queries.full_name(region),
            "level": region.level, "ledgers": ledgers}


@router.get("/{code}/{key}", url_name="ledger_download")
def download(request, code: str, key: str, period: str = ""):
    """The ledger as .xlsx for `period` (2026, 2026Q3 or 2026-07); audited."""
    filename, content = actions.download_ledger(request.user, code, key, period)
    return attachment(content, filename)
