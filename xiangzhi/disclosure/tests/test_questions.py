"""Villagers ask on published disclosures; cadres answer within the county's deadline; late
answers are flagged to the township; answers are public with the asker's name masked."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from xiangzhi.disclosure import catalogue, compliance, questions
from xiangzhi.disclosure.models import Question
from xiangzhi.regions.models import Region

from .helpers import A1, TOWNSHIP_A, draft_general, publish_general

pytestmark = pytest.mark.django_db


def test_mask_name():
    assert questions.mask_name("王小明") == "王**"
    assert questions.mask_name("李四") == "李*"
    assert questions.mask_name("") == "村民"


def test_ask_answer_with_the_default_ten_days(personas):
    published = publish_general(personas)
    personas.villager_a1.full_name = "王小明"
    personas.villager_a1.save()
    question = questions.ask_question(personas.villager_a1, published, text="村道为什么只修了一段?")
    assert question.deadline - question.asked_at == datetime.timedelta(days=10)
    questions.answer_question(personas.cadre_a1, question, answer="其余路段列入下季度计划。")
    stored = Question.objects.get()
    assert stored.answered_by == personas.cadre_a1 and stored.answered_at is not None
    with pytest.raises(ValidationError):
        questions.answer_question(personas.cadre_a1, stored, answer="改口")
    assert Question.objects.get().answer == "其余路段列入下季度计划。"
    assert [q.asker_masked for q in questions.public_questions(published)] == ["王**"]


def test_county_deadline_and_overdue_flag_for_the_township(personas):
    catalogue.set_answer_days(personas.county, Region.objects.get(code="450321"), 3)
    published = publish_general(personas)
    question = questions.ask_question(personas.villager_a1, published, text="多少钱?")
    assert question.deadline - question.asked_at == datetime.timedelta(days=3)
    later = timezone.now() + datetime.timedelta(days=4)
    rows = compliance.compliance_of(Region.objects.get(code=TOWNSHIP_A), now=later)
    assert {row["village"].code: row["overdue_questions"] for row in rows["rows"]}[A1] == 1


def test_who_may_ask_and_answer(personas):
    published = publish_general(personas)
    with pytest.raises(Http404):  # a draft cannot be asked about
        questions.ask_question(personas.villager_a1, draft_general(personas, period="2026年第2季度"), text="?")
    with pytest.raises(PermissionDenied):  # a cadre of another village holds no disclosure.ask
        questions.ask_question(personas.cadre_a2, published, text="?")
    with pytest.raises(ValidationError) as caught:
        questions.ask_question(personas.villager_a1, published, text="  ")
    assert caught.value.message_dict == {"text": ["请填写问题。"]}
    question = questions.ask_question(personas.villager_a1, published, text="问")
    with pytest.raises(PermissionDenied):
        questions.answer_question(personas.villager_a1, question, answer="自己答")
    with pytest.raises(Http404):
        questions.answer_question(personas.cadre_a2, question, answer="别村答")
    assert Question.objects.get().answered_at is None


def test_pages_and_api(personas, login):
    published = publish_general(personas)
    client = login(personas.villager_a1)
    response = client.post(f"/disclosure/{published.pk}/ask/", {"text": "请问资金来源?"})
    assert response.status_code == 302 and response.url == f"/v/{A1}/d/{published.pk}/"
    response = client.post(f"/disclosure/{published.pk}/ask/", {"text": ""})
    assert response.status_code == 422 and "请填写问题。" in response.content.decode()
    question = Question.objects.get()
    assert login(personas.cadre_a2).post(f"/disclosure/questions/{question.pk}/answer/", {"answer": "x"}).status_code == 404
    response = login(personas.cadre_a1).post(f"/disclosure/questions/{question.pk}/answer/", {"answer": "上级拨款。"})
    assert response.status_code == 302
    public = login(personas.villager_a1).get(f"/api/v1/disclosure/disclosures/{published.pk}/questions").json()
    assert public[0]["answer"] == "上级拨款。" and public[0]["asker"].endswith("*")
    api = login(personas.villager_a1).post(f"/api/v1/disclosure/disclosures/{published.pk}/questions",
                                           data=json.dumps({"text": "还有问题"}), content_type="application/json")
    assert api.status_code == 201
    page = login(personas.villager_a1).get(f"/v/{A1}/d/{published.pk}/").content.decode()
    assert "上级拨款。" in page and "villager_a1" not in page
