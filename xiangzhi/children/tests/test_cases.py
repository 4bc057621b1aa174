"""Cases: flagged minors assigned by their child director (or the township officer), 困境儿童 set by
hand, guardians from the household, visits, closing; bad input changes nothing."""

import datetime

import pytest

from xiangzhi.children.models import ChildCase, Visit
from xiangzhi.core.models import AuditEvent

from .children_data import A1, appoint, household, post, put, resident, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(personas, login):
    found = world()
    appoint(login(personas.township_a))
    return found


def test_director_sees_flagged_minors_and_opens_case(w, personas, login):
    client = login(w.director)
    minors = client.get(f"/api/v1/children/villages/{A1}/minors").json()
    assert [(m["name"], m["categories"], m["has_case"]) for m in minors] == [("韦小花", ["left_behind"], False)]
    page = client.get(f"/children/v/{A1}/")
    assert page.status_code == 200 and "韦小花" in page.content.decode()
    opened = client.post(f"/children/v/{A1}/open/", {"form": "flagged", "child": w.child.pk, "category": "left_behind"})
    assert opened.status_code == 302
    case = ChildCase.objects.get()
    assert (case.child, case.director.name, case.state, case.opened_by) == (w.child, "蓝主任", "active", w.director)
    assert client.get(f"/api/v1/children/villages/{A1}/minors").json()[0]["has_case"] is True
    again = client.post(f"/children/v/{A1}/open/", {"form": "flagged", "child": w.child.pk, "category": "left_behind"})
    assert again.status_code == 422 and "不能重复建档" in again.content.decode()
    assert ChildCase.objects.count() == 1
    assert AuditEvent.objects.filter(action="children.case.open", target_repr=f"儿童关爱档案 {case.pk}").count() == 1

    updated = put(client, f"/api/v1/children/cases/{case.pk}", {"guardians": [w.mother.pk], "needs": "课业辅导"})
    assert updated.status_code == 200 and [g["name"] for g in updated.json()["guardians"]] == ["韦秀英"]
    assert client.put(f"/children/cases/{case.pk}/update/").status_code == 405


def test_officer_opens_manual_case_and_flag_rule(w, personas, login):
    home = household()
    resident(home, name="黄父亲", birth=datetime.date(1985, 1, 1))
    sick = resident(home, name="黄小明", birth=datetime.date(2016, 2, 2), relation="child")
    officer = login(w.officer_a)
    wrong = post(officer, "/api/v1/children/cases", {"child": sick.pk, "category": "left_behind"})
    assert wrong.status_code == 422 and "不属于“农村留守儿童”" in wrong.json()["errors"]["category"][0]
    done = officer.post(f"/children/v/{A1}/open/", {"form": "manual", "id_number": sick.id_number,
                                                    "category": "seriously_ill", "needs": "白血病治疗中"})
    assert done.status_code == 302
    case = ChildCase.objects.get(child=sick)
    assert case.category == "seriously_ill" and case.director.name == "蓝主任" and case.needs == "白血病治疗中"
    adult = post(officer, "/api/v1/children/cases", {"child": w.mother.pk, "category": "other_hardship"})
    assert adult.status_code == 422 and "未满 18 周岁" in adult.json()["errors"]["child"][0]
    bad_guardian = post(officer, "/api/v1/children/cases", {"child": w.child.pk, "category": "left_behind",
                                                             "guardians": [w.neighbour.resident_id]})
    assert bad_guardian.status_code == 422 and "同户" in bad_guardian.json()["errors"]["guardians"][0]
    assert ChildCase.objects.count() == 1
    assert post(login(w.officer_b), "/api/v1/children/cases", {"child": w.child.pk, "category": "left_behind"}).status_code == 404
    assert post(login(personas.secretary_a1), "/api/v1/children/cases",
                {"child": w.child.pk, "category": "left_behind"}).status_code == 403


def test_visits_and_close(w, personas, login):
    client = login(w.director)
    pk = post(client, "/api/v1/children/cases", {"child": w.child.pk, "category": "left_behind",
                                                        "guardians": [w.mother.pk]}).json()["id"]
    today = datetime.date.today().isoformat()
    bad = post(client, f"/api/v1/children/cases/{pk}/visits", {"date": "2099-01-01", "kind": "letter", "findings": ""})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"date", "kind", "findings"}
    assert bad.json()["errors"]["findings"] == ["请填写了解情况。"]
    assert not Visit.objects.exists()
    ok = post(client, f"/api/v1/children/cases/{pk}/visits", {"date": today, "kind": "phone", "findings": "学习正常",
                                                              "help_given": "赠送书包"})
    assert ok.status_code == 201 and ok.json()["findings"] == "学习正常"
    assert post(login(w.guardian), f"/api/v1/children/cases/{pk}/visits",
                {"date": today, "kind": "home", "findings": "x"}).status_code == 403
    client = login(w.director)
    page_bad = client.post(f"/children/cases/{pk}/close/", {"closed_on": today, "reason": ""})
    assert page_bad.status_code == 422 and "请填写结案原因" in page_bad.content.decode()
    closed = post(client, f"/api/v1/children/cases/{pk}/close", {"closed_on": today, "reason": "父母返乡照料"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    late = post(client, f"/api/v1/children/cases/{pk}/visits", {"date": today, "kind": "home", "findings": "x"})
    assert late.status_code == 422 and "已结案" in late.json()["errors"]["state"][0]
    assert Visit.objects.count() == 1
    assert AuditEvent.objects.filter(action="children.case.close").count() == 1


def test_no_director_no_case(personas, login):
    w = world()
    refused = post(login(w.officer_a), "/api/v1/children/cases", {"child": w.child.pk, "category": "left_behind"})
    assert refused.status_code == 422 and "尚未配备儿童主任" in refused.json()["errors"]["child"][0]
    assert not ChildCase.objects.exists()
