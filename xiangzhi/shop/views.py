"""Pages: the villager's shop (balance, goods, redeem, their redemptions), the shop staff's
pending pickups, and the shops with their goods and monthly statement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xiangzhi.accounts.permissions import can, require_capability
from xiangzhi.finance.money import parse_yuan
from xiangzhi.points import ledger

from . import actions, queries, statements
from .models import INCOMING_KINDS, MovementKind, Redemption


def first_message(error):
    return " ".join(message for messages_ in error.message_dict.values() for message in messages_) \
        if hasattr(error, "error_dict") else " ".join(error.messages)


@login_required
@require_GET
def home(request):
    """积分超市: the household's balance and the goods it can redeem; staff see their shops."""
    household = queries.own_household(request.user)
    if household is None:
        require_capability(request.user, actions.VIEW)
        return redirect("shop:shops")
    require_capability(request.user, actions.REDEEM)
    goods = (queries.visible_goods(request.user).on_sale()
             .filter(region_id__in=queries.serving_region_codes(household))
             .select_related("shop").order_by("shop__name", "price", "name"))
    return render(request, "shop/home.html", {
        "household": household, "balance": ledger.balance(household), "goods": goods,
        "pending": queries.visible_redemptions(request.user).filter(household=household).pending().count(),
    })


@login_required
@require_POST
def redeem(request, pk):
    goods = queries.get_goods_for_user(request.user, pk)
    household_id = request.POST.get("household")
    household = (queries.household_for_staff(request.user, household_id) if household_id
                 else queries.own_household(request.user))
    if household is None:
        require_capability(request.user, actions.MANAGE)
        messages.error(request, _("请选择兑换户。"))
        return redirect("shop:shop", goods.shop_id)
    try:
        redemption = actions.redeem(request.user, household, goods, quantity=request.POST.get("quantity", "1"))
    except ValidationError as error:
        messages.error(request, first_message(error))
        return redirect("shop:home" if not household_id else "shop:shop", *([] if not household_id else [goods.shop_id]))
    messages.success(request, _("已兑换 %(name)s × %(quantity)d,用去 %(points)d 分,请到%(shop)s领取。") % {
        "name": goods.name, "quantity": redemption.quantity, "points": redemption.points, "shop": goods.shop.name})
    return redirect("shop:mine" if not household_id else "shop:pickups")


@login_required
@require_GET
def mine(request):
    household = queries.own_household(request.user)
    require_capability(request.user, actions.REDEEM)
    redemptions = (Redemption.objects.filter(household=household).select_related("goods", "shop")
                   if household is not None else Redemption.objects.none())
    return render(request, "shop/mine.html", {
        "household": household, "redemptions": redemptions[:100],
        "balance": ledger.balance(household) if household is not None else None,
    })


@login_required
@require_GET
def pickups(request):
    require_capability(request.user, actions.VIEW)
    pending = list(Redemption.objects.visible_to(request.user).pending()
                   .select_related("goods", "shop", "household", "village").order_by("created_at", "id")[:200])
    for redemption in pending:
        redemption.can_close = can(request.user, actions.MANAGE, redemption.region_id)
    return render(request, "shop/pickups.html", {"pending": pending})


@login_required
@require_POST
def pick_up(request, pk):
    redemption = queries.get_redemption_for_user(request.user, pk)
    try:
        actions.mark_picked_up(request.user, redemption)
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("已领取:%(household)s 的 %(goods)s × %(quantity)d。") % {
            "household": redemption.household, "goods": redemption.goods.name, "quantity": redemption.quantity})
    return redirect("shop:pickups")


@login_required
@require_POST
def cancel(request, pk):
    redemption = queries.get_redemption_for_user(request.user, pk)
    own = queries.own_household(request.user) == redemption.household
    try:
        actions.cancel_redemption(request.user, redemption, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(request, _("已取消,退还 %(points)d 分。") % {"points": redemption.points})
    return redirect("shop:mine" if own else "shop:pickups")


@login_required
@require_GET
def shops(request):
    require_capability(request.user, actions.VIEW)
    rows = queries.visible_shops(request.user).select_related("region").order_by("region_id", "name")[:200]
    return render(request, "shop/shops.html", {"shops": rows})


@login_required
@require_GET
def shop(request, pk):
    shop = queries.get_shop_for_user(request.user, pk)
    require_capability(request.user, actions.VIEW)
    return render(request, "shop/shop.html", {
        "shop": shop, "goods": shop.goods.order_by("name"),
        "can_manage": can(request.user, actions.MANAGE, shop.region_id),
        "month": timezone.localdate().strftime("%Y-%m"),
        "incoming_kinds": [(kind, MovementKind(kind).label) for kind in INCOMING_KINDS],
    })


def _money_fen(request, field, label):
    """元 typed on the page → 分 for the action (finance's parser: the same messages everywhere)."""
    raw = request.POST.get(field, "").strip()
    return parse_yuan(raw, field, positive=False, label=label) if raw else 0


def _staff_action(request, pk, do):
    """Run one staff action on the shop's goods from the shop page; its refusal comes back there."""
    shop = queries.get_shop_for_user(request.user, pk)
    try:
        do(shop)
    except ValidationError as error:
        messages.error(request, first_message(error))
    return redirect("shop:shop", shop.pk)


def _goods_of(shop, request):
    goods = shop.goods.filter(pk=request.POST.get("goods") or 0).first() if str(
        request.POST.get("goods", "")).isdigit() else None
    if goods is None:
        raise ValidationError({"goods": _("请选择本超市的商品。")})
    return goods


@login_required
@require_POST
def goods_add(request, pk):
    def do(shop):
        actions.add_goods(
            request.user, shop, name=request.POST.get("name", ""), price=request.POST.get("price", ""),
            unit=request.POST.get("unit", ""), unit_value_fen=_money_fen(request, "unit_value", _("参考单价")),
        )
        messages.success(request, _("商品已上架。"))
    return _staff_action(request, pk, do)


@login_required
@require_POST
def goods_stock_in(request, pk):
    def do(shop):
        actions.stock_in(
            request.user, _goods_of(shop, request), kind=request.POST.get("kind", ""),
            quantity=request.POST.get("quantity", ""), source=request.POST.get("source", ""),
            value_fen=_money_fen(request, "value", _("价值")), note=request.POST.get("note", ""),
        )
        messages.success(request, _("已入库。"))
    return _staff_action(request, pk, do)


@login_required
@require_POST
def goods_write_off(request, pk):
    def do(shop):
        actions.write_off(request.user, _goods_of(shop, request), quantity=request.POST.get("quantity", ""),
                          note=request.POST.get("note", ""))
        messages.success(request, _("已报损出库。"))
    return _staff_action(request, pk, do)


@login_required
@require_GET
def statement(request, pk):
    shop = queries.get_shop_for_user(request.user, pk)
    require_capability(request.user, actions.VIEW)
    month = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        year, number = statements.parse_month(month)
    except ValidationError as error:
        return render(request, "shop/statement.html", {"shop": shop, "month": month, "error": first_message(error)},
                      status=422)
    result = statements.monthly_statement(shop, year, number)
    return render(request, "shop/statement.html", {
        "shop": shop, "month": month, "statement": result, "table": result.as_table(),
    })
