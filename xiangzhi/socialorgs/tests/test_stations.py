"""乡镇社会工作服务站: opening, editing, closing, the coverage page and the indicator."""

import datetime

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.socialorgs import actions
from xiangzhi.socialorgs.indicators import townships_with_station
from xiangzhi.socialorgs.models import SocialWorkStation
from xiangzhi.targets.periods import Period
from xiangzhi.targets.registry import get

from .socialorgs_data import TOWNSHIP_A, TOWNSHIP_B, other_county, register

pytestmark = pytest.mark.django_db
CREATE = reverse("socialorgs:station_create")


def station_data(**changes):
    return {"township": TOWNSHIP_A, "name": "阳朔镇社会工作服务站", "opened_on": "2024-01-15", "staff_count": "3",
            "operator": "", **changes}


def test_township_opens_a_station(personas, login):
    operator = register(personas.county)
    client = login(personas.township_a)
    response = client.post(CREATE, station_data(operator=str(operator.pk)))
    station = SocialWorkStation.objects.get()
    assert response.status_code == 302 and response.url == reverse("socialorgs:station", args=[station.pk])
    assert (station.region_id, station.operator, station.staff_count) == (TOWNSHIP_A, operator, 3)
    assert AuditEvent.objects.get(action="socialwork_station.open").region_code == TOWNSHIP_A
    assert client.put(CREATE).status_code == 405


def test_one_open_station_per_township(personas, login):
    actions.open_station(personas.township_a, TOWNSHIP_A, name="一站", opened_on="2024-01-15", staff_count=2)
    response = login(personas.county).post(CREATE, station_data(name="二站"))
    assert response.status_code == 422 and "阳朔镇已有社会工作服务站“一站”(2024-01-15 建站)。" in response.content.decode()
    assert SocialWorkStation.objects.count() == 1


def test_no_capability_and_other_township(personas, login):
    assert login(personas.cadre_a1).post(CREATE, station_data()).status_code == 403
    assert login(personas.township_b).post(CREATE, station_data()).status_code == 404
    assert not SocialWorkStation.objects.exists()


def test_bad_input(personas, login):
    response = login(personas.township_a).post(CREATE, station_data(name="", staff_count="-1", opened_on="x",
                                                                     operator="999"))
    page = response.content.decode()
    assert response.status_code == 422 and "请选择有效的社会组织。" in page
    response = login(personas.township_a).post(CREATE, station_data(name="", staff_count="-1", opened_on="x"))
    page = response.content.decode()
    assert "请填写名称。" in page and "驻站社工人数须在 0 到 200 之间。" in page and "请填写有效的建站日期" in page
    assert not SocialWorkStation.objects.exists()


def test_edit_and_close(personas, login):
    station = actions.open_station(personas.township_a, TOWNSHIP_A, name="一站", opened_on="2024-01-15",
                                   staff_count=2)
    client = login(personas.township_a)
    assert client.post(reverse("socialorgs:station_edit", args=[station.pk]),
                       {"name": "阳朔镇社工站", "staff_count": "4", "operator": ""}).status_code == 302
    station.refresh_from_db()
    assert (station.name, station.staff_count) == ("阳朔镇社工站", 4)
    assert AuditEvent.objects.get(action="socialwork_station.update").changes == {
        "name": ["一站", "阳朔镇社工站"], "staff_count": [2, 4]}
    close = reverse("socialorgs:station_close", args=[station.pk])
    bad = client.post(close, {"closed_on": "2023-12-31"})
    assert bad.status_code == 422 and "撤站日期不能早于建站日期(2024-01-15)。" in bad.content.decode()
    assert client.post(close, {"closed_on": "2024-12-31"}).status_code == 302
    station.refresh_from_db()
    assert str(station.closed_on) == "2024-12-31"
    assert login(personas.township_b).post(close, {"closed_on": "2024-12-31"}).status_code == 404


def test_coverage_page_lists_townships_with_and_without(personas, login):
    actions.open_station(personas.township_a, TOWNSHIP_A, name="阳朔镇社工站", opened_on="2024-01-15", staff_count=2)
    page = login(personas.county).get(reverse("socialorgs:stations")).content.decode()
    assert "2 个乡镇中 1 个建有社会工作服务站" in page
    uncovered = page.split('id="uncovered"')[1].split("</ul>")[0]
    assert "白沙镇" in uncovered and "阳朔镇" not in uncovered
    # A village sees its own township only; another county's official cannot ask for this one.
    village = login(personas.cadre_b1).get(reverse("socialorgs:stations")).content.decode()
    assert "白沙镇" in village and "阳朔镇社工站" not in village
    lingui = other_county()
    assert login(lingui).get(reverse("socialorgs:stations"), {"region": "450321"}).status_code == 404


def test_indicator_counts_townships_with_a_station_open_at_the_period_end(personas):
    indicator = get("socialorgs.social_work_station_coverage")
    assert indicator.level == "township" and indicator.kind == "units"
    actions.open_station(personas.township_a, TOWNSHIP_A, name="阳朔镇社工站", opened_on="2024-03-01", staff_count=2)
    closed = actions.open_station(personas.township_b, TOWNSHIP_B, name="白沙镇社工站", opened_on="2023-03-01",
                                  staff_count=2)
    actions.close_station(personas.township_b, closed, closed_on=datetime.date(2024, 6, 30))
    assert townships_with_station(Period.parse("2023"), None) == {TOWNSHIP_B: 1}
    assert townships_with_station(Period.parse("2024"), None) == {TOWNSHIP_A: 1}
    assert townships_with_station(Period.parse("2024"), [TOWNSHIP_B]) == {}
    assert townships_with_station(Period.parse("2024Q1"), [TOWNSHIP_A, TOWNSHIP_B]) == {TOWNSHIP_A: 1, TOWNSHIP_B: 1}
