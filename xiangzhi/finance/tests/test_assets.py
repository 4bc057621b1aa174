"""Assets register; disposal only with an approved, unused 集体资产处置 filing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.finance import assets
from xiangzhi.finance.models import Asset

from .conftest import A1, approved_filing, fresh

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 5, 1)


def register(user, village=A1, **overrides):
    data = {"name": "村部办公楼", "category": "building", "acquired_on": DAY, "original_value_fen": 800_000_00,
            "location": "矮山屯"}
    data.update(overrides)
    return assets.register_asset(user, village, **data)


def test_register_and_bad_input(personas):
    asset = register(personas.cadre_a1)
    assert asset.status == "in_use" and asset.original_value_fen == 800_000_00
    with pytest.raises(ValidationError) as caught:
        register(personas.cadre_a1, original_value_fen=0, category="car", name="")
    assert caught.value.message_dict == {
        "name": ["请填写资产名称。"], "category": ["类别“car”不在可选范围内。"], "original_value_fen": ["原值必须大于零。"],
    }
    assert Asset.objects.count() == 1
    with pytest.raises(PermissionDenied):
        register(personas.villager_a1)
    with pytest.raises(Http404):
        register(personas.cadre_b1)
    with pytest.raises(Http404):
        assets.get_asset_for_user(personas.cadre_a2, asset.pk)


def test_disposal_needs_an_approved_filing_and_uses_it(personas):
    asset = register(personas.cadre_a1)
    with pytest.raises(ValidationError) as caught:
        assets.dispose_asset(personas.cadre_a1, asset, filing=None, disposed_on=DAY, method="sale",
                             amount_fen=10_000_00, counterparty="某公司")
    assert caught.value.message_dict == {"filing": ["须先报备“集体资产处置”重大事项并经乡镇审核通过。"]}
    large = approved_filing(personas, kind="large_expense")
    with pytest.raises(ValidationError):
        assets.dispose_asset(personas.cadre_a1, asset, filing=large.pk, disposed_on=DAY, method="sale",
                             amount_fen=10_000_00, counterparty="某公司")
    assert fresh(asset).status == "in_use"
    filing = approved_filing(personas, kind="asset_disposal", title="旧办公楼拍卖")
    with pytest.raises(ValidationError) as caught:
        assets.dispose_asset(personas.cadre_a1, asset, filing=filing.pk, disposed_on=DAY, method="sale",
                             amount_fen=10_000_00, counterparty="")
    assert caught.value.message_dict == {"counterparty": ["请填写受让方。"]}
    assets.dispose_asset(personas.cadre_a1, asset, filing=filing.pk, disposed_on=DAY, method="sale",
                         amount_fen=10_000_00, counterparty="某公司")
    asset = fresh(asset)
    assert (asset.status, asset.disposal_amount_fen, asset.disposal_filing) == ("disposed", 10_000_00, filing)
    assert fresh(filing).used_at is not None
    other = register(personas.cadre_a1, name="旧拖拉机", category="equipment")
    with pytest.raises(ValidationError) as caught:
        assets.dispose_asset(personas.cadre_a1, other, filing=filing.pk, disposed_on=DAY, method="scrap",
                             amount_fen=0)
    assert "一项备案只能使用一次" in caught.value.message_dict["filing"][0]
    assert fresh(other).status == "in_use"


def test_pages_and_api(personas, client):
    client.force_login(personas.cadre_a1)
    response = client.post(reverse("finance:asset_create"), {"village": A1, "name": "抽水机", "category": "equipment",
                                                              "acquired_on": "2021-03-01", "original_value": "1.234"})
    assert "原值(元)最多保留两位小数(精确到分)。" in response.content.decode().replace("（", "(").replace("）", ")")
    assert not Asset.objects.exists()
    response = client.post(reverse("finance:asset_create"), {"village": A1, "name": "抽水机", "category": "equipment",
                                                              "acquired_on": "2021-03-01", "original_value": "3,500"})
    asset = Asset.objects.get()
    assert response.status_code == 302 and asset.original_value_fen == 3_500_00
    page = client.get(reverse("finance:asset_detail", args=[asset.pk])).content.decode()
    assert "抽水机" in page and "3,500.00" in page
    response = client.post(reverse("finance:asset_dispose", args=[asset.pk]),
                           {"disposed_on": "2024-01-01", "method": "scrap", "amount": "0"})
    assert "须先报备“集体资产处置”重大事项" in response.content.decode() and fresh(asset).status == "in_use"
    assert client.get(reverse("finance:asset_dispose", args=[asset.pk])).status_code == 405

    response = client.post("/api/v1/finance/assets", {"region_code": A1, "name": "林场", "category": "forest",
                                                      "acquired_on": "2019-01-01", "original_value_fen": -5},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["original_value_fen"] == ["原值必须大于零。"]
    assert client.get("/api/v1/finance/assets").json()["count"] == 1
    client.force_login(personas.cadre_b1)
    assert client.get(reverse("finance:asset_detail", args=[asset.pk])).status_code == 404
    assert client.get(f"/api/v1/finance/assets/{asset.pk}").status_code == 404
    assert client.get("/api/v1/finance/assets").json()["count"] == 0
    client.force_login(personas.villager_a1)
    assert client.get(reverse("finance:asset_list")).status_code == 403
    assert client.get("/api/v1/finance/assets").status_code == 403
