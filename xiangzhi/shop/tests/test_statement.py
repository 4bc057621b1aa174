"""The monthly statement: figures summed from the movements of the month, as a page and a table."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from xiangzhi.shop import actions, statements
from xiangzhi.shop.models import MovementKind, StockMovement

from .shop_data import give_points, make_household, stocked_goods

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(moment):
    """Movements written inside the block carry this time (the statement sums by it)."""
    return mock.patch.object(StockMovement._meta.get_field("created_at"), "_get_default", lambda: moment)


def test_statement_figures(personas):
    household = make_household()
    give_points(personas.secretary_a1, household, 500)
    with at(datetime.datetime(2025, 5, 20, 10, tzinfo=SHANGHAI)):
        soap = stocked_goods(personas.cadre_a1, name="香皂", price=10, stock=10, unit_value_fen=300)
        actions.redeem(personas.cadre_a1, household, soap, quantity=2)  # May: before the month
    # 1 June 00:30 in Shanghai is still 31 May in UTC: it belongs to June.
    with at(datetime.datetime(2025, 6, 1, 0, 30, tzinfo=SHANGHAI)):
        actions.stock_in(personas.cadre_a1, soap, kind=MovementKind.PURCHASE, quantity=5, source="上级补助资金",
                         value_fen=1500)
        kept = actions.redeem(personas.cadre_a1, household, soap, quantity=3)
        cancelled = actions.redeem(personas.cadre_a1, household, soap, quantity=1)
        actions.cancel_redemption(personas.cadre_a1, cancelled, reason="不要了")
        actions.write_off(personas.cadre_a1, soap, quantity=1, note="破损")
        actions.mark_picked_up(personas.cadre_a1, kept)
    with at(datetime.datetime(2025, 7, 1, 0, 0, tzinfo=SHANGHAI)):
        actions.redeem(personas.cadre_a1, household, soap, quantity=1)  # July: after

    statement = statements.monthly_statement(soap.shop, 2025, 6)
    line = statement.lines[0]
    assert (line.opening, line.incoming, line.incoming_value_fen) == (8, 5, 1500)
    assert (line.redeemed, line.returned, line.written_off, line.closing) == (4, 1, 1, 9)
    assert line.points == 30  # 3 kept + 1 cancelled and refunded
    assert line.outgoing_value_fen == (4 - 1 + 1) * 300
    table = statement.as_table()
    assert table["columns"][0] == "商品" and table["rows"][0] == [
        "香皂(袋)", "8", "5", "15.00", "4", "1", "1", "9", "30", "12.00"]
    assert table["rows"][-1][0] == "合计"
    assert statement.title == "450321100200爱心超市 2025年6月积分超市收支台账"
    assert sum(m.quantity for m in StockMovement.objects.filter(goods=soap)) == 8


def test_statement_page_and_api(personas, login):
    soap = stocked_goods(personas.cadre_a1, name="香皂", stock=4, unit_value_fen=250)
    month = datetime.date.today().strftime("%Y-%m")
    client = login(personas.supervisor_a1)
    page = client.get(reverse("shop:statement", args=[soap.shop_id]), {"month": month})
    assert page.status_code == 200 and "香皂(袋)" in page.content.decode() and "10.00" in page.content.decode()
    bad = client.get(reverse("shop:statement", args=[soap.shop_id]), {"month": "2025-13"})
    assert bad.status_code == 422 and "月份无效" in bad.content.decode()
    api = client.get(f"/api/v1/shop/shops/{soap.shop_id}/statement", {"month": month})
    assert api.status_code == 200 and api.json()["totals"]["incoming"] == 4
    assert client.get(f"/api/v1/shop/shops/{soap.shop_id}/statement", {"month": "六月"}).status_code == 422
    for outsider in (personas.cadre_a2, personas.township_b):
        assert login(outsider).get(reverse("shop:statement", args=[soap.shop_id])).status_code == 404
        assert login(outsider).get(f"/api/v1/shop/shops/{soap.shop_id}/statement", {"month": month}).status_code == 404
