"""The vetting pages: open a round, register a candidate, record conclusions, privacy (only the
organisation department sees every conclusion; a reviewer sees their own; everyone else 404/403),
secretary filing and the unfiled villages, 清理 decisions."""

import pytest
from django.urls import reverse

from conftest import make_user
from xiangzhi.accounts.models import Post
from xiangzhi.vetting import actions, removals
from xiangzhi.vetting.models import Candidate, RemovalCase, ReviewResult, SecretaryFiling, VettingRound

from .vetting_data import A1, A2, REVIEW_DAY, all_clear, departments, finding, open_round, register, resident


@pytest.fixture
def depts(personas):
    return departments()


@pytest.fixture
def candidate(personas, depts):
    return register(personas.township_a, open_round(depts["organisation"]), resident(name="黄志明"))


def review_post(outcomes=None, reviewed_on="2024-02-01", note=""):
    data = {f"outcome_{code}": value for code, value in (outcomes or all_clear()).items()}
    data.update(reviewed_on=reviewed_on, note=note)
    return data


def test_organisation_department_opens_a_round_on_the_page(depts, login):
    client = login(depts["organisation"])
    response = client.post(reverse("vetting:round_list"), {
        "title": "2024年换届联审", "opens_on": "2024-01-01", "departments": ["discipline", "court"]})
    vetting_round = VettingRound.objects.get()
    assert response.status_code == 302 and vetting_round.departments == ["discipline", "court"]
    assert vetting_round.region_id == "450321"
    page = client.get(reverse("vetting:round_list")).content.decode()
    assert "2024年换届联审" in page


def test_round_page_bad_input_and_no_capability(personas, depts, login):
    response = login(depts["organisation"]).post(reverse("vetting:round_list"), {
        "title": "联审", "opens_on": "2024-03-01", "closes_on": "2024-02-01"})
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.content.decode()
    assert not VettingRound.objects.exists()
    assert login(personas.villager_a1).get(reverse("vetting:round_list")).status_code == 403
    assert login(personas.township_a).post(reverse("vetting:round_list"), {
        "title": "x", "opens_on": "2024-01-01"}).status_code == 403


def test_township_registers_and_reviews_a_candidate(personas, depts, login):
    vetting_round = open_round(depts["organisation"])
    person = resident(name="黄志明")
    client = login(personas.township_a)
    response = client.post(reverse("vetting:candidate_add", args=[vetting_round.pk]), {
        "id_number": person.id_number, "village": A1, "post_sought": "village_director"})
    candidate = Candidate.objects.get()
    assert response.status_code == 302 and candidate.resident == person
    url = reverse("vetting:candidate_township", args=[candidate.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, review_post(note="群众评价好"))
    assert response.status_code == 302
    result = ReviewResult.objects.get()
    assert (result.level, result.reviewed_on, result.note, result.cleared) == ("township", REVIEW_DAY, "群众评价好", True)
    page = client.get(reverse("vetting:candidate_detail", args=[candidate.pk])).content.decode()
    assert "尚缺审查结论" in page and "纪委监委" in page and "township-form" not in page


def test_candidate_form_bad_input(personas, depts, login):
    vetting_round = open_round(depts["organisation"])
    response = login(personas.township_a).post(reverse("vetting:candidate_add", args=[vetting_round.pk]), {
        "id_number": "450321198003010012", "village": A1, "post_sought": "village_director"})
    assert response.status_code == 422
    assert "公民身份号码校验位不正确" in response.content.decode() or "没有找到此人" in response.content.decode()
    assert not Candidate.objects.exists()


def test_review_form_missing_categories(personas, candidate, login):
    data = review_post()
    del data["outcome_vote_buying"]
    response = login(personas.township_a).post(reverse("vetting:candidate_township", args=[candidate.pk]), data)
    assert response.status_code == 422 and "尚缺:贿选" in response.content.decode()
    assert not ReviewResult.objects.exists()


def test_results_privacy(personas, depts, candidate, login):
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY,
                                   note="乡镇意见甲")
    actions.record_county_result(depts["court"], candidate, outcomes=finding("criminal"), reviewed_on=REVIEW_DAY,
                                 note="法院意见乙")
    actions.record_county_result(depts["discipline"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY,
                                 note="纪委意见丙")
    url = reverse("vetting:candidate_detail", args=[candidate.pk])
    everything = login(depts["organisation"]).get(url).content.decode()
    assert "乡镇意见甲" in everything and "法院意见乙" in everything and "纪委意见丙" in everything
    court = login(depts["court"]).get(url).content.decode()
    assert "法院意见乙" in court and "纪委意见丙" not in court and "乡镇意见甲" not in court
    township = login(personas.township_a).get(url).content.decode()
    assert "乡镇意见甲" in township and "法院意见乙" not in township and "受过刑事处罚" not in township
    assert login(personas.township_b).get(url).status_code == 404
    assert login(personas.cadre_a1).get(url).status_code == 403
    assert login(personas.county).get(url).status_code == 403
    assert login(personas.auditor).get(url).status_code == 403


def test_department_page_form_and_outside_list(personas, depts, login):
    vetting_round = open_round(depts["organisation"], departments=["discipline"])
    candidate = register(personas.township_a, vetting_round, resident())
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    response = login(depts["court"]).post(reverse("vetting:candidate_result", args=[candidate.pk]), review_post())
    assert response.status_code == 422 and "法院不在本轮联审部门名单" in response.content.decode()
    response = login(depts["discipline"]).post(reverse("vetting:candidate_result", args=[candidate.pk]), review_post())
    assert response.status_code == 302
    assert list(ReviewResult.objects.filter(level="county").values_list("department", flat=True)) == ["discipline"]


def test_secretary_filing_and_unfiled_villages(personas, depts, login):
    secretary = resident(name="覃立新")
    client = login(personas.township_a)
    page = client.get(reverse("vetting:filing_list")).content.decode()
    assert "矮山村委会" in page and "骥马村委会" in page and "白沙村委会" not in page
    response = client.post(reverse("vetting:filing_list"), {
        "village": A1, "id_number": secretary.id_number, "term_starts_on": "2021-04-01",
        "term_ends_on": "2026-03-31", "resume": "2010年入党,2018年任村委会主任", "filed_on": "2024-05-01"})
    assert response.status_code == 302
    filing = SecretaryFiling.objects.get()
    assert (filing.region_id, filing.resident, filing.filed_by) == (A1, secretary, personas.township_a)
    unfiled = [v.code for v in client.get(reverse("vetting:filing_list")).context["unfiled"]]
    assert unfiled == [A2]
    county_page = login(depts["organisation"]).get(reverse("vetting:filing_detail", args=[filing.pk])).content.decode()
    assert "2010年入党" in county_page
    assert login(personas.township_b).get(reverse("vetting:filing_detail", args=[filing.pk])).status_code == 404
    assert login(personas.cadre_a1).get(reverse("vetting:filing_list")).status_code == 403


def test_secretary_filing_bad_input_and_supersede(personas, login):
    first, second = resident(name="覃立新"), resident(name="蒙小红")
    client = login(personas.township_a)
    data = {"village": A1, "id_number": first.id_number, "term_starts_on": "2021-04-01",
            "term_ends_on": "2021-03-31", "resume": "简历"}
    response = client.post(reverse("vetting:filing_list"), data)
    assert response.status_code == 422 and "任期届满日期须晚于任期起始日期" in response.content.decode()
    assert not SecretaryFiling.objects.exists()
    client.post(reverse("vetting:filing_list"), {**data, "term_ends_on": "2026-03-31", "filed_on": "2024-01-01"})
    client.post(reverse("vetting:filing_list"), {**data, "id_number": second.id_number, "term_ends_on": "2026-03-31",
                                                 "filed_on": "2024-06-01"})
    current = SecretaryFiling.objects.current().get()
    assert current.resident == second
    assert SecretaryFiling.objects.get(resident=first).superseded_on.isoformat() == "2024-06-01"
    response = login(personas.township_b).post(reverse("vetting:filing_list"), {**data, "term_ends_on": "2026-03-31"})
    assert response.status_code == 422 and SecretaryFiling.objects.count() == 2


def test_removal_decision_page(personas, depts, login):
    person = resident(name="莫德才")
    cadre = make_user("modc", "village_director", A1)
    cadre.resident = person
    cadre.save(update_fields=["resident"])
    Post.objects.filter(user=cadre).update(starts_on="2021-04-01")
    post = Post.objects.get(user=cadre)
    case = removals.report_finding(depts["court"], post, outcomes=finding("criminal"), found_on=REVIEW_DAY)
    url = reverse("vetting:removal_detail", args=[case.pk])
    assert login(personas.township_a).get(url).status_code == 403
    client = login(depts["organisation"])
    assert "莫德才" in client.get(reverse("vetting:removal_list")).content.decode()
    response = client.post(url, {"decision": "retained", "reason": ""})
    assert response.status_code == 422 and "保留须说明理由" in response.content.decode()
    response = client.post(url, {"decision": "removed", "reason": "依法罢免", "decided_on": "2024-03-01"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert RemovalCase.objects.get().state == "removed" and post.ends_on.isoformat() == "2024-03-01"
