"""罢免 and 民主评议: initiation at 1/5 of voters or 1/3 of representatives (at the boundary),
the passing rule, a passed recall ending the term; two years of 不称职 ending the office."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.elections import appraisals, recalls
from xiangzhi.elections.models import Appraisal, Recall, RecallSignature

from .election_data import A1, committee_members, people, representatives, today


@pytest.fixture
def member(personas):
    return committee_members(3)[0]


def open_recall(personas, member, basis="voters"):
    return recalls.open_recall(personas.cadre_a1, region=A1, membership=member.pk, basis=basis, reason="长期不履职")


def test_voters_initiate_at_one_fifth(personas, member):
    villagers = people(17)  # with the 3 committee members: 20 voters, a fifth is 4
    recall = open_recall(personas, member)
    for villager in villagers[:3]:
        recalls.sign_recall(personas.cadre_a1, recall, resident=villager.pk)
    assert recalls.tally(recall) == (3, 20, 4)
    with pytest.raises(ValidationError) as caught:
        recalls.initiate_recall(personas.cadre_a1, recall)
    assert caught.value.messages[0].startswith(
        "联名人数不足:有选举权的村民共 20 人,须五分之一以上即至少 4 人联名,现有 3 人,还差 1 人。"
    )
    recalls.sign_recall(personas.cadre_a1, recall, resident=villagers[3].pk)
    recalls.initiate_recall(personas.cadre_a1, recall)
    recall.refresh_from_db()
    assert (recall.state, recall.eligible, recall.signatures_at_initiation) == ("initiated", 20, 4)
    with pytest.raises(ValidationError):
        recalls.sign_recall(personas.cadre_a1, recall, resident=villagers[4].pk)


def test_representatives_initiate_at_one_third(personas, member):
    reps = representatives(9, actor=personas.cadre_a1)
    villager = people(1)[0]
    recall = open_recall(personas, member, basis="representatives")
    with pytest.raises(ValidationError) as caught:
        recalls.sign_recall(personas.cadre_a1, recall, resident=villager.pk)
    assert caught.value.message_dict["resident"] == [f"{villager.name}不是本村现任村民代表,不能联名。"]
    for rep in reps[:2]:
        recalls.sign_recall(personas.cadre_a1, recall, resident=rep.resident_id)
    with pytest.raises(ValidationError) as caught:
        recalls.initiate_recall(personas.cadre_a1, recall)
    assert "村民代表共 9 人,须三分之一以上即至少 3 人联名,现有 2 人,还差 1 人" in caught.value.messages[0]
    recalls.sign_recall(personas.cadre_a1, recall, resident=reps[2].resident_id)
    with pytest.raises(ValidationError) as caught:
        recalls.sign_recall(personas.cadre_a1, recall, resident=reps[2].resident_id)
    assert caught.value.message_dict["resident"] == [f"{reps[2].resident.name}已经联名。"]
    assert recalls.initiate_recall(personas.cadre_a1, recall).state == "initiated"


def initiated(personas, member):
    recall = open_recall(personas, member)
    for villager in people(1):
        recalls.sign_recall(personas.cadre_a1, recall, resident=villager.pk)
    return recalls.initiate_recall(personas.cadre_a1, recall)  # 4 voters, 1 signature: a fifth


def test_recall_passes_only_with_half_turnout_and_half_approval(personas, member):
    recall = initiated(personas, member)
    recalls.record_recall_vote(personas.cadre_a1, recall, registered=100, ballots_cast=50, approve=50)
    assert recall.state == "failed" and "未超过登记选民 100 人的半数" in recall.rule
    member.refresh_from_db()
    assert member.ends_on is None

    Recall.objects.filter(pk=recall.pk).update(state="initiated")
    recall.refresh_from_db()
    recalls.record_recall_vote(personas.cadre_a1, recall, registered=100, ballots_cast=51, approve=25)
    assert recall.state == "failed" and "赞成 25 票,未超过参加投票 51 人的半数(至少须 26 票)" in recall.rule

    Recall.objects.filter(pk=recall.pk).update(state="initiated")
    recall.refresh_from_db()
    recalls.record_recall_vote(personas.cadre_a1, recall, registered=100, ballots_cast=51, approve=26)
    assert recall.state == "passed"
    member.refresh_from_db()
    assert member.ends_on == today()
    assert AuditEvent.objects.get(action="membership.end").changes["ground"] == [None, "recall"]


def test_recall_bad_input_scope_and_pages(personas, member, login):
    recall = initiated(personas, member)
    with pytest.raises(ValidationError) as caught:
        recalls.record_recall_vote(personas.cadre_a1, recall, registered=10, ballots_cast=11, approve="多")
    assert caught.value.message_dict == {"approve": ["赞成票须为整数。"]}
    with pytest.raises(ValidationError) as caught:
        recalls.record_recall_vote(personas.cadre_a1, recall, registered=10, ballots_cast=11, approve=1)
    assert caught.value.message_dict == {"ballots_cast": ["参加投票人数 11 超过登记选民数 10。"]}
    with pytest.raises(PermissionDenied):
        recalls.record_recall_vote(personas.supervisor_a1, recall, registered=10, ballots_cast=6, approve=6)
    with pytest.raises(Http404):
        recalls.record_recall_vote(personas.cadre_a2, recall, registered=10, ballots_cast=6, approve=6)
    with pytest.raises(ValidationError) as caught:
        recalls.open_recall(personas.cadre_a1, region=A1, membership="", basis="", reason="")
    assert set(caught.value.message_dict) == {"membership", "basis", "reason"}
    url = reverse("elections:recall_vote", args=[recall.pk])
    assert login(personas.cadre_a1).get(url).status_code == 405
    assert login(personas.cadre_b1).post(url, {}).status_code == 404
    assert login(personas.villager_a1).get(reverse("elections:recall_detail", args=[recall.pk])).status_code == 403
    response = login(personas.cadre_a1).post(url, {"registered": "10", "ballots_cast": "", "approve": "1"})
    assert response.status_code == 422 and "请填写参加投票人数。" in response.content.decode()
    assert login(personas.cadre_a1).post(url, {"registered": "10", "ballots_cast": "6", "approve": "6"}).status_code == 302
    recall.refresh_from_db()
    assert recall.state == "passed"


def test_a_villager_signs_for_themself(personas, member, client):
    villager = people(1)[0]
    personas.villager_a1.resident = villager
    personas.villager_a1.save(update_fields=["resident"])
    recall = open_recall(personas, member)
    client.force_login(personas.villager_a1)
    assert "长期不履职" in client.get(reverse("elections:petitions")).content.decode()
    response = client.post(f"/api/v1/elections/recalls/{recall.pk}/signatures", {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["signatures"] == 1
    assert RecallSignature.objects.get().resident == villager
    response = client.post(f"/api/v1/elections/recalls/{recall.pk}/signatures", {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["resident"] == [f"{villager.name}已经联名。"]
    client.force_login(personas.cadre_b1)
    assert client.post(f"/api/v1/elections/recalls/{recall.pk}/signatures", {"resident": villager.pk},
                       content_type="application/json").status_code == 404


# --- 民主评议 -----------------------------------------------------------------------------


def test_two_consecutive_years_incompetent_end_the_office(personas):
    first, second, third = committee_members(3)
    year = today().year
    ratings = {first.pk: "incompetent", second.pk: "incompetent", third.pk: "competent"}
    appraisals.record_appraisal(personas.supervisor_a1, region=A1, year=year - 2, ratings={
        first.pk: "incompetent", second.pk: "competent", third.pk: "incompetent"})
    appraisals.record_appraisal(personas.supervisor_a1, region=A1, year=year - 1, ratings=ratings)
    for membership in (first, second, third):
        membership.refresh_from_db()
    assert first.ends_on == today()
    assert second.ends_on is None and third.ends_on is None
    latest = Appraisal.objects.get(year=year - 1)
    assert list(latest.ratings.filter(office_ended=True).values_list("membership_id", flat=True)) == [first.pk]
    assert AuditEvent.objects.get(action="membership.end").changes["ground"] == [None, "appraisal"]
    # This year only the two serving members are appraised; the second's second 不称职 ends it too.
    appraisals.record_appraisal(personas.supervisor_a1, region=A1, year=year, ratings={
        second.pk: "incompetent", third.pk: "basically"})
    second.refresh_from_db()
    assert second.ends_on == today()


def test_appraisal_rules_scope_and_bad_input(personas, login):
    first, second, third = committee_members(3)
    with pytest.raises(PermissionDenied):
        appraisals.record_appraisal(personas.cadre_a1, region=A1, year=2024, ratings={})
    with pytest.raises(Http404):
        appraisals.record_appraisal(personas.supervisor_a1, region="450321100202", year=2024, ratings={})
    with pytest.raises(ValidationError) as caught:
        appraisals.record_appraisal(personas.supervisor_a1, region=A1, year="去年", ratings={})
    assert caught.value.message_dict == {"year": ["年度须为整数。"]}
    with pytest.raises(ValidationError) as caught:
        appraisals.record_appraisal(personas.supervisor_a1, region=A1, year=2024, ratings={first.pk: "优秀"})
    assert caught.value.message_dict[f"rating_{first.pk}"] == [
        f"请为{first.resident.name}选择评议结果(称职、基本称职或不称职)。"]
    assert not Appraisal.objects.exists()
    client = login(personas.supervisor_a1)
    form = {"region": A1, "year": "2024", f"rating_{first.pk}": "competent", f"rating_{second.pk}": "competent",
            f"rating_{third.pk}": "basically"}
    assert client.get(reverse("elections:appraisal_create")).status_code == 405
    response = client.post(reverse("elections:appraisal_create"), form)
    appraisal = Appraisal.objects.get()
    assert response.status_code == 302 and appraisal.ratings.count() == 3
    response = client.post(reverse("elections:appraisal_create"), form)
    assert response.status_code == 422 and "2024 年度的民主评议已经录入" in response.content.decode()
    assert login(personas.township_b).get(reverse("elections:appraisal_detail", args=[appraisal.pk])).status_code == 404
    assert login(personas.township_a).get(reverse("elections:appraisal_detail", args=[appraisal.pk])).status_code == 200
    assert login(personas.villager_a1).get(reverse("elections:appraisal_detail", args=[appraisal.pk])).status_code == 403
