"""The county sets a scheme: weighted plan targets, bands, allowed vetoes — and nothing else."""

import pytest
from django.core.exceptions import ValidationError

from xiangzhi.assessment.actions import create_scheme, update_scheme
from xiangzhi.assessment.models import Scheme, SchemeItem
from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region

from .conftest import COUNTY, YEAR, township_items

pytestmark = pytest.mark.django_db


def county():
    return Region.objects.get(pk=COUNTY)


def create(user, **overrides):
    arguments = {"year": YEAR, "level": "township", "title": "2025年度乡镇乡村振兴实绩考核",
                 "items": township_items(), "vetoes": ["public_security"], **overrides}
    return create_scheme(user, county(), **arguments)


def refused(user, **overrides):
    with pytest.raises(ValidationError) as raised:
        create(user, **overrides)
    assert not Scheme.objects.exists() and not SchemeItem.objects.exists()
    return raised.value.message_dict


def test_county_creates_a_scheme(personas):
    scheme = create(personas.county)
    assert (scheme.region_id, scheme.year, scheme.level, scheme.status, scheme.version) == (
        COUNTY, YEAR, "township", "draft", 1)
    items = list(scheme.items.order_by("position"))
    assert [(i.target_key, i.indicator, i.weight) for i in items] == [
        ("advisors", "assessment_test.advisors", 60), ("on_time", "assessment_test.on_time", 40)]
    assert items[0].target_value == 1.0  # the plan's own share
    assert items[1].target_value == pytest.approx(0.8) and items[1].bands == [[100, 100], [90, 80], [60, 40]]
    assert scheme.vetoes == ["public_security"]
    event = AuditEvent.objects.get(action="assessment.create")
    assert event.region_code == COUNTY and event.changes["level"] == [None, "township"]


def test_weights_must_sum_to_100(personas):
    items = township_items()
    items[1]["weight"] = 35
    assert "各项权重合计应为 100,现为 95" in refused(personas.county, items=items)["items"][0]


def test_veto_outside_the_allowlist_is_refused(personas):
    errors = refused(personas.county, vetoes=["public_security", "family_planning"])
    assert "「family_planning」不在一票否决允许清单内" in errors["vetoes"][0]
    assert "中央或自治区" in errors["vetoes"][0]


def test_pending_target_is_refused(personas):
    items = [{"target": "meetings", "weight": 100}]
    assert "「三会一课按期开展率」 待接入" in refused(personas.county, items=items)["items"][0]


@pytest.mark.parametrize(("item", "message"), [
    ({"target": "nothing", "weight": 100}, "规划中没有目标「nothing」"),
    ({"target": "model_villages", "weight": 100}, "是数量指标,规划目标是全区合计,请填写对每个单位的目标值"),
    ({"target": "centre", "weight": 100}, "按县(市、区)统计,不能用于考核乡镇(街道)"),
    ({"target": "advisors", "weight": 100, "bands": "100:100, 95:60, 90:80"}, "得分比例不能随之升高(第 3 档)"),
    ({"target": "advisors", "weight": 100, "bands": "满分"}, "应写作“达成率:得分比例”"),
    ({"target": "advisors", "weight": 100, "target_value": 120}, "目标值应为 0 至 100 之间的百分比"),
    ({"target": "advisors", "weight": "六十"}, "权重应为 1 至 100 之间的整数"),
])
def test_malformed_item_is_refused_with_its_row(personas, item, message):
    errors = refused(personas.county, items=[item])
    assert message in errors["items"][0] and errors["items"][0].startswith("第 1 项")


def test_bad_header_fields_are_named_together(personas):
    errors = refused(personas.county, year="明年", level="city", title="")
    assert set(errors) == {"year", "level", "title"}


def test_one_scheme_per_county_year_and_level(personas):
    create(personas.county)
    with pytest.raises(ValidationError) as raised:
        create(personas.county)
    assert "已存在" in raised.value.message_dict["year"][0]
    assert Scheme.objects.count() == 1


def test_a_count_item_needs_each_units_target_and_is_stored(personas):
    scheme = create(personas.county, level="village", items=[
        {"target": "model_villages", "weight": 50, "target_value": "1"}, {"target": "advisors", "weight": 50}])
    item = scheme.items.get(target_key="model_villages")
    assert (item.is_share, item.target_value) == (False, 1.0)


def test_update_replaces_items_and_is_audited(personas):
    scheme = create(personas.county)
    update_scheme(personas.county, scheme, title="修订后的方案", items=[{"target": "advisors", "weight": 100}],
                  vetoes=[])
    scheme.refresh_from_db()
    assert scheme.title == "修订后的方案" and scheme.vetoes == []
    assert list(scheme.items.values_list("target_key", "weight")) == [("advisors", 100)]
    changes = AuditEvent.objects.get(action="assessment.update").changes
    assert changes["vetoes"] == [["public_security"], []] and "items" in changes


# --- pages --------------------------------------------------------------------------------------

def form_data(**overrides):
    data = {"title": "2025年度乡镇考核", "year": str(YEAR), "level": "township", "vetoes": ["public_security"],
            "target_1": "advisors", "weight_1": "60", "target_value_1": "", "bands_1": "",
            "target_2": "on_time", "weight_2": "40", "target_value_2": "80", "bands_2": "100:100, 60:50"}
    data.update(overrides)
    return data


def test_page_creates_a_scheme(personas, login):
    client = login(personas.county)
    page = client.get("/assessment/schemes/new/")
    assert page.status_code == 200 and "一村一法律顾问覆盖率" in page.content.decode()
    assert 'value="meetings"' not in page.content.decode()  # the pending target (待接入) is not offered
    response = client.post("/assessment/schemes/new/", form_data())
    scheme = Scheme.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/assessment/schemes/{scheme.pk}/"
    assert scheme.items.get(target_key="on_time").bands == [[100, 100], [60, 50]]
    detail = client.get(response["Location"]).content.decode()
    assert "社会治安综合治理" in detail and "≥60%→50%" in detail


def test_page_names_the_weights_and_changes_nothing(personas, login):
    response = login(personas.county).post("/assessment/schemes/new/", form_data(weight_2="30"))
    assert response.status_code == 422
    assert "各项权重合计应为 100,现为 90" in response.content.decode()
    assert not Scheme.objects.exists()


def test_page_refuses_a_veto_not_on_the_list(personas, login):
    response = login(personas.county).post("/assessment/schemes/new/", form_data(vetoes=["poverty_return"]))
    assert response.status_code == 422 and "不在一票否决允许清单内" in response.content.decode()
    assert not Scheme.objects.exists()


def test_township_official_cannot_set_a_scheme(personas, login):
    client = login(personas.township_a)
    assert client.get("/assessment/schemes/new/").status_code == 403
    assert client.post("/assessment/schemes/new/", form_data()).status_code == 403
    assert not Scheme.objects.exists()


def test_other_county_gets_404_and_edit_page_wrong_method(personas, login, other_county):
    scheme = create(personas.county)
    client = login(other_county)
    assert client.get(f"/assessment/schemes/{scheme.pk}/").status_code == 404
    assert client.post(f"/assessment/schemes/{scheme.pk}/edit/", form_data(title="x")).status_code == 404
    scheme.refresh_from_db()
    assert scheme.title == "2025年度乡镇乡村振兴实绩考核"
    assert login(personas.county).put(f"/assessment/schemes/{scheme.pk}/edit/").status_code == 405


def test_edit_page_saves(personas, login):
    scheme = create(personas.county)
    data = {"title": "改过的名称", "target_1": "advisors", "weight_1": "100", "vetoes": []}
    response = login(personas.county).post(f"/assessment/schemes/{scheme.pk}/edit/", data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.title == "改过的名称" and scheme.items.count() == 1
