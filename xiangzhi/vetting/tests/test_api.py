"""/api/v1/vetting: the joint vetting through the API, its privacy and its errors."""

import json

import pytest

from conftest import make_user
from xiangzhi.accounts.models import Post
from xiangzhi.vetting.models import Candidate, RemovalCase, ReviewResult, SecretaryFiling

from .vetting_data import A1, all_clear, departments, finding, open_round, resident

API = "/api/v1/vetting"


@pytest.fixture
def depts(personas):
    return departments()


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_round_candidate_results_through_the_api(personas, depts, login):
    org = login(depts["organisation"])
    response = post_json(org, f"{API}/rounds", {"county": "450321", "title": "联审", "opens_on": "2024-01-01",
                                                "departments": ["discipline", "court"]})
    assert response.status_code == 201
    round_id = response.json()["id"]
    person = resident(name="黄志明")
    township = login(personas.township_a)
    response = post_json(township, f"{API}/rounds/{round_id}/candidates",
                         {"resident": person.pk, "village": A1, "post_sought": "village_secretary"})
    assert response.status_code == 201 and response.json()["missing"] == ["乡镇审查", "纪委监委", "法院"]
    candidate_id = response.json()["id"]
    response = post_json(township, f"{API}/candidates/{candidate_id}/township-review",
                         {"outcomes": all_clear(), "reviewed_on": "2024-02-01"})
    assert response.status_code == 201
    response = post_json(login(depts["justice"]), f"{API}/candidates/{candidate_id}/results",
                         {"outcomes": all_clear(), "reviewed_on": "2024-02-01"})
    assert response.status_code == 422 and "不在本轮联审部门名单" in response.json()["errors"]["department"][0]
    for code in ("discipline", "court"):
        response = post_json(login(depts[code]), f"{API}/candidates/{candidate_id}/results",
                             {"outcomes": all_clear(), "reviewed_on": "2024-02-01", "note": f"{code}意见"})
        assert response.status_code == 201
    detail = login(depts["organisation"]).get(f"{API}/candidates/{candidate_id}").json()
    assert detail["passed"] is True and len(detail["results"]) == 3
    court_view = login(depts["court"]).get(f"{API}/candidates/{candidate_id}").json()
    assert [r["note"] for r in court_view["results"]] == ["court意见"]
    assert login(personas.township_b).get(f"{API}/candidates/{candidate_id}").status_code == 404
    assert login(personas.villager_a1).get(f"{API}/candidates/{candidate_id}").status_code == 403
    assert ReviewResult.objects.count() == 3


def test_api_bad_input(personas, depts, login):
    vetting_round = open_round(depts["organisation"])
    township = login(personas.township_a)
    response = post_json(township, f"{API}/rounds/{vetting_round.pk}/candidates",
                         {"id_number": "12345", "village": A1, "post_sought": "village_director"})
    assert response.status_code == 422 and "公民身份号码应为 18 位" in response.json()["errors"]["resident"][0]
    response = post_json(login(depts["organisation"]), f"{API}/rounds", {"county": "450321", "title": "x"})
    assert response.status_code == 422 and "请填写开始日期" in response.json()["errors"]["opens_on"][0]
    assert not Candidate.objects.exists()


def test_filings_api(personas, depts, login):
    secretary = resident(name="覃立新")
    response = post_json(login(personas.township_a), f"{API}/filings", {
        "village": A1, "resident": secretary.pk, "term_starts_on": "2021-04-01", "term_ends_on": "2026-03-31",
        "resume": "简历"})
    assert response.status_code == 201 and response.json()["name"] == "覃立新"
    listed = login(depts["organisation"]).get(f"{API}/filings").json()
    assert [f["village"] for f in listed] == [A1]
    unfiled = login(depts["organisation"]).get(f"{API}/filings/unfiled").json()
    assert [v["code"] for v in unfiled] == ["450321100202", "450321101200"]
    assert login(personas.cadre_a1).get(f"{API}/filings").status_code == 403
    response = post_json(login(personas.township_b), f"{API}/filings", {
        "village": A1, "resident": secretary.pk, "term_starts_on": "2021-04-01", "term_ends_on": "2026-03-31",
        "resume": "简历"})
    assert response.status_code == 404 and SecretaryFiling.objects.count() == 1


def test_findings_and_decisions_api(personas, depts, login):
    person = resident(name="莫德才")
    cadre = make_user("modc", "village_cadre", A1)
    cadre.resident = person
    cadre.save(update_fields=["resident"])
    Post.objects.filter(user=cadre).update(starts_on="2021-04-01")
    post = Post.objects.get(user=cadre)
    response = post_json(login(depts["procuratorate"]), f"{API}/findings",
                         {"post": post.pk, "outcomes": finding("funds"), "found_on": "2024-02-01"})
    assert response.status_code == 201 and response.json()["categories"] == ["funds"]
    case_id = response.json()["id"]
    assert login(depts["procuratorate"]).get(f"{API}/removals").status_code == 403
    response = post_json(login(depts["court"]), f"{API}/removals/{case_id}/decision", {"decision": "removed"})
    assert response.status_code == 403
    response = post_json(login(depts["organisation"]), f"{API}/removals/{case_id}/decision", {"decision": "fired"})
    assert response.status_code == 422 and "请选择决定" in response.json()["errors"]["decision"][0]
    response = post_json(login(depts["organisation"]), f"{API}/removals/{case_id}/decision", {"decision": "removed"})
    assert response.status_code == 200 and response.json()["state"] == "removed"
    post.refresh_from_db()
    assert post.ends_on is not None and RemovalCase.objects.get().state == "removed"
