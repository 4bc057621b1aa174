"""Talent pages: the overview, the village page's forms, assignment logs, the county's target."""

import pytest

from conftest import make_user
from xiangzhi.people import citizen_id
from xiangzhi.talent.models import Assignment, PoolTarget, Reserve, WorkLog

from .talent_data import A1, person

pytestmark = pytest.mark.django_db


def test_overview_lists_gaps_per_township(personas, login):
    page = login(personas.county).get("/talent/")
    html = page.content.decode()
    assert page.status_code == 200 and "后备人才未达目标的村" in html and "矮山村委会" in html and "白沙镇" in html
    assert login(personas.villager_a1).get("/talent/").status_code == 403
    assert login(personas.township_a).get("/talent/?region=450321101").status_code == 404


def test_village_page_adds_reserve_by_citizen_id(personas, login):
    resident = person(name="蒙后备")
    client = login(personas.cadre_a1)
    number = citizen_id.parse(resident.id_number).number
    response = client.post(f"/talent/v/{A1}/", {"form": "reserve", "id_number": number, "category": "secretary",
                                                 "added_on": "2025-03-01"})
    assert response.status_code == 302 and Reserve.objects.get().resident == resident
    bad = client.post(f"/talent/v/{A1}/", {"form": "reserve", "id_number": "123", "category": "secretary",
                                            "added_on": "2025-03-01"})
    assert bad.status_code == 422 and "公民身份号码" in bad.content.decode() and Reserve.objects.count() == 1
    assert "蒙后备" in client.get(f"/talent/v/{A1}/").content.decode()
    assert login(personas.cadre_b1).get(f"/talent/v/{A1}/").status_code == 404


def test_village_page_refuses_overlapping_first_secretary(personas, login):
    client = login(personas.township_a)
    data = {"form": "assignment", "role": "first_secretary", "name": "李驻村", "sending_unit": "县财政局",
            "starts_on": "2024-01-01", "ends_on": ""}
    assert client.post(f"/talent/v/{A1}/", data).status_code == 302
    again = client.post(f"/talent/v/{A1}/", {**data, "name": "王重叠", "starts_on": "2025-01-01"})
    assert again.status_code == 422 and "任期不能重叠" in again.content.decode()
    assert Assignment.objects.count() == 1
    # A village cadre sees the assignment but has no form to make one.
    html = login(personas.cadre_a1).get(f"/talent/v/{A1}/").content.decode()
    assert "李驻村" in html and 'id="assignment-form"' not in html


def test_log_page_wrong_method_and_rights(personas, login):
    assignee = make_user("first_sec", "party_member", A1)
    assignment = Assignment.objects.create(region_id=A1, role="first_secretary", name="李驻村",
                                           sending_unit="县财政局", user=assignee, starts_on="2024-01-01",
                                           assigned_by=personas.township_a)
    url = f"/talent/assignments/{assignment.pk}/logs/"
    assert login(assignee).get(url).status_code == 405
    assert login(assignee).post(url, {"date": "2025-03-01", "work": "入户走访"}).status_code == 302
    assert login(personas.cadre_a1).post(url, {"date": "2025-03-01", "work": "x"}).status_code == 403
    bad = login(assignee).post(url, {"date": "2025-13-01", "work": "x"})
    assert bad.status_code == 422 and "日期" in bad.content.decode()
    assert list(WorkLog.objects.values_list("work", flat=True)) == ["入户走访"]
    assert "李驻村" not in login(personas.cadre_b1).get("/talent/mine/").content.decode()
    assert "矮山村委会" in login(assignee).get("/talent/mine/").content.decode()


def test_target_page(personas, login):
    client = login(personas.county)
    assert client.get("/talent/target/").status_code == 200
    bad = client.post("/talent/target/", {"county": "450321", "per_village": "abc"})
    assert bad.status_code == 422 and "须为数字" in bad.content.decode() and not PoolTarget.objects.exists()
    assert client.post("/talent/target/", {"county": "450321", "per_village": "3"}).status_code == 302
    assert PoolTarget.objects.get().per_village == 3
    assert login(personas.township_a).get("/talent/target/").status_code == 403
