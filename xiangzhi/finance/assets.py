"""集体资产: the register, and disposal only with an approved 集体资产处置 filing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event, snapshot

from . import inputs
from .filings import _village, approved_filing, use_filing
from .models import Asset, AssetCategory, AssetStatus, DisposalMethod, FilingKind

MANAGE = "asset.manage"
FIELDS = ("name", "category", "acquired_on", "original_value_fen", "location")


def register_asset(actor, village_code, *, name, category, acquired_on, original_value_fen, location=""):
    post = require(actor, MANAGE, village_code)
    village = _village(village_code)
    errors = {}
    data = {"name": name, "category": category, "acquired_on": acquired_on, "location": location}
    name = inputs.text(errors, data, "name", _("资产名称"), max_length=100)
    category = inputs.choice(errors, data, "category", _("类别"), AssetCategory.choices)
    acquired_on = inputs.date(errors, data, "acquired_on", _("取得日期"))
    if acquired_on and acquired_on > timezone.localdate():
        errors["acquired_on"] = _("取得日期不能晚于今天。")
    value = inputs.fen(errors, original_value_fen, "original_value_fen", _("原值"))
    location = inputs.text(errors, data, "location", _("存放地点"), max_length=200, required=False)
    inputs.raise_if(errors)
    with transaction.atomic():
        asset = Asset.objects.create(
            region=village, name=name, category=category, acquired_on=acquired_on, original_value_fen=value,
            location=location, created_by=actor,
        )
        after = snapshot(asset, FIELDS)
        record_event(actor, "asset.register", asset, region_code=village.code, post=post,
                     changes={key: [None, value_] for key, value_ in after.items()})
    return asset


def dispose_asset(actor, asset, *, filing, disposed_on, method, amount_fen, counterparty=""):
    """Dispose of an asset: the approved 集体资产处置 filing is used up by it."""
    post = require(actor, MANAGE, asset.region_id)
    errors = {}
    data = {"disposed_on": disposed_on, "method": method, "counterparty": counterparty}
    disposed_on = inputs.date(errors, data, "disposed_on", _("处置日期"))
    if disposed_on and disposed_on > timezone.localdate():
        errors["disposed_on"] = _("处置日期不能晚于今天。")
    if disposed_on and disposed_on < asset.acquired_on:
        errors["disposed_on"] = _("处置日期不能早于取得日期。")
    method = inputs.choice(errors, data, "method", _("处置方式"), DisposalMethod.choices)
    amount = inputs.fen(errors, amount_fen if amount_fen is not None else 0, "amount_fen", _("处置金额"), positive=False)
    counterparty = inputs.text(
        errors, data, "counterparty", _("受让方"), max_length=100,
        required=method in (DisposalMethod.SALE, DisposalMethod.DONATION),
    )
    inputs.raise_if(errors)
    with transaction.atomic():
        row = approved_filing(asset.region_id, filing, kind=FilingKind.ASSET_DISPOSAL)
        moved = Asset.objects.filter(pk=asset.pk, status=AssetStatus.IN_USE).update(
            status=AssetStatus.DISPOSED, disposed_on=disposed_on, disposal_method=method,
            disposal_amount_fen=amount, disposal_counterparty=counterparty, disposal_filing=row,
        )
        if not moved:
            raise ValidationError(_("该资产已处置。"))
        asset.refresh_from_db()
        changes = use_filing(row, asset)
        record_event(actor, "asset.dispose", asset, region_code=asset.region_id, post=post, changes={
            "status": [AssetStatus.IN_USE, AssetStatus.DISPOSED], "disposed_on": [None, disposed_on.isoformat()],
            "disposal_method": [None, method], "disposal_amount_fen": [None, amount],
            "disposal_counterparty": [None, counterparty], **changes,
        })
    return asset


def visible_assets(user):
    return Asset.objects.visible_to(user).select_related("region", "disposal_filing")


def get_asset_for_user(user, pk):
    asset = visible_assets(user).filter(pk=pk).first()
    if asset is None:
        raise Http404(_("未找到该记录。"))
    return asset
