"""Registry rows, points and a stocked shop for shop tests, written straight to the database."""

import datetime
import itertools

from django.db import transaction

from xiangzhi.core.crypto import blind_index
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident
from xiangzhi.points import ledger
from xiangzhi.points.models import EntryKind
from xiangzhi.shop import actions
from xiangzhi.shop.models import MovementKind

A1, A2, B1, TOWNSHIP_A = "450321100200", "450321100202", "450321101200", "450321100"
A1_TUN, A2_TUN, B1_TUN = "450321100200001", "450321100202001", "450321101200001"
_sequence = itertools.count(5000)


def make_household(region_code=A1_TUN, head="李大山"):
    n = next(_sequence)
    household = Household.objects.create(region_id=region_code, number=f"S-{n}")
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=n)
    number = citizen_id.make("450321", birth, n % 100, "male")
    household.head = Resident.objects.create(
        household=household, region_id=region_code, name=head, relation="head", gender="male",
        birth_date=birth, id_number=number, id_number_index=blind_index(number, "citizen_id"),
    )
    return household


def link_villager(user, household):
    user.resident = household.head
    user.save(update_fields=["resident"])
    return user


def give_points(actor, household, points):
    with transaction.atomic():
        return ledger.post_entry(actor, household, points, kind=EntryKind.AWARD, reason="好人好事")


def stocked_goods(actor, *, region=A1, name="洗衣粉", price=20, stock=10, unit_value_fen=850, shop=None):
    shop = shop or actions.create_shop(actor, region_code=region, name=f"{region}爱心超市")
    goods = actions.add_goods(actor, shop, name=name, price=price, unit="袋", unit_value_fen=unit_value_fen)
    if stock:
        actions.stock_in(actor, goods, kind=MovementKind.DONATION, quantity=stock, source="爱心企业桂林某公司",
                         value_fen=stock * unit_value_fen)
    goods.refresh_from_db()
    return goods
