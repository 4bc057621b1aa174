"""整顿: a plan for a flagged organisation, tasks done with evidence, the closing review."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.partyrating.models import Rectification, RectificationTask, WeakFlag

from .rating_data import A1, A2, YEAR, branches

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def orgs(personas):
    organisations = branches()
    WeakFlag.objects.create(organisation=organisations[A1], region_id=A1, year=YEAR, trigger="chaotic_finances",
                            manual=True, reason="账目不清", flagged_by=personas.township_a)
    return organisations


def _open(client, org, **data):
    values = {"problems": "财务混乱", "measures": "清理账目", "deadline": TODAY + datetime.timedelta(days=90)}
    values.update(data)
    return client.post(f"/partyrating/rectifications/new/{org.pk}/{YEAR}/", values)


def test_plan_tasks_and_closing_review(personas, login, orgs):
    client = login(personas.township_a)
    page = client.get(f"/partyrating/rectifications/new/{orgs[A1].pk}/{YEAR}/").content.decode()
    assert "村务财务管理混乱:账目不清" in page
    assert _open(client, orgs[A1]).status_code == 302
    plan = Rectification.objects.get()
    assert plan.state == "open" and plan.region_id == A1
    # A second plan while this one runs is refused.
    response = _open(client, orgs[A1])
    assert response.status_code == 422 and "已有正在进行的整顿" in response.content.decode()
    response = client.post(f"/partyrating/rectifications/{plan.pk}/tasks/",
                           {"title": "清理三资", "owner": "韦书记", "deadline": plan.deadline + datetime.timedelta(days=1)})
    assert response.status_code == 422 and "完成时限不能晚于整顿期限" in response.content.decode()
    assert client.post(f"/partyrating/rectifications/{plan.pk}/tasks/", {
        "title": "清理三资", "owner": "韦书记", "deadline": TODAY + datetime.timedelta(days=30)}).status_code == 302
    task = RectificationTask.objects.get()
    response = client.post(f"/partyrating/rectifications/{plan.pk}/close/", {"passed": "pass", "opinion": "通过"})
    assert response.status_code == 422 and "还有 1 项任务未完成" in response.content.decode()
    response = client.post(f"/partyrating/rectifications/{plan.pk}/tasks/{task.pk}/done/",
                           {"done_on": TODAY, "note": ""})
    assert response.status_code == 422 and "请填写完成情况" in response.content.decode()
    upload = SimpleUploadedFile("清产核资表.xlsx", b"PK fake", content_type="application/octet-stream")
    assert client.post(f"/partyrating/rectifications/{plan.pk}/tasks/{task.pk}/done/",
                       {"done_on": TODAY, "note": "完成清产核资", "file": upload}).status_code == 302
    task.refresh_from_db()
    assert task.done_on == TODAY and task.evidence_name == "清产核资表.xlsx" and task.done_by == personas.township_a
    download = client.get(f"/partyrating/rectifications/{plan.pk}/tasks/{task.pk}/evidence/")
    assert b"".join(download.streaming_content) == b"PK fake"
    response = client.post(f"/partyrating/rectifications/{plan.pk}/close/", {"passed": "extend", "opinion": "需巩固"})
    assert response.status_code == 422 and "延期整顿请填写新的整顿期限" in response.content.decode()
    later = plan.deadline + datetime.timedelta(days=60)
    assert client.post(f"/partyrating/rectifications/{plan.pk}/close/",
                       {"passed": "extend", "opinion": "需巩固", "extended_to": later}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == "extended" and plan.deadline == later
    assert client.post(f"/partyrating/rectifications/{plan.pk}/close/",
                       {"passed": "pass", "opinion": "整顿到位,销号"}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == "passed" and plan.review_opinion == "整顿到位,销号"
    assert list(AuditEvent.objects.filter(target_type="partyrating.rectification").order_by("id")
                .values_list("action", flat=True)) == [
        "rectification.open", "rectification.task_add", "rectification.task_done", "rectification.review",
        "rectification.review"]


def test_only_flagged_organisations_get_a_plan(personas, login, orgs):
    response = _open(login(personas.township_a), orgs[A2])
    assert response.status_code == 422 and "未被认定为软弱涣散" in response.content.decode()
    response = _open(login(personas.township_a), orgs[A1], deadline=TODAY, problems="")
    assert response.status_code == 422
    assert "整顿期限应晚于今天" in response.content.decode() and "请填写主要问题" in response.content.decode()
    assert not Rectification.objects.exists()


def test_rectification_scope_and_capability(personas, login, orgs):
    assert _open(login(personas.cadre_a1), orgs[A1]).status_code == 403
    assert _open(login(personas.township_b), orgs[A1]).status_code == 404
    assert not Rectification.objects.exists()
    _open(login(personas.township_a), orgs[A1])
    plan = Rectification.objects.get()
    assert login(personas.township_b).get(f"/partyrating/rectifications/{plan.pk}/").status_code == 404
    assert login(personas.cadre_a1).get(f"/partyrating/rectifications/{plan.pk}/").status_code == 200
    assert login(personas.cadre_a1).post(f"/partyrating/rectifications/{plan.pk}/tasks/", {
        "title": "x", "owner": "y", "deadline": TODAY}).status_code == 403
    assert not RectificationTask.objects.exists()
