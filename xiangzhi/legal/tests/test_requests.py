"""Villagers ask for help; the village's advisor answers within 5 working days; overdue listed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.legal import actions, queries
from xiangzhi.legal.models import HelpRequest

from .legal_data import A1, advisor_user

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def test_deadline_is_five_working_days(personas, monkeypatch):
    friday = datetime.datetime(2025, 6, 6, 15, 0, tzinfo=BEIJING)
    personas.villager_a1.posts.update(starts_on=datetime.date(2025, 1, 1))
    monkeypatch.setattr(timezone, "now", lambda: friday)
    request = actions.ask_for_help(personas.villager_a1, A1, kind="consultation", question="土地承包怎么续签?")
    assert request.due_at == datetime.datetime(2025, 6, 13, 18, 0, tzinfo=BEIJING)
    assert AuditEvent.objects.filter(action="legal_request.ask").count() == 1


def test_overdue_listed_until_answered(personas):
    lawyer = advisor_user()
    request = actions.ask_for_help(personas.villager_a1, A1, kind="drafting", question="帮写借条")
    later = request.due_at + datetime.timedelta(minutes=1)
    assert list(queries.overdue_requests(personas.cadre_a1, later)) == [request]
    actions.answer_request(lawyer, request, answer="借条应写明金额与期限。")
    assert not queries.overdue_requests(personas.cadre_a1, later).exists()
    request.refresh_from_db()
    assert (request.state, request.answered_by) == ("answered", lawyer)


def test_only_one_answer_wins(personas):
    lawyer = advisor_user()
    request = actions.ask_for_help(personas.villager_a1, A1, kind="consultation", question="问题")
    stale = HelpRequest.objects.get(pk=request.pk)
    actions.answer_request(lawyer, request, answer="第一次")
    with pytest.raises(Exception) as caught:
        actions.answer_request(lawyer, stale, answer="第二次")
    assert "已答复" in caught.value.message_dict["answer"][0]
    assert HelpRequest.objects.get().answer == "第一次"


def test_api_ask_answer_scope_and_bad_input(personas, login):
    advisor_user()
    other_advisor = advisor_user("lawyer_b1", "450321101200")
    client = login(personas.villager_a1)
    bad = client.post("/api/v1/legal/requests", {"kind": "gossip", "question": ""}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"kind", "question"}
    assert not HelpRequest.objects.exists()
    created = client.post("/api/v1/legal/requests", {"kind": "aid_referral", "question": "申请法律援助"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["village"] == A1
    pk = created.json()["id"]
    assert client.get("/api/v1/legal/requests").json()[0]["id"] == pk
    assert client.post(f"/api/v1/legal/requests/{pk}/answer", {"answer": "x"},
                       content_type="application/json").status_code == 403
    assert login(other_advisor).post(f"/api/v1/legal/requests/{pk}/answer", {"answer": "x"},
                                     content_type="application/json").status_code == 404
    assert login(personas.cadre_b1).get("/api/v1/legal/requests").json() == []
    lawyer = login(HelpRequest.objects.get().region.posts.get(role="legal_advisor").user)
    assert lawyer.post(f"/api/v1/legal/requests/{pk}/answer", {"answer": " "},
                       content_type="application/json").status_code == 422
    answered = lawyer.post(f"/api/v1/legal/requests/{pk}/answer", {"answer": "可向司法所申请。"},
                           content_type="application/json")
    assert answered.status_code == 200 and HelpRequest.objects.get().state == "answered"
    assert login(personas.county).post("/api/v1/legal/requests", {"kind": "consultation", "question": "q"},
                                       content_type="application/json").status_code == 403


def test_request_pages(personas, login):
    client = login(personas.villager_a1)
    assert client.get("/legal/requests/new/").status_code == 200
    bad = client.post("/legal/requests/new/", {"kind": "consultation", "question": ""})
    assert bad.status_code == 422 and "请填写问题" in bad.content.decode()
    client.post("/legal/requests/new/", {"kind": "consultation", "question": "宅基地纠纷"})
    request = HelpRequest.objects.get()
    assert login(personas.cadre_b1).get(f"/legal/requests/{request.pk}/").status_code == 404
    assert login(personas.villager_a1).get(f"/legal/requests/{request.pk}/answer/").status_code == 405
    assert login(personas.cadre_a1).post(f"/legal/requests/{request.pk}/answer/", {"answer": "x"}).status_code == 403
