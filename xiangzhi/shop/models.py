"""The points shop (积分超市/爱心超市): shops, goods, stock movements and redemptions.

A shop belongs to a village or a township; a township shop serves every village under it.
Stock is kept on the goods row by conditional UPDATEs and equals the sum of the goods'
movements, which are append-only. A redemption spends a household's points through the
points ledger (points.ledger.post_entry) in the same transaction as the stock decrement.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiangzhi.core.models import AppendOnlyModel, AppendOnlyQuerySet
from xiangzhi.core.scope import ScopedQuerySet

NAME_MAX = 100


class Shop(models.Model):
    view_capability = "shop.view"

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属村/乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="shops",
    )
    name = models.CharField(_("名称"), max_length=NAME_MAX)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    active = models.BooleanField(_("营业中"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分超市")
        verbose_name_plural = _("积分超市")
        ordering = ["region_id", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="shop_unique_name_in_region")]

    def __str__(self):
        return self.name

    def serves(self, household):
        """A village shop serves its village's households; a township shop every village under it."""
        return household.region_id.startswith(self.region_id)


class GoodsQuerySet(ScopedQuerySet):
    def on_sale(self):
        return self.filter(active=True, shop__active=True)


class Goods(models.Model):
    view_capability = "shop.view"

    shop = models.ForeignKey(Shop, verbose_name=_("积分超市"), on_delete=models.PROTECT, related_name="goods")
    # Denormalised from the shop, so that lists filter by scope without a join.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属村/乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    name = models.CharField(_("商品名称"), max_length=NAME_MAX)
    unit = models.CharField(_("单位"), max_length=10, default="件")
    price = models.PositiveIntegerField(_("兑换积分"))
    # What one unit is worth, for the statement's value column (分).
    unit_value_fen = models.BigIntegerField(_("参考单价(分)"), default=0)
    stock = models.IntegerField(_("库存"), default=0)
    active = models.BooleanField(_("上架"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoodsQuerySet.as_manager()

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["shop_id", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="goods_price_positive"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="goods_stock_nonnegative"),
            models.CheckConstraint(condition=Q(unit_value_fen__gte=0), name="goods_value_nonnegative"),
            models.UniqueConstraint(fields=["shop", "name"], name="goods_unique_name_in_shop"),
        ]

    def __str__(self):
        return self.name


class MovementKind(models.TextChoices):
    DONATION = "donation", _("捐赠入库")
    BUDGET = "budget", _("预算入库")
    PURCHASE = "purchase", _("采购入库")
    REDEMPTION = "redemption", _("兑换出库")
    RETURN = "return", _("取消退回")
    WRITE_OFF = "write_off", _("报损出库")


INCOMING_KINDS = (MovementKind.DONATION, MovementKind.BUDGET, MovementKind.PURCHASE)


class StockMovement(AppendOnlyModel):
    """One change of a goods' stock: + in, − out. Never edited; the goods' stock is their sum."""

    view_capability = "shop.view"

    goods = models.ForeignKey(Goods, verbose_name=_("商品"), on_delete=models.PROTECT, related_name="movements")
    shop = models.ForeignKey(Shop, verbose_name=_("积分超市"), on_delete=models.PROTECT, related_name="movements")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属村/乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=MovementKind.choices)
    quantity = models.IntegerField(_("数量"))
    # Donor's name or the fund the goods were bought from; empty for outgoing movements.
    source = models.CharField(_("来源"), max_length=NAME_MAX, blank=True)
    value_fen = models.BigIntegerField(_("价值(分)"), default=0)
    # Points the movement stands for: spent by a redemption, given back (negative) on a return.
    points = models.IntegerField(_("积分"), default=0)
    redemption = models.ForeignKey(
        "Redemption", verbose_name=_("兑换"), null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("出入库记录")
        verbose_name_plural = _("出入库记录")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="movement_quantity_nonzero"),
            models.CheckConstraint(condition=Q(value_fen__gte=0), name="movement_value_nonnegative"),
        ]
        indexes = [models.Index(fields=["shop", "created_at"], name="movement_shop_time")]


class RedemptionState(models.TextChoices):
    PENDING = "pending", _("待领取")
    PICKED_UP = "picked_up", _("已领取")
    CANCELLED = "cancelled", _("已取消")


class RedemptionQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(state=RedemptionState.PENDING)


class Redemption(models.Model):
    """积分兑换: points spent for goods, waiting to be picked up at the shop."""

    view_capability = "shop.view"
    # The shop's staff and the household's village both see it.
    scope_fields = ("region", "village")

    shop = models.ForeignKey(Shop, verbose_name=_("积分超市"), on_delete=models.PROTECT, related_name="redemptions")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("超市所属村/乡镇"), on_delete=models.PROTECT,
        db_column="region_code", related_name="+",
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("兑换户所在村"), on_delete=models.PROTECT, related_name="+",
    )
    household = models.ForeignKey(
        "people.Household", verbose_name=_("兑换户"), on_delete=models.PROTECT, related_name="redemptions"
    )
    goods = models.ForeignKey(Goods, verbose_name=_("商品"), on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveIntegerField(_("数量"))
    points = models.PositiveIntegerField(_("所用积分"))
    state = models.CharField(
        _("状态"), max_length=20, choices=RedemptionState.choices, default=RedemptionState.PENDING, db_index=True
    )
    entry = models.OneToOneField(
        "points.PointsEntry", verbose_name=_("扣分记录"), on_delete=models.PROTECT, related_name="redemption"
    )
    refund_entry = models.OneToOneField(
        "points.PointsEntry", verbose_name=_("退还记录"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="refunded_redemption",
    )
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("兑换时间"), default=timezone.now, db_index=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("办结人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分兑换")
        verbose_name_plural = _("积分兑换")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="redemption_quantity_positive"),
            models.CheckConstraint(condition=Q(points__gt=0), name="redemption_points_positive"),
        ]
        indexes = [models.Index(fields=["shop", "state"], name="redemption_shop_state")]

    def __str__(self):
        return f"{self.goods} × {self.quantity}"
