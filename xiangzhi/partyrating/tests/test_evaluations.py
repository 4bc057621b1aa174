"""Self-assessment with evidence, township then county review, stars from the bands; pages and scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.core.models import AuditEvent
from xiangzhi.partyrating.models import Evaluation, Evidence

from .rating_data import A1, A2, YEAR, branches, rated, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(personas):
    return branches()


def _assess(client, org, each=15, **extra):
    data = {f"score_{k}": v for k, v in scores(each).items()}
    data.update({"satisfaction": "85", "summary": "三会一课按期开展", **extra})
    return client.post(f"/partyrating/assess/{org.pk}/{YEAR}/", data)


def test_secretary_self_assesses_uploads_evidence_and_submits(personas, login, orgs):
    client = login(personas.secretary_a1)
    response = _assess(client, orgs[A1])
    evaluation = Evaluation.objects.get(organisation=orgs[A1], year=YEAR)
    assert response.status_code == 302 and evaluation.self_total == 75 and str(evaluation.satisfaction) == "85.0"
    assert evaluation.state == "draft" and [c["label"] for c in evaluation.criteria][0] == "组织建设"
    upload = SimpleUploadedFile("支部会议记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(f"/partyrating/evaluations/{evaluation.pk}/evidence/",
                           {"file": upload, "criterion": "organisation"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(evaluation=evaluation)
    assert evidence.name == "支部会议记录.pdf" and evidence.criterion == "organisation"
    assert "支部会议记录.pdf</a> · 组织建设" in client.get(f"/partyrating/evaluations/{evaluation.pk}/").content.decode()
    download = client.get(f"/partyrating/evaluations/{evaluation.pk}/evidence/{evidence.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert client.get(f"/partyrating/evaluations/{evaluation.pk}/submit/").status_code == 405
    assert client.post(f"/partyrating/evaluations/{evaluation.pk}/submit/").status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted"
    assert list(AuditEvent.objects.filter(target_id=str(evaluation.pk)).order_by("id").values_list("action", flat=True)) == [
        "partyrating.self_assess", "partyrating.evidence", "partyrating.submit"]
    # Submitted: the self-assessment can no longer change.
    assert _assess(client, orgs[A1], each=20).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.self_total == 75


def test_bad_scores_and_files_are_named_and_change_nothing(personas, login, orgs):
    client = login(personas.secretary_a1)
    response = _assess(client, orgs[A1], each=25, satisfaction="abc")
    text = response.content.decode()
    assert response.status_code == 422
    assert "“组织建设”的得分应为 0 至 20 之间的整数。" in text and "群众满意度应为 0 至 100 之间的数" in text
    assert not Evaluation.objects.exists()
    _assess(client, orgs[A1])
    evaluation = Evaluation.objects.get()
    response = client.post(f"/partyrating/evaluations/{evaluation.pk}/evidence/",
                           {"file": SimpleUploadedFile("run.exe", b"MZ")})
    assert response.status_code == 422 and "佐证材料须为 PDF、图片、Word、Excel 或 OFD 文件" in response.content.decode()
    assert not Evidence.objects.exists()


def test_scope_and_capability(personas, login, orgs):
    # A village cadre may view but not self-assess (403); the A1 secretary cannot reach A2 (404).
    assert _assess(login(personas.cadre_a1), orgs[A1]).status_code == 403
    assert _assess(login(personas.secretary_a1), orgs[A2]).status_code == 404
    assert not Evaluation.objects.exists()
    evaluation = rated(personas, orgs[A1], 18)
    assert login(personas.township_b).get(f"/partyrating/evaluations/{evaluation.pk}/").status_code == 404
    assert login(personas.villager_a1).get("/partyrating/").status_code == 403


def test_township_then_county_review_gives_stars(personas, login, orgs):
    client = login(personas.secretary_a1)
    _assess(client, orgs[A1])
    evaluation = Evaluation.objects.get()
    client.post(f"/partyrating/evaluations/{evaluation.pk}/submit/")
    # The county cannot review before the township (403); township B cannot see it (404).
    data = {**{f"score_{k}": 16 for k in scores(0)}, "decision": "pass", "opinion": "材料齐全"}
    assert login(personas.county).post(f"/partyrating/evaluations/{evaluation.pk}/review/", data).status_code == 403
    assert login(personas.township_b).post(f"/partyrating/evaluations/{evaluation.pk}/review/", data).status_code == 404
    response = login(personas.township_a).post(f"/partyrating/evaluations/{evaluation.pk}/review/",
                                               {**data, "opinion": ""})
    assert response.status_code == 422 and "请填写审核意见" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted" and evaluation.score is None
    assert login(personas.township_a).post(f"/partyrating/evaluations/{evaluation.pk}/review/", data).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.score, evaluation.stars) == ("township_reviewed", 80, None)
    county_data = {**data, **{f"score_{k}": 17 for k in scores(0)}}
    assert login(personas.county).post(f"/partyrating/evaluations/{evaluation.pk}/review/", county_data).status_code == 302
    evaluation.refresh_from_db()
    # 85 points: default bands 60/70/80/90 give four stars.
    assert (evaluation.state, evaluation.score, evaluation.stars) == ("rated", 85, 4)
    event = AuditEvent.objects.get(action="partyrating.review_county")
    assert event.changes["stars"] == [None, 4]
    page = login(personas.township_a).get("/partyrating/", {"year": YEAR}).content.decode()
    assert "4星" in page and "已定级" in page


def test_township_returns_for_rework(personas, login, orgs):
    client = login(personas.secretary_a1)
    _assess(client, orgs[A1])
    evaluation = Evaluation.objects.get()
    client.post(f"/partyrating/evaluations/{evaluation.pk}/submit/")
    login(personas.township_a).post(f"/partyrating/evaluations/{evaluation.pk}/review/",
                                    {"decision": "return", "opinion": "缺少党员大会记录"})
    evaluation.refresh_from_db()
    assert evaluation.state == "draft" and evaluation.township_opinion == "缺少党员大会记录"
    assert _assess(login(personas.secretary_a1), orgs[A1], each=18).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.self_total == 90
