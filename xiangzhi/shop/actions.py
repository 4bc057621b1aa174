"""Every change to shops, goods, stock and redemptions.

Stock changes are conditional UPDATEs on the goods row (`stock >= quantity` for anything
going out), each with its append-only movement row, so the stock is always the sum of the
movements and never negative. A redemption and its cancellation take the household's lock
(inside points.ledger.post_entry) before the goods row: one lock order, no deadlocks.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.points import ledger
from xiangzhi.points.models import EntryKind
from xiangzhi.regions.models import Level, Region

from .models import (
    INCOMING_KINDS, NAME_MAX, Goods, MovementKind, Redemption, RedemptionState, Shop, StockMovement,
)
from .queries import own_household

MANAGE = "shop.manage"
REDEEM = "shop.redeem"
VIEW = "shop.view"

MAX_PRICE = 1_000_000
MAX_QUANTITY = 10_000
MAX_REDEEM_QUANTITY = 99
MAX_VALUE_FEN = 100_000_000_00


# --- input checks ------------------------------------------------------------------------------


def clean_text(value, field, label, *, required=True, max_length=NAME_MAX):
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if len(text) > max_length:
        raise ValidationError({field: _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}})
    return text


def clean_int(value, field, label, *, minimum, maximum):
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        number = None
    if number is None:
        raise ValidationError({field: _("%(label)s须为整数。") % {"label": label}})
    if number < minimum:
        if minimum == 1:
            raise ValidationError({field: _("%(label)s必须大于零。") % {"label": label}})
        raise ValidationError({field: _("%(label)s不能为负数。") % {"label": label}})
    if number > maximum:
        raise ValidationError({field: _("%(label)s不能超过 %(max)d。") % {"label": label, "max": maximum}})
    return number


# --- shops and goods ---------------------------------------------------------------------------


def create_shop(actor, *, region_code, name, address=""):
    region_code = (region_code or "").strip()
    region = Region.objects.filter(pk=region_code).first()
    if region is None:
        raise ValidationError({"region": _("区划代码“%(code)s”不存在。") % {"code": region_code}})
    post = require(actor, MANAGE, region.code)
    if region.level not in (Level.VILLAGE, Level.TOWNSHIP):
        raise ValidationError({"region": _("积分超市须设在村或乡镇。")})
    name = clean_text(name, "name", _("超市名称"))
    address = clean_text(address, "address", _("地址"), required=False, max_length=200)
    with transaction.atomic():
        if Shop.objects.filter(region=region, name=name).exists():
            raise ValidationError({"name": _("%(region)s已有名为“%(name)s”的积分超市。") % {
                "region": region.name, "name": name}})
        shop = Shop.objects.create(region=region, name=name, address=address)
        record_event(actor, "shop.create", shop, region_code=region.code,
                     changes={"name": [None, name], "address": [None, address]}, post=post)
    return shop


def add_goods(actor, shop, *, name, price, unit="件", unit_value_fen=0):
    post = require(actor, MANAGE, shop.region_id)
    name = clean_text(name, "name", _("商品名称"))
    unit = clean_text(unit or "件", "unit", _("单位"), max_length=10)
    price = clean_int(price, "price", _("兑换积分"), minimum=1, maximum=MAX_PRICE)
    unit_value_fen = clean_int(unit_value_fen, "unit_value_fen", _("参考单价"), minimum=0, maximum=MAX_VALUE_FEN)
    with transaction.atomic():
        if Goods.objects.filter(shop=shop, name=name).exists():
            raise ValidationError({"name": _("本超市已有商品“%(name)s”。") % {"name": name}})
        goods = Goods.objects.create(shop=shop, region_id=shop.region_id, name=name, unit=unit, price=price,
                                     unit_value_fen=unit_value_fen)
        record_event(actor, "goods.create", goods, region_code=shop.region_id, changes={
            "name": [None, name], "price": [None, price], "unit_value_fen": [None, unit_value_fen]}, post=post)
    return goods


def update_goods(actor, goods, *, price=None, active=None):
    post = require(actor, MANAGE, goods.region_id)
    changes = {}
    if price is not None:
        price = clean_int(price, "price", _("兑换积分"), minimum=1, maximum=MAX_PRICE)
        if price != goods.price:
            changes["price"] = [goods.price, price]
            goods.price = price
    if active is not None and bool(active) != goods.active:
        changes["active"] = [goods.active, bool(active)]
        goods.active = bool(active)
    if changes:
        with transaction.atomic():
            goods.save(update_fields=[field for field in ("price", "active") if field in changes])
            record_event(actor, "goods.update", goods, region_code=goods.region_id, changes=changes, post=post)
    return goods


# --- stock ----------------------------------------------------------------------------------------


def stock_in(actor, goods, *, kind, quantity, source, value_fen, note=""):
    """Goods received: a donation (source: the donor), a budget or a purchase (source: the fund)."""
    post = require(actor, MANAGE, goods.region_id)
    if kind not in INCOMING_KINDS:
        raise ValidationError({"kind": _("入库类型须为捐赠、预算或采购。")})
    quantity = clean_int(quantity, "quantity", _("入库数量"), minimum=1, maximum=MAX_QUANTITY)
    label = _("捐赠人") if kind == MovementKind.DONATION else _("资金来源")
    source = clean_text(source, "source", label)
    value_fen = clean_int(value_fen, "value_fen", _("价值"), minimum=0, maximum=MAX_VALUE_FEN)
    note = clean_text(note, "note", _("备注"), required=False, max_length=200)
    with transaction.atomic():
        Goods.objects.filter(pk=goods.pk).update(stock=F("stock") + quantity)
        movement = StockMovement.objects.create(
            goods=goods, shop_id=goods.shop_id, region_id=goods.region_id, kind=kind, quantity=quantity,
            source=source, value_fen=value_fen, note=note, created_by=actor,
        )
        goods.refresh_from_db(fields=["stock"])
        record_event(actor, "stock.in", goods, region_code=goods.region_id, changes={
            "stock": [goods.stock - quantity, goods.stock], "kind": [None, kind], "source": [None, source],
            "value_fen": [None, value_fen]}, post=post)
    return movement


def take_stock(goods, quantity):
    """Take `quantity` out of stock, or refuse with what is left. Inside the caller's transaction."""
    taken = Goods.objects.filter(pk=goods.pk, stock__gte=quantity).update(stock=F("stock") - quantity)
    if not taken:
        left = Goods.objects.filter(pk=goods.pk).values_list("stock", flat=True).first() or 0
        raise ValidationError({"quantity": _("库存不足:仅剩 %(left)d %(unit)s。") % {"left": left, "unit": goods.unit}})


def write_off(actor, goods, *, quantity, note):
    """报损: spoiled or lost goods leave the stock, with the reason."""
    post = require(actor, MANAGE, goods.region_id)
    quantity = clean_int(quantity, "quantity", _("报损数量"), minimum=1, maximum=MAX_QUANTITY)
    note = clean_text(note, "note", _("报损原因"), max_length=200)
    with transaction.atomic():
        take_stock(goods, quantity)
        movement = StockMovement.objects.create(
            goods=goods, shop_id=goods.shop_id, region_id=goods.region_id, kind=MovementKind.WRITE_OFF,
            quantity=-quantity, value_fen=quantity * goods.unit_value_fen, note=note, created_by=actor,
        )
        goods.refresh_from_db(fields=["stock"])
        record_event(actor, "stock.write_off", goods, region_code=goods.region_id, changes={
            "stock": [goods.stock + quantity, goods.stock], "note": [None, note]}, post=post)
    return movement


# --- redemptions ---------------------------------------------------------------------------------


def redeem(actor, household, goods, *, quantity=1):
    """Spend the household's points on goods: the ledger entry and the stock decrement in one
    transaction. A villager redeems for their own household; a cadre for any household in reach."""
    village_code = household.region_id[:12]
    post = require(actor, REDEEM, village_code)
    if own_household(actor) != household:
        post = require(actor, MANAGE, village_code)
    if not goods.shop.serves(household):
        raise Http404(_("未找到该记录。"))
    if not goods.active or not goods.shop.active:
        raise ValidationError({"goods": _("“%(name)s”已下架,不能兑换。") % {"name": goods.name}})
    quantity = clean_int(quantity, "quantity", _("兑换数量"), minimum=1, maximum=MAX_REDEEM_QUANTITY)
    points = goods.price * quantity
    with transaction.atomic():
        entry = ledger.post_entry(
            actor, household, -points, kind=EntryKind.REDEMPTION,
            reason=_("积分超市兑换:%(name)s × %(quantity)d") % {"name": goods.name, "quantity": quantity},
            source=("shop.goods", goods.pk), post=post,
        )
        take_stock(goods, quantity)
        redemption = Redemption.objects.create(
            shop_id=goods.shop_id, region_id=goods.region_id, village_id=village_code, household=household,
            goods=goods, quantity=quantity, points=points, entry=entry, redeemed_by=actor,
        )
        StockMovement.objects.create(
            goods=goods, shop_id=goods.shop_id, region_id=goods.region_id, kind=MovementKind.REDEMPTION,
            quantity=-quantity, value_fen=quantity * goods.unit_value_fen, points=points,
            redemption=redemption, created_by=actor,
        )
        record_event(actor, "redemption.create", redemption, region_code=village_code, changes={
            "goods": [None, goods.pk], "quantity": [None, quantity], "points": [None, points],
            "household": [None, household.pk], "state": [None, RedemptionState.PENDING]}, post=post)
    return redemption


def close_pending(redemption, state, actor, **fields):
    """Move a pending redemption on, once: a conditional UPDATE, so two clicks take one step."""
    now = timezone.now()
    moved = Redemption.objects.filter(pk=redemption.pk, state=RedemptionState.PENDING).update(
        state=state, closed_by=actor, closed_at=now, **fields
    )
    if not moved:
        current = Redemption.objects.filter(pk=redemption.pk).values_list("state", flat=True).first()
        raise ValidationError({"state": _("这笔兑换已是“%(state)s”,不能再办理。") % {
            "state": RedemptionState(current).label}})
    redemption.refresh_from_db()


def mark_picked_up(actor, redemption):
    """The shop hands the goods over (待领取 → 已领取)."""
    post = require(actor, MANAGE, redemption.region_id)
    with transaction.atomic():
        close_pending(redemption, RedemptionState.PICKED_UP, actor)
        record_event(actor, "redemption.pick_up", redemption, region_code=redemption.village_id,
                     changes={"state": [RedemptionState.PENDING, RedemptionState.PICKED_UP]}, post=post)
    return redemption


def cancel_redemption(actor, redemption, *, reason):
    """已取消: the points come back by a REFUND entry answering the redemption's entry, and
    the goods go back into stock. The household may cancel its own; the shop any."""
    if own_household(actor) == redemption.household:
        post = require(actor, REDEEM, redemption.village_id)
    else:
        post = require(actor, MANAGE, redemption.region_id)
    reason = clean_text(reason, "reason", _("取消原因"), max_length=200)
    goods = redemption.goods
    with transaction.atomic():
        close_pending(redemption, RedemptionState.CANCELLED, actor, cancel_reason=reason)
        refund = ledger.post_entry(
            actor, redemption.household, redemption.points, kind=EntryKind.REFUND,
            reason=_("积分超市兑换取消:%(reason)s") % {"reason": reason}, refers_to=redemption.entry,
            source=("shop.redemption", redemption.pk), post=post,
        )
        Redemption.objects.filter(pk=redemption.pk).update(refund_entry=refund)
        Goods.objects.filter(pk=goods.pk).update(stock=F("stock") + redemption.quantity)
        StockMovement.objects.create(
            goods=goods, shop_id=redemption.shop_id, region_id=redemption.region_id, kind=MovementKind.RETURN,
            quantity=redemption.quantity, value_fen=redemption.quantity * goods.unit_value_fen,
            points=-redemption.points, redemption=redemption, note=reason, created_by=actor,
        )
        record_event(actor, "redemption.cancel", redemption, region_code=redemption.village_id, changes={
            "state": [RedemptionState.PENDING, RedemptionState.CANCELLED], "reason": [None, reason],
            "refund_points": [None, redemption.points]}, post=post)
    redemption.refresh_from_db()
    return redemption

