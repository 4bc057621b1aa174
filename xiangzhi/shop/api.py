"""/api/v1/shop: shops, goods, stock movements, redemptions and monthly statements."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.points import ledger

from . import actions, queries, statements
from .models import RedemptionState

router = Router(tags=[gettext_lazy("积分超市")])


class ShopIn(Schema):
    region: str = Field(..., description="村或乡镇的区划代码")
    name: str
    address: str = ""


class ShopOut(Schema):
    id: int
    region_code: str
    name: str
    address: str
    active: bool

    @staticmethod
    def resolve_region_code(obj):
        return obj.region_id


class GoodsIn(Schema):
    name: str
    price: int = Field(..., description="兑换所需积分,大于 0")
    unit: str = "件"
    unit_value_fen: int = Field(0, description="参考单价(分),用于台账的价值")


class GoodsPatch(Schema):
    price: int | None = None
    active: bool | None = None


class GoodsOut(Schema):
    id: int
    shop_id: int
    name: str
    unit: str
    price: int
    unit_value_fen: int
    stock: int
    active: bool


class StockInIn(Schema):
    kind: str = Field(..., description="donation 捐赠、budget 预算、purchase 采购")
    quantity: int
    source: str = Field(..., description="捐赠人或资金来源")
    value_fen: int = Field(..., description="价值(分)")
    note: str = ""


class WriteOffIn(Schema):
    quantity: int
    note: str = Field(..., description="报损原因")


class MovementOut(Schema):
    id: int
    goods_id: int
    kind: str
    quantity: int
    source: str
    value_fen: int
    points: int
    redemption_id: int | None
    note: str
    created_at: datetime.datetime


class RedeemIn(Schema):
    goods: int
    quantity: int = 1
    household: int | None = Field(None, description="兑换户;村民不填即为本户")


class RedemptionOut(Schema):
    id: int
    shop_id: int
    goods_id: int
    goods_name: str
    household_id: int
    village_code: str
    quantity: int
    points: int
    state: str
    state_label: str
    entry_id: int
    refund_entry_id: int | None
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_goods_name(obj):
        return obj.goods.name

    @staticmethod
    def resolve_village_code(obj):
        return obj.village_id

    @staticmethod
    def resolve_state_label(obj):
        return obj.get_state_display()


class CancelIn(Schema):
    reason: str


class RedemptionQuery(Schema):
    state: str = Field("", description="pending 待领取、picked_up 已领取、cancelled 已取消")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


class MineOut(Schema):
    household_id: int | None
    balance: int | None


class StatementOut(Schema):
    title: str
    table: dict
    totals: dict


# --- shops and goods ---------------------------------------------------------------------------


@router.get("/shops", response=list[ShopOut], summary=_("积分超市列表"))
def list_shops(request):
    if queries.own_household(request.user) is None:
        require_capability(request.user, actions.VIEW)
    return list(queries.visible_shops(request.user).order_by("region_id", "name")[:500])


@router.post("/shops", response={201: ShopOut}, summary=_("开设积分超市(村或乡镇)"))
def create_shop(request, payload: ShopIn):
    shop = actions.create_shop(request.user, region_code=payload.region, name=payload.name, address=payload.address)
    return Status(201, shop)


@router.get("/shops/{shop_id}/goods", response=list[GoodsOut], summary=_("超市的商品"))
def list_goods(request, shop_id: int):
    shop = queries.get_shop_for_user(request.user, shop_id)
    return list(shop.goods.order_by("name", "id"))


@router.post("/shops/{shop_id}/goods", response={201: GoodsOut}, summary=_("上架商品"))
def add_goods(request, shop_id: int, payload: GoodsIn):
    require_capability(request.user, actions.MANAGE)
    shop = queries.get_shop_for_user(request.user, shop_id)
    goods = actions.add_goods(request.user, shop, name=payload.name, price=payload.price, unit=payload.unit,
                              unit_value_fen=payload.unit_value_fen)
    return Status(201, goods)


@router.patch("/goods/{goods_id}", response=GoodsOut, summary=_("修改兑换积分或上下架"))
def update_goods(request, goods_id: int, payload: GoodsPatch):
    require_capability(request.user, actions.MANAGE)
    goods = queries.get_goods_for_user(request.user, goods_id)
    return actions.update_goods(request.user, goods, price=payload.price, active=payload.active)


@router.post("/goods/{goods_id}/stock-in", response={201: MovementOut}, summary=_("入库(捐赠、预算、采购)"))
def stock_in(request, goods_id: int, payload: StockInIn):
    require_capability(request.user, actions.MANAGE)
    goods = queries.get_goods_for_user(request.user, goods_id)
    movement = actions.stock_in(request.user, goods, kind=payload.kind, quantity=payload.quantity,
                                source=payload.source, value_fen=payload.value_fen, note=payload.note)
    return Status(201, movement)


@router.post("/goods/{goods_id}/write-off", response={201: MovementOut}, summary=_("报损出库"))
def write_off(request, goods_id: int, payload: WriteOffIn):
    require_capability(request.user, actions.MANAGE)
    goods = queries.get_goods_for_user(request.user, goods_id)
    return Status(201, actions.write_off(request.user, goods, quantity=payload.quantity, note=payload.note))


@router.get("/goods/{goods_id}/movements", response=list[MovementOut], summary=_("商品的出入库记录"))
def list_movements(request, goods_id: int):
    require_capability(request.user, actions.VIEW)
    goods = queries.get_goods_for_user(request.user, goods_id)
    return list(goods.movements.order_by("-created_at", "-id")[:500])


@router.get("/shops/{shop_id}/statement", response=StatementOut, summary=_("月度台账(可用于三务公开)"))
def statement(request, shop_id: int, month: str):
    require_capability(request.user, actions.VIEW)
    shop = queries.get_shop_for_user(request.user, shop_id)
    year, number = statements.parse_month(month)
    return statements.disclosure_table(shop, year, number)


# --- redemptions -----------------------------------------------------------------------------


@router.get("/mine", response=MineOut, summary=_("本户及积分余额"))
def mine(request):
    household = queries.own_household(request.user)
    return {"household_id": household.pk if household else None,
            "balance": ledger.balance(household) if household else None}


@router.post("/redemptions", response={201: RedemptionOut}, summary=_("兑换(扣积分、减库存,一次完成)"))
def redeem(request, payload: RedeemIn):
    require_capability(request.user, actions.REDEEM)
    goods = queries.get_goods_for_user(request.user, payload.goods)
    if payload.household is not None:
        household = queries.household_for_staff(request.user, payload.household)
    else:
        household = queries.own_household(request.user)
        if household is None:
            raise ValidationError({"household": _("请指定兑换户。")})
    return Status(201, actions.redeem(request.user, household, goods, quantity=payload.quantity))


@router.get("/redemptions", response=list[RedemptionOut], summary=_("兑换记录"))
def list_redemptions(request, filters: Query[RedemptionQuery]):
    if queries.own_household(request.user) is None:
        require_capability(request.user, actions.VIEW)
    queryset = queries.visible_redemptions(request.user).select_related("goods")
    if filters.state:
        if filters.state not in RedemptionState.values:
            raise ValidationError({"state": _("状态“%(state)s”无效。") % {"state": filters.state}})
        queryset = queryset.filter(state=filters.state)
    return list(queryset.order_by("-created_at", "-id")[filters.offset : filters.offset + filters.limit])


@router.get("/redemptions/{redemption_id}", response=RedemptionOut, summary=_("一笔兑换"))
def get_redemption(request, redemption_id: int):
    return queries.get_redemption_for_user(request.user, redemption_id)


@router.post("/redemptions/{redemption_id}/pick-up", response=RedemptionOut, summary=_("标记已领取"))
def pick_up(request, redemption_id: int):
    require_capability(request.user, actions.MANAGE)
    redemption = queries.get_redemption_for_user(request.user, redemption_id)
    return actions.mark_picked_up(request.user, redemption)


@router.post("/redemptions/{redemption_id}/cancel", response=RedemptionOut, summary=_("取消兑换并退还积分"))
def cancel(request, redemption_id: int, payload: CancelIn):
    redemption = queries.get_redemption_for_user(request.user, redemption_id)
    return actions.cancel_redemption(request.user, redemption, reason=payload.reason)

