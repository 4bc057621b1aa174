"""吹哨报到: blowing, who may report, deadlines and late reports, closure by the caller only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from xiangzhi.contact import whistles
from xiangzhi.contact.models import Whistle, WhistleCall
from xiangzhi.core.models import AuditEvent

from .contact_data import A1, A1_TUN, COUNTY, TOWNSHIP_A, homes, make_party_member


@pytest.fixture
def depts(personas):
    return {
        "police": make_user("police", "county_department", COUNTY, department="public_security"),
        "justice": make_user("justice", "county_department", COUNTY, department="justice"),
    }


def blow(personas, **extra):
    values = {"region_code": TOWNSHIP_A, "problem": "河道非法采砂,需多部门联合执法", "departments": ["public_security"],
              "report_within": 2, "unit": "hours"}
    return whistles.blow_whistle(personas.township_a, **{**values, **extra})


def test_township_calls_departments_and_the_department_reports(personas, depts):
    whistle = blow(personas, departments=["public_security", "justice"])
    assert whistle.level == "township" and whistle.state == "open"
    assert abs((whistle.report_deadline - whistle.blown_at) - datetime.timedelta(hours=2)) < datetime.timedelta(seconds=1)
    assert sorted(whistle.calls.values_list("department", flat=True)) == ["justice", "public_security"]
    call = whistle.calls.get(department="public_security")
    whistles.report(depts["police"], call)
    call.refresh_from_db()
    assert call.reported_by == depts["police"] and call.reported_at is not None and not call.is_late()
    whistles.record_action(depts["police"], call, action="已派民警到场")
    assert WhistleCall.objects.get(pk=call.pk).action == "已派民警到场"
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="whistle.")} == {
        "whistle.blow", "whistle.report", "whistle.act"}


def test_only_called_parties_report(personas, depts):
    whistle = blow(personas)  # only the police are called
    call = whistle.calls.get()
    with pytest.raises(PermissionDenied) as error:
        whistles.report(depts["justice"], call)
    assert "不是本次吹哨的报到对象" in str(error.value)
    with pytest.raises(PermissionDenied):
        whistles.report(personas.villager_a1, call)
    assert WhistleCall.objects.get().reported_at is None
    whistles.report(depts["police"], call)
    with pytest.raises(ValidationError) as error:
        whistles.report(depts["police"], call)
    assert error.value.messages == ["已经报到过了。"]


def test_action_needs_a_report_first(personas, depts):
    call = blow(personas).calls.get()
    with pytest.raises(ValidationError) as error:
        whistles.record_action(depts["police"], call, action="处理中")
    assert error.value.message_dict["action"] == ["请先报到,再填写处置情况。"]


def test_late_reports_are_listed_with_response_times(personas, depts):
    whistle = blow(personas, departments=["public_security", "justice"])
    past = timezone.now() - datetime.timedelta(hours=5)
    Whistle.objects.filter(pk=whistle.pk).update(blown_at=past, report_deadline=past + datetime.timedelta(hours=2))
    whistle.refresh_from_db()
    police = whistle.calls.get(department="public_security")
    police.whistle = whistle
    whistles.report(depts["police"], police)  # 5 hours after, 3 hours late
    board = whistles.board(personas.township_a, since=timezone.localdate() - datetime.timedelta(days=1),
                           until=timezone.localdate())
    assert board["calls"] == 2 and board["reported"] == 1
    assert 4.9 <= board["median_hours"] <= 5.1
    assert sorted(call.department for call in board["late"]) == ["justice", "public_security"]
    assert [w.pk for w in board["open"]] == [whistle.pk]
    # a report on time is not late
    on_time = blow(personas, departments=["justice"])
    whistles.report(depts["justice"], on_time.calls.get())
    board = whistles.board(personas.township_a, since=timezone.localdate(), until=timezone.localdate())
    assert on_time.calls.get().pk not in [call.pk for call in board["late"]]
    # the board of township B does not see township A's whistles
    assert whistles.board(personas.township_b, since=timezone.localdate(), until=timezone.localdate())["calls"] == 0


def test_closure_only_by_the_caller(personas, depts):
    whistle = blow(personas)
    colleague = make_user("township_a2", "township_official", TOWNSHIP_A)
    with pytest.raises(PermissionDenied) as error:
        whistles.close_whistle(colleague, whistle, note="已解决")
    assert "只有吹哨人可以确认办结" in str(error.value)
    with pytest.raises(Http404):
        whistles.close_whistle(personas.township_b, whistle, note="已解决")
    with pytest.raises(ValidationError) as error:
        whistles.close_whistle(personas.township_a, whistle, note=" ")
    assert error.value.message_dict["note"] == ["请填写办结情况。"]
    assert Whistle.objects.get().state == "open"
    whistles.close_whistle(personas.township_a, whistle, note="联合执法完毕")
    whistle.refresh_from_db()
    assert (whistle.state, whistle.closing_note) == ("closed", "联合执法完毕") and whistle.closed_at
    call = whistle.calls.get()
    with pytest.raises(ValidationError):
        whistles.report(depts["police"], call)


@pytest.mark.parametrize("values, field, message", [
    ({"problem": " "}, "problem", "请填写需要解决的问题。"),
    ({"report_within": 0}, "report_within", "报到时限须在 1 小时到 30 天之间。"),
    ({"report_within": 31, "unit": "days"}, "report_within", "报到时限须在 1 小时到 30 天之间。"),
    ({"unit": "weeks"}, "unit", "报到时限的单位须为小时或天。"),
    ({"departments": []}, "departments", "请选择至少一个报到部门。"),
    ({"departments": ["court"]}, "departments", "本县没有这些在岗的县级部门:court。"),
])
def test_blow_bad_input(personas, depts, values, field, message):
    with pytest.raises(ValidationError) as error:
        blow(personas, **values)
    assert error.value.message_dict[field] == [message]
    assert not Whistle.objects.exists()


def test_blow_scope_and_capability(personas, depts):
    with pytest.raises(Http404):
        whistles.blow_whistle(personas.township_b, region_code=TOWNSHIP_A, problem="x", departments=["justice"],
                              report_within=1)
    with pytest.raises(PermissionDenied):
        whistles.blow_whistle(personas.villager_a1, region_code=A1, problem="x", members=[1], report_within=1)
    assert not Whistle.objects.exists()


def test_village_calls_its_party_members(personas):
    data = homes()
    member = make_party_member(data["zhang"], "member_zhang")
    outsider = make_party_member(data["sun"], "member_sun", region="450321101200")
    whistle = whistles.blow_whistle(personas.secretary_a1, region_code=A1_TUN, problem="屯里山塘漏水",
                                    members=[member.pk], report_within=1, unit="days")
    assert whistle.level == "village" and list(whistle.calls.values_list("member", flat=True)) == [member.pk]
    with pytest.raises(ValidationError) as error:
        whistles.blow_whistle(personas.secretary_a1, region_code=A1, problem="x", members=[outsider.pk],
                              report_within=1)
    assert error.value.message_dict["members"] == ["所选人员中有人不是本村在册党员。"]
    call = whistle.calls.get()
    with pytest.raises(PermissionDenied):
        whistles.report(personas.cadre_a1, call)
    whistles.report(member, call)
    assert WhistleCall.objects.get().reported_by == member
    # the member, who has no whistle.view, still sees the whistle that calls them
    assert whistles.get_whistle_for_user(member, whistle.pk) == whistle
    with pytest.raises(Http404):
        whistles.get_whistle_for_user(outsider, whistle.pk)


def test_pages_and_api(personas, depts, login):
    client = login(personas.township_a)
    response = client.post(reverse("contact:whistle_create"), {
        "region": TOWNSHIP_A, "problem": "", "departments": ["public_security"], "report_within": "2", "unit": "hours"})
    assert "请填写需要解决的问题。" in response.content.decode() and not Whistle.objects.exists()
    response = client.post(reverse("contact:whistle_create"), {
        "region": TOWNSHIP_A, "problem": "采砂", "departments": ["public_security"], "report_within": "2",
        "unit": "hours"})
    whistle = Whistle.objects.get()
    assert response.status_code == 302 and response.url == reverse("contact:whistle_detail", args=[whistle.pk])
    call = whistle.calls.get()
    police = login(depts["police"])
    assert police.get(reverse("contact:call_report", args=[whistle.pk, call.pk])).status_code == 405
    response = police.post(f"/api/v1/contact/whistles/{whistle.pk}/calls/{call.pk}/report")
    assert response.status_code == 200 and response.json()["reported_by_id"] == depts["police"].pk
    response = police.post(f"/api/v1/contact/whistles/{whistle.pk}/close", {"note": "x"},
                           content_type="application/json")
    assert response.status_code == 403
    other = login(personas.township_b)
    assert other.get(f"/api/v1/contact/whistles/{whistle.pk}").status_code == 404
    assert other.get(reverse("contact:whistle_detail", args=[whistle.pk])).status_code == 404
    township = login(personas.township_a)
    response = township.post(f"/api/v1/contact/whistles/{whistle.pk}/close", {"note": ""},
                             content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["note"] == ["请填写办结情况。"]
    response = township.post(f"/api/v1/contact/whistles/{whistle.pk}/close", {"note": "已解决"},
                             content_type="application/json")
    assert response.json()["state"] == "closed"
    board = township.get("/api/v1/contact/whistles/board").json()
    assert board["calls"] == 1 and board["reported"] == 1 and board["open"] == []
    response = township.post("/api/v1/contact/whistles", {"region": TOWNSHIP_A, "problem": "x",
                                                          "departments": ["court"], "report_within": 1},
                             content_type="application/json")
    assert response.status_code == 422 and "court" in response.json()["errors"]["departments"][0]
