"""信访代办 under the 信访工作条例 (2022): every deadline at its boundary, the one extension,
the 复查/复核 windows, no re-acceptance after 复核, masking for the person complained about."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.petitions import actions
from xiangzhi.petitions.models import Petition, PetitionState
from xiangzhi.regions.models import Region

from .petitions_data import A1, B1, B1_TUN, resident

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _today():
    return timezone.localdate()


@pytest.fixture
def petition(personas):
    return actions.register_petition(
        personas.cadre_a1, village=Region.objects.get(code=A1), petitioner=resident(name="韦大伯"),
        subject="宅基地被占", facts="邻居建房占用我家宅基地", received_on=_today() - D(days=5),
        respondent_name="村主任", respondent_user=personas.secretary_a1,
    )


def _final(user, petition, start):
    actions.accept_petition(user, petition, on=start)
    actions.reply_petition(user, petition, on=start + D(days=1))
    actions.request_review(user, petition, on=start + D(days=2))
    actions.answer_review(user, petition, on=start + D(days=3))
    actions.request_recheck(user, petition, on=start + D(days=4))
    return actions.answer_recheck(user, petition, on=start + D(days=5))


def test_routing_deadline_boundary(petition):
    assert petition.routing_due == petition.received_on + D(days=15) == petition.due_on
    assert not petition.is_overdue(today=petition.received_on + D(days=15))
    assert petition.is_overdue(today=petition.received_on + D(days=16))
    day16 = petition.received_on + D(days=16)
    assert list(Petition.objects.overdue(day16)) == [petition]
    assert list(Petition.objects.overdue(day16 - D(days=1))) == []


def test_handling_deadline_and_single_extension(petition, personas):
    cadre = personas.cadre_a1
    accepted = _today() - D(days=2)
    actions.accept_petition(cadre, petition, on=accepted)
    petition.refresh_from_db()
    assert petition.handling_due == accepted + D(days=60) == petition.due_on
    assert not petition.is_overdue(accepted + D(days=60)) and petition.is_overdue(accepted + D(days=61))
    client = _client(cadre)
    for days in (0, 31, None):
        response = client.post(f"/api/v1/petitions/petitions/{petition.pk}/extend", {"days": days, "reason": "需鉴定"},
                               content_type="application/json")
        assert response.status_code == 422 and "days" in response.json()["errors"]
    response = client.post(f"/api/v1/petitions/petitions/{petition.pk}/extend", {"days": 30, "reason": ""},
                           content_type="application/json")
    assert "请填写延期理由" in response.json()["errors"]["reason"][0]
    response = client.post(f"/api/v1/petitions/petitions/{petition.pk}/extend", {"days": 30, "reason": "需土地鉴定"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["handling_due"] == (accepted + D(days=90)).isoformat()
    petition.refresh_from_db()
    assert petition.due_on == accepted + D(days=90) and petition.extension_reason == "需土地鉴定"
    assert not petition.is_overdue(accepted + D(days=90)) and petition.is_overdue(accepted + D(days=91))
    again = client.post(f"/api/v1/petitions/petitions/{petition.pk}/extend", {"days": 5, "reason": "再延"},
                        content_type="application/json")
    assert again.status_code == 422 and "只能延长一次" in again.json()["errors"]["days"][0]
    petition.refresh_from_db()
    assert petition.extension_days == 30


def test_no_extension_after_deadline(personas):
    cadre = personas.cadre_a1
    old = actions.register_petition(cadre, village=Region.objects.get(code=A1), petitioner=resident(),
                                    subject="欠薪", facts="工钱未付", received_on=_today() - D(days=70))
    actions.accept_petition(cadre, old, on=_today() - D(days=61))
    with pytest.raises(Exception) as error:
        actions.extend_petition(cadre, old, days=10, reason="复杂")
    assert "办理期限已过" in str(error.value)


@pytest.mark.parametrize("offset,ok", [(30, True), (31, False)])
def test_review_request_window(petition, personas, offset, ok):
    cadre = personas.cadre_a1
    replied = _today() - D(days=40)
    Petition.objects.filter(pk=petition.pk).update(received_on=replied - D(days=5))
    petition.refresh_from_db()
    actions.accept_petition(cadre, petition, on=replied - D(days=1))
    actions.reply_petition(cadre, petition, on=replied)
    response = _client(cadre).post(f"/api/v1/petitions/petitions/{petition.pk}/steps/request_review",
                                   {"on": (replied + D(days=offset)).isoformat()}, content_type="application/json")
    petition.refresh_from_db()
    if ok:
        assert response.status_code == 200 and petition.state == PetitionState.REVIEW_REQUESTED
        assert petition.due_on == replied + D(days=offset + 30)
        assert not petition.is_overdue(petition.due_on) and petition.is_overdue(petition.due_on + D(days=1))
    else:
        assert response.status_code == 422 and "超过 30 日期限" in response.json()["errors"]["on"][0]
        assert petition.state == PetitionState.REPLIED


@pytest.mark.parametrize("offset,ok", [(30, True), (31, False)])
def test_recheck_request_window(petition, personas, offset, ok):
    cadre = personas.cadre_a1
    start = _today() - D(days=45)
    Petition.objects.filter(pk=petition.pk).update(received_on=start)
    petition.refresh_from_db()
    actions.accept_petition(cadre, petition, on=start)
    actions.reply_petition(cadre, petition, on=start + D(days=1))
    actions.request_review(cadre, petition, on=start + D(days=2))
    assert petition.due_on == start + D(days=32)
    actions.answer_review(cadre, petition, on=start + D(days=3))
    on = start + D(days=3 + offset)
    if ok:
        actions.request_recheck(cadre, petition, on=on)
        petition.refresh_from_db()
        assert petition.state == PetitionState.RECHECK_REQUESTED and petition.due_on == on + D(days=30)
    else:
        with pytest.raises(Exception) as error:
            actions.request_recheck(cadre, petition, on=on)
        assert "请求复核日期已超过 30 日期限" in str(error.value)
        petition.refresh_from_db()
        assert petition.state == PetitionState.REVIEWED


def test_no_reacceptance_after_recheck(petition, personas):
    cadre = personas.cadre_a1
    client = _client(cadre)
    payload = {"village": A1, "petitioner_id": petition.petitioner_id, "subject": "宅基地被占", "facts": "同上",
               "same_matter_as_id": petition.pk}
    # Before 复核 the same matter may come again.
    assert client.post("/api/v1/petitions/petitions", payload, content_type="application/json").status_code == 201
    _final(cadre, petition, _today() - D(days=5))
    before = Petition.objects.count()
    response = client.post("/api/v1/petitions/petitions", payload, content_type="application/json")
    assert response.status_code == 422 and "不再受理" in response.json()["errors"]["same_matter_as"][0]
    # Linked through the repeat petition, still the same facts.
    repeat = Petition.objects.exclude(pk=petition.pk).get()
    response = client.post("/api/v1/petitions/petitions", {**payload, "same_matter_as_id": repeat.pk},
                           content_type="application/json")
    assert response.status_code == 422 and Petition.objects.count() == before


def test_steps_in_order_and_one_winner(petition, personas):
    cadre = personas.cadre_a1
    client = _client(cadre)
    url = f"/api/v1/petitions/petitions/{petition.pk}/steps/"
    assert client.post(url + "reply", {}, content_type="application/json").status_code == 422
    assert client.post(url + "accept", {}, content_type="application/json").status_code == 200
    second = client.post(url + "accept", {}, content_type="application/json")
    assert second.status_code == 422 and "不能进行此操作" in second.json()["errors"]["state"][0]
    assert AuditEvent.objects.filter(action="petition.accept").count() == 1
    assert client.post(url + "bogus", {}, content_type="application/json").status_code == 404
    early = client.post(url + "reply", {"on": (petition.received_on - D(days=10)).isoformat()},
                        content_type="application/json")
    assert early.status_code == 422 and "不能早于受理日期" in early.json()["errors"]["on"][0]


def test_petitioner_masked_for_person_complained_about(petition, personas):
    respondent = _client(personas.secretary_a1)
    for url in (f"/api/v1/petitions/petitions/{petition.pk}", "/api/v1/petitions/petitions"):
        body = json.dumps(respondent.get(url).json(), ensure_ascii=False)
        assert "韦大伯" not in body and "已隐去" in body
    for url in (f"/petitions/{petition.pk}/", "/petitions/"):
        body = respondent.get(url).content.decode()
        assert "韦大伯" not in body
    assert "韦大伯" in _client(personas.cadre_a1).get(f"/petitions/{petition.pk}/").content.decode()
    assert _client(personas.township_a).get(f"/api/v1/petitions/petitions/{petition.pk}").json()["petitioner"] == "韦大伯"


def test_register_scope_capability_and_bad_input(personas):
    petitioner = resident()
    payload = {"village": A1, "petitioner_id": petitioner.pk, "subject": "修路", "facts": "路坏了"}
    assert _client(personas.villager_a1).post("/api/v1/petitions/petitions", payload,
                                              content_type="application/json").status_code == 403
    assert _client(personas.supervisor_a1).post("/api/v1/petitions/petitions", payload,
                                                content_type="application/json").status_code == 403
    assert _client(personas.cadre_b1).post("/api/v1/petitions/petitions", payload,
                                           content_type="application/json").status_code == 404
    client = _client(personas.cadre_a1)
    response = client.post("/api/v1/petitions/petitions", {"village": A1, "petitioner_id": petitioner.pk,
                           "subject": "", "facts": "", "received_on": (_today() + D(days=1)).isoformat()},
                           content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["subject"] == ["请填写事项。"] and "received_on" in errors and "facts" in errors
    assert client.post("/api/v1/petitions/petitions", {**payload, "village": "999"},
                       content_type="application/json").status_code == 422
    other = resident(region=B1_TUN)
    assert client.post("/api/v1/petitions/petitions", {**payload, "petitioner_id": other.pk},
                       content_type="application/json").status_code == 404
    assert Petition.objects.count() == 0
    page = client.post("/petitions/new/", {"village": A1, "petitioner": petitioner.pk, "subject": "", "facts": "x"})
    assert page.status_code == 422 and "请填写事项" in page.content.decode() and Petition.objects.count() == 0
    page = client.post("/petitions/new/", {"village": A1, "petitioner": petitioner.pk, "subject": "修路", "facts": "x"})
    assert page.status_code == 302 and Petition.objects.get().handler == personas.cadre_a1


def test_scope_personas_and_overdue_per_township(petition, personas):
    cadre_b1 = personas.cadre_b1
    b_petition = actions.register_petition(cadre_b1, village=Region.objects.get(code=B1),
                                           petitioner=resident(region=B1_TUN), subject="噪音", facts="夜间施工",
                                           received_on=_today() - D(days=20))
    Petition.objects.filter(pk=petition.pk).update(due_on=_today() - D(days=1))
    for user, visible in ((personas.county, {petition.pk, b_petition.pk}), (personas.township_a, {petition.pk}),
                          (personas.cadre_a1, {petition.pk}), (personas.cadre_a2, set()),
                          (personas.township_b, {b_petition.pk})):
        rows = _client(user).get("/api/v1/petitions/petitions").json()["items"]
        assert {row["id"] for row in rows} == visible, user
    assert _client(personas.cadre_a2).get(f"/api/v1/petitions/petitions/{petition.pk}").status_code == 404
    assert _client(personas.cadre_a2).get(f"/petitions/{petition.pk}/").status_code == 404
    assert _client(personas.villager_a1).get("/api/v1/petitions/petitions").status_code == 403
    rows = _client(personas.county).get("/api/v1/petitions/petitions/overdue-by-township").json()
    assert rows == [{"township": "450321100", "name": "阳朔镇", "count": 1},
                    {"township": "450321101", "name": "白沙镇", "count": 1}]
    page = _client(personas.county).get("/petitions/?overdue=1").content.decode()
    assert "阳朔镇:1" in page and "已逾期" in page


def test_page_steps_and_wrong_method(petition, personas):
    client = _client(personas.cadre_a1)
    assert client.get(f"/petitions/{petition.pk}/steps/accept/").status_code == 405
    response = client.post(f"/petitions/{petition.pk}/steps/accept/", {"on": ""})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.state == PetitionState.ACCEPTED and petition.accepted_on == _today()
    bad = client.post(f"/petitions/{petition.pk}/steps/extend/", {"days": "40", "reason": "x"})
    assert bad.status_code == 422 and "1 到 30" in bad.content.decode()
    # Without petition.view the record is not there at all.
    assert _client(personas.supervisor_a1).post(f"/petitions/{petition.pk}/steps/reply/").status_code == 404
    assert _client(personas.cadre_b1).post(f"/petitions/{petition.pk}/steps/reply/").status_code == 404
    petition.refresh_from_db()
    assert petition.state == PetitionState.ACCEPTED
