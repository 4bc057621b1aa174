"""The county's configuration: its own categories, the responsibility matrix, deadline
overrides and its calendar — actions, pages and API, with scope and bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.grid import config
from xiangzhi.grid.calendar import add_working_days, time_limit
from xiangzhi.grid.models import CalendarDay, DeadlineRule, EventCategory, ResponsibilityRule
from xiangzhi.grid.routing import route
from xiangzhi.regions.models import Region

COUNTY, OTHER = "450321", "450323"
A1_TUN = "450321100200001"


@pytest.fixture
def county(personas):
    return Region.objects.get(code=COUNTY)


@pytest.fixture
def other(personas):
    """A second county with its own official and its own category."""
    region = Region.objects.create(code=OTHER, name="灵川县", level="county", parent_id="4503")
    official = make_user("county_lc", "county_department", OTHER, department="civil_affairs")
    category = EventCategory.objects.create(
        code="environment.c450323_1", name="灵川专有", parent=EventCategory.objects.get(code="environment"),
        county=region,
    )
    return type("Other", (), {"region": region, "official": official, "category": category})


def cat(code):
    return EventCategory.objects.get(code=code)


def audit(action):
    return AuditEvent.objects.filter(action=action)


# --- categories -------------------------------------------------------------------------------


def test_county_adds_its_own_category_with_a_generated_service_code(personas, county):
    category = config.add_category(personas.county, county, parent="dispute", name="山林放牧纠纷")
    assert category.code == "dispute.c450321_1"
    assert category.parent.code == "dispute" and category.county_id == COUNTY and category.active
    second = config.add_category(personas.county, county, parent=cat("dispute").pk, name="水利灌溉纠纷")
    assert second.code == "dispute.c450321_2"
    event = audit("grid_category.add").get(target_id=str(category.pk))
    assert event.region_code == COUNTY and event.changes["code"] == [None, "dispute.c450321_1"]


def test_county_may_choose_the_code(personas, county):
    category = config.add_category(personas.county, county, parent="environment", name="漓江沿岸垃圾",
                                   code="environment.li_river")
    assert category.code == "environment.li_river"


@pytest.mark.parametrize("values, field, message", [
    ({"parent": "dispute.neighbour", "name": "x"}, "parent", "请选择平台统一的大类。"),
    ({"parent": "nope", "name": "x"}, "parent", "请选择平台统一的大类。"),
    ({"parent": "dispute", "name": "  "}, "name", "请填写类别名称。"),
    ({"parent": "dispute", "name": "邻里纠纷"}, "name", "“矛盾纠纷”下已有“邻里纠纷”。"),
    ({"parent": "dispute", "name": "x", "code": "dispute.邻里"}, "code", None),
    ({"parent": "dispute", "name": "x", "code": "fire.x"}, "code", None),
    ({"parent": "dispute", "name": "x", "code": "dispute.neighbour"}, "code", "编码“dispute.neighbour”已被使用。"),
])
def test_adding_a_category_refuses_bad_input(personas, county, values, field, message):
    before = EventCategory.objects.count()
    with pytest.raises(ValidationError) as caught:
        config.add_category(personas.county, county, **values)
    errors = caught.value.message_dict
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert EventCategory.objects.count() == before


def test_county_renames_and_deactivates_its_own_but_not_shared_ones(personas, county):
    own = config.add_category(personas.county, county, parent="dispute", name="放牧纠纷")
    config.update_category(personas.county, county, own, name="山林放牧纠纷")
    config.update_category(personas.county, county, own, active=False)
    own.refresh_from_db()
    assert own.name == "山林放牧纠纷" and not own.active
    assert audit("grid_category.update").get().changes == {"name": ["放牧纠纷", "山林放牧纠纷"]}
    assert audit("grid_category.deactivate").get().changes == {"active": [True, False]}

    shared = cat("dispute.neighbour")
    with pytest.raises(ValidationError) as caught:
        config.update_category(personas.county, county, shared, active=False)
    assert "平台统一的类别" in caught.value.message_dict["category"][0]
    assert cat("dispute.neighbour").active


def test_category_scope(personas, county, other):
    with pytest.raises(Http404):
        config.update_category(personas.county, county, other.category, active=False)
    with pytest.raises(Http404):  # the other county's official, acting on this county
        config.add_category(other.official, county, parent="dispute", name="x")
    with pytest.raises(PermissionDenied):
        config.add_category(personas.township_a, county, parent="dispute", name="x")
    assert not EventCategory.objects.filter(name="x").exists()
    assert EventCategory.objects.get(pk=other.category.pk).active


# --- the matrix -------------------------------------------------------------------------------


def test_matrix_rows_are_added_changed_removed_and_route_events(personas, county):
    rule = config.save_rule(personas.county, county, category="geohazard.landslide", level="township",
                            department="应急管理", office="阳朔镇应急办")
    assert route(cat("geohazard.landslide"), A1_TUN).level == "township"
    assert audit("grid_rule.add").get().changes["level"] == [None, "township"]

    same = config.save_rule(personas.county, county, category="geohazard.landslide", level="township",
                            department="应急管理", office="阳朔镇应急管理办公室")
    assert same.pk == rule.pk and ResponsibilityRule.objects.count() == 1
    assert audit("grid_rule.update").get().changes == {"office": ["阳朔镇应急办", "阳朔镇应急管理办公室"]}

    config.remove_rule(personas.county, county, rule)
    assert not ResponsibilityRule.objects.exists()
    assert audit("grid_rule.remove").get().changes["office"] == ["阳朔镇应急管理办公室", None]
    assert route(cat("geohazard.landslide"), A1_TUN).level == "village"


def test_a_rule_on_a_group_holds_for_its_leaves(personas, county):
    config.save_rule(personas.county, county, category="fire", level="county", department="消防救援")
    assert route(cat("fire.wiring"), A1_TUN).level == "county"


@pytest.mark.parametrize("values, field", [
    ({"category": "", "level": "village", "department": "x"}, "category"),
    ({"category": "no.such", "level": "village", "department": "x"}, "category"),
    ({"category": "dispute.neighbour", "level": "city", "department": "x"}, "level"),
    ({"category": "dispute.neighbour", "level": "village"}, "department"),
    ({"category": "dispute.neighbour", "level": "village", "department": "x" * 31}, "department"),
])
def test_matrix_refuses_bad_input(personas, county, values, field):
    with pytest.raises(ValidationError) as caught:
        config.save_rule(personas.county, county, **values)
    assert field in caught.value.message_dict
    assert not ResponsibilityRule.objects.exists()


def test_matrix_scope(personas, county, other):
    with pytest.raises(ValidationError):  # another county's category is not usable here
        config.save_rule(personas.county, county, category=other.category.code, level="village", department="x")
    foreign = config.save_rule(other.official, other.region, category="dispute.neighbour", level="village",
                               department="x")
    with pytest.raises(Http404):
        config.remove_rule(personas.county, county, foreign)
    with pytest.raises(Http404):
        config.get_own(ResponsibilityRule, county, foreign.pk)
    assert ResponsibilityRule.objects.filter(pk=foreign.pk).exists()


# --- deadlines --------------------------------------------------------------------------------


def test_county_overrides_and_restores_time_limits(personas, county):
    leaf = cat("environment.garbage")
    assert time_limit(leaf, "normal", COUNTY).resolve_days == 5
    rule = config.save_deadline(personas.county, county, category=leaf.code, urgency="normal",
                                accept_days=1, resolve_days=3)
    assert time_limit(leaf, "normal", COUNTY).resolve_days == 3
    assert time_limit(leaf, "normal", OTHER).resolve_days == 5  # other counties keep the shared rule
    config.save_deadline(personas.county, county, category=leaf.code, urgency="normal", accept_days=1,
                         resolve_days=4)
    assert DeadlineRule.objects.filter(county=county).count() == 1
    assert audit("grid_deadline.update").get().changes == {"resolve_days": [3, 4]}
    config.remove_deadline(personas.county, county, DeadlineRule.objects.get(pk=rule.pk))
    assert time_limit(leaf, "normal", COUNTY).resolve_days == 5
    assert audit("grid_deadline.remove").exists()


@pytest.mark.parametrize("values, field", [
    ({"urgency": "soon", "accept_days": 1, "resolve_days": 3}, "urgency"),
    ({"urgency": "normal", "accept_days": "x", "resolve_days": 3}, "accept_days"),
    ({"urgency": "normal", "accept_days": 1, "resolve_days": 0}, "resolve_days"),
    ({"urgency": "normal", "accept_days": 5, "resolve_days": 3}, "accept_days"),
    ({"urgency": "normal", "accept_days": 1, "resolve_days": 366}, "resolve_days"),
])
def test_deadline_refuses_bad_input(personas, county, values, field):
    with pytest.raises(ValidationError) as caught:
        config.save_deadline(personas.county, county, category="environment.garbage", **values)
    assert field in caught.value.message_dict
    assert not DeadlineRule.objects.filter(county=county).exists()


def test_shared_deadlines_cannot_be_removed(personas, county):
    shared = DeadlineRule.objects.filter(county__isnull=True).first()
    with pytest.raises(Http404):
        config.get_own(DeadlineRule, county, shared.pk)
    with pytest.raises(Http404):
        config.remove_deadline(personas.county, county, shared)
    assert DeadlineRule.objects.filter(pk=shared.pk).exists()


# --- calendar ---------------------------------------------------------------------------------


def test_county_adds_a_holiday_and_a_working_weekend(personas, county):
    # 壮族三月三 2026 falls on Sunday 19 April: the county rests on Monday the 20th and works
    # Saturday the 25th instead.
    config.add_calendar_day(personas.county, county, date="2026-04-20", is_workday=False, name="壮族三月三")
    config.add_calendar_day(personas.county, county, date=datetime.date(2026, 4, 25), is_workday=True,
                            name="三月三调休上班")
    start = datetime.datetime(2026, 4, 17, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    assert add_working_days(start, 1, COUNTY).date() == datetime.date(2026, 4, 21)
    assert add_working_days(start, 1, OTHER).date() == datetime.date(2026, 4, 20)
    days = config.calendar_of(county, 2026)
    assert [d.name for d in days if d.county_id] == ["壮族三月三", "三月三调休上班"]
    assert audit("grid_calendar.add").count() == 2


def test_a_county_may_work_on_a_national_holiday(personas, county):
    day = config.add_calendar_day(personas.county, county, date="2026-10-07", is_workday=True, name="防汛值守")
    assert [d for d in config.calendar_of(county, 2026) if d.date == datetime.date(2026, 10, 7)] == [day]


@pytest.mark.parametrize("values, field", [
    ({"date": "2026-04-18", "is_workday": False, "name": "周六"}, "is_workday"),
    ({"date": "2026-04-20", "is_workday": True, "name": "周一"}, "is_workday"),
    ({"date": "2026-04-20", "is_workday": False, "name": ""}, "name"),
    ({"date": "20.4.2026", "is_workday": False, "name": "x"}, "date"),
    ({"date": None, "is_workday": False, "name": "x"}, "date"),
])
def test_calendar_refuses_bad_input(personas, county, values, field):
    with pytest.raises(ValidationError) as caught:
        config.add_calendar_day(personas.county, county, **values)
    assert field in caught.value.message_dict
    assert not CalendarDay.objects.filter(county=county).exists()


def test_a_date_is_set_once_and_shared_days_stay(personas, county):
    config.add_calendar_day(personas.county, county, date="2026-04-20", is_workday=False, name="壮族三月三")
    with pytest.raises(ValidationError) as caught:
        config.add_calendar_day(personas.county, county, date="2026-04-20", is_workday=False, name="again")
    assert caught.value.message_dict == {"date": ["本县已设置了 2026-04-20。"]}
    shared = CalendarDay.objects.get(county__isnull=True, date="2026-10-01")
    with pytest.raises(Http404):
        config.remove_calendar_day(personas.county, county, shared)
    assert CalendarDay.objects.filter(pk=shared.pk).exists()


def test_calendar_scope(personas, county, other):
    with pytest.raises(Http404):
        config.add_calendar_day(other.official, county, date="2026-04-20", is_workday=False, name="x")
    with pytest.raises(PermissionDenied):
        config.add_calendar_day(personas.cadre_a1, county, date="2026-04-20", is_workday=False, name="x")
    assert not CalendarDay.objects.filter(county=county).exists()


# --- pages ------------------------------------------------------------------------------------


def test_config_pages_show_what_holds_in_the_county(personas, county, login):
    client = login(personas.county)
    html = client.get(reverse("grid:config")).content.decode()
    assert "阳朔县网格事件配置" in html and "dispute.neighbour" in html and "邻里纠纷" in html
    assert client.get(reverse("grid:config_matrix")).status_code == 200
    deadlines = client.get(reverse("grid:config_deadlines")).content.decode()
    assert 'id="deadline-geohazard.landslide-normal"' in deadlines
    calendar = client.get(reverse("grid:config_calendar") + "?year=2026").content.decode()
    assert 'id="day-2026-02-17"' in calendar and "春节" in calendar


def test_config_pages_need_grid_config(personas, login):
    for url in (reverse("grid:config"), reverse("grid:config_matrix"), reverse("grid:config_deadlines"),
                reverse("grid:config_calendar")):
        assert login(personas.township_a).get(url).status_code == 403
        assert login(personas.cadre_a1).get(url).status_code == 403


def test_other_county_in_the_url_is_not_found(personas, other, login):
    assert login(personas.county).get(reverse("grid:config") + f"?county={OTHER}").status_code == 404


def test_adding_a_category_on_the_page(personas, county, login):
    client = login(personas.county)
    response = client.post(reverse("grid:config_category_add"), {"parent": "dispute", "name": "放牧纠纷"})
    assert response.status_code == 302
    assert EventCategory.objects.filter(county=county, name="放牧纠纷").exists()
    response = client.post(reverse("grid:config_category_add"), {"parent": "dispute", "name": "放牧纠纷"})
    assert response.status_code == 200 and "“矛盾纠纷”下已有“放牧纠纷”。" in response.content.decode()
    assert EventCategory.objects.filter(county=county).count() == 1


def test_deactivating_and_renaming_on_the_page(personas, county, login):
    own = config.add_category(personas.county, county, parent="dispute", name="放牧纠纷")
    client = login(personas.county)
    url = reverse("grid:config_category_update", args=[own.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    assert not EventCategory.objects.get(pk=own.pk).active
    assert client.post(url, {"name": "山林放牧纠纷"}).status_code == 302
    assert EventCategory.objects.get(pk=own.pk).name == "山林放牧纠纷"
    response = client.post(url, {"name": ""})
    assert "请填写类别名称。" in response.content.decode()
    shared = reverse("grid:config_category_update", args=[cat("dispute.neighbour").pk])
    response = client.post(shared, {"active": "0"})
    assert "平台统一的类别" in response.content.decode() and cat("dispute.neighbour").active
    assert client.get(url).status_code == 405


def test_matrix_page_saves_and_removes(personas, county, login):
    client = login(personas.county)
    response = client.post(reverse("grid:config_matrix"), {
        "category": "fire.outbreak", "level": "county", "department": "消防救援", "office": "阳朔县消防救援大队"})
    assert response.status_code == 302
    rule = ResponsibilityRule.objects.get(county=county)
    assert "阳朔县消防救援大队" in client.get(reverse("grid:config_matrix")).content.decode()
    response = client.post(reverse("grid:config_matrix"), {"category": "fire.outbreak", "level": "county"})
    assert "请填写责任部门/科室或责任单位名称。" in response.content.decode()
    assert client.get(reverse("grid:config_rule_remove", args=[rule.pk])).status_code == 405
    assert client.post(reverse("grid:config_rule_remove", args=[rule.pk])).status_code == 302
    assert not ResponsibilityRule.objects.exists()


def test_deadline_and_calendar_pages(personas, county, login):
    client = login(personas.county)
    response = client.post(reverse("grid:config_deadlines"), {
        "category": "environment.garbage", "urgency": "urgent", "accept_days": "1", "resolve_days": "1"})
    assert response.status_code == 302
    rule = DeadlineRule.objects.get(county=county)
    response = client.post(reverse("grid:config_deadlines"), {
        "category": "environment.garbage", "urgency": "urgent", "accept_days": "3", "resolve_days": "1"})
    assert "受理时限不能长于办结时限。" in response.content.decode()
    assert DeadlineRule.objects.get(pk=rule.pk).accept_days == 1
    assert client.post(reverse("grid:config_deadline_remove", args=[rule.pk])).status_code == 302
    assert not DeadlineRule.objects.filter(county=county).exists()

    response = client.post(reverse("grid:config_calendar"), {"date": "2026-04-20", "is_workday": "0",
                                                             "name": "壮族三月三"})
    assert response.status_code == 302 and "year=2026" in response["Location"]
    day = CalendarDay.objects.get(county=county)
    response = client.post(reverse("grid:config_calendar"), {"date": "2026-04-18", "is_workday": "0", "name": "x"})
    assert "本来就休息" in response.content.decode()
    assert client.post(reverse("grid:config_calendar_remove", args=[day.pk])).status_code == 302
    shared = CalendarDay.objects.filter(county__isnull=True).first()
    assert client.post(reverse("grid:config_calendar_remove", args=[shared.pk])).status_code == 404
    assert not CalendarDay.objects.filter(county=county).exists()


# --- API --------------------------------------------------------------------------------------


def test_api_lists_and_writes(personas, county, login):
    client = login(personas.county)
    categories = client.get("/api/v1/grid/config/categories").json()
    neighbour = next(c for c in categories if c["code"] == "dispute.neighbour")
    assert neighbour["shared"] and neighbour["parent_code"] == "dispute"

    response = client.post("/api/v1/grid/config/categories", {"parent": "dispute", "name": "放牧纠纷"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["code"] == "dispute.c450321_1"
    own_id = response.json()["id"]
    response = client.post(f"/api/v1/grid/config/categories/{own_id}", {"active": False},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["active"] is False

    response = client.post("/api/v1/grid/config/rules", {"category": "dispute", "level": "township",
                                                         "department": "综治中心"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["level_label"] == "乡镇(街道)"
    rule_id = response.json()["id"]
    assert [r["id"] for r in client.get("/api/v1/grid/config/rules").json()] == [rule_id]
    assert client.delete(f"/api/v1/grid/config/rules/{rule_id}").status_code == 204

    response = client.post("/api/v1/grid/config/deadlines", {"category": "dispute.labour", "urgency": "critical",
                                                             "accept_days": 0, "resolve_days": 1},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["shared"] is False
    listed = client.get("/api/v1/grid/config/deadlines").json()
    assert sum(1 for d in listed if d["category_code"] == "dispute.labour" and d["urgency"] == "critical") == 2

    response = client.post("/api/v1/grid/config/calendar", {"date": "2026-04-20", "is_workday": False,
                                                            "name": "壮族三月三"}, content_type="application/json")
    assert response.status_code == 201
    days = client.get("/api/v1/grid/config/calendar?year=2026").json()
    assert {"date": "2026-04-20", "name": "壮族三月三", "shared": False} == {
        k: v for k, v in next(d for d in days if d["date"] == "2026-04-20").items() if k in ("date", "name", "shared")}
    assert client.delete(f"/api/v1/grid/config/calendar/{response.json()['id']}").status_code == 204


def test_api_bad_input_and_scope(personas, county, other, login):
    client = login(personas.county)
    response = client.post("/api/v1/grid/config/rules", {"category": "dispute", "level": "city",
                                                         "department": "x"}, content_type="application/json")
    assert response.status_code == 422 and "level" in response.json()["errors"]
    response = client.post("/api/v1/grid/config/calendar", {"date": "2026-04-18", "is_workday": False,
                                                            "name": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["is_workday"] == ["2026-04-18 本来就休息,无需设为节假日。"]
    shared_day = CalendarDay.objects.filter(county__isnull=True).first()
    assert client.delete(f"/api/v1/grid/config/calendar/{shared_day.pk}").status_code == 404
    assert client.get(f"/api/v1/grid/config/categories?county={OTHER}").status_code == 404
    assert login(personas.township_a).get("/api/v1/grid/config/categories").status_code == 403
    assert not ResponsibilityRule.objects.exists()
    assert CalendarDay.objects.filter(pk=shared_day.pk).exists()
