"""清理: a disqualifying finding against a serving 两委 member opens a case; the county organisation
department decides — removed (the post ends) or retained with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import make_user
from xiangzhi.accounts.models import Post
from xiangzhi.core.models import AuditEvent
from xiangzhi.vetting import actions, removals
from xiangzhi.vetting.models import RemovalCase

from .vetting_data import A1, REVIEW_DAY, all_clear, departments, finding, open_round, register, resident


@pytest.fixture
def serving(personas):
    depts = departments()
    person = resident(name="莫德才")
    cadre = make_user("modc", "village_director", A1)
    cadre.resident = person
    cadre.save(update_fields=["resident"])
    Post.objects.filter(user=cadre).update(starts_on="2021-04-01")
    return depts, person, cadre, Post.objects.get(user=cadre)


def test_a_disqualifying_conclusion_on_a_serving_cadre_opens_a_case(personas, serving):
    depts, person, _cadre, post = serving
    candidate = register(personas.township_a, open_round(depts["organisation"]), person)
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert not RemovalCase.objects.exists()
    actions.record_county_result(depts["court"], candidate, outcomes=finding("criminal"), reviewed_on=REVIEW_DAY,
                                 note="2023年判处有期徒刑")
    case = RemovalCase.objects.get()
    assert (case.post, case.resident, case.region_id, case.department, case.categories, case.state) == (
        post, person, A1, "court", ["criminal"], "open")


def test_a_clear_conclusion_opens_nothing(personas, serving):
    depts, person, _cadre, _post = serving
    candidate = register(personas.township_a, open_round(depts["organisation"]), person)
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert not RemovalCase.objects.exists()


def test_removed_ends_the_post(personas, serving):
    depts, _person, cadre, post = serving
    case = removals.report_finding(depts["public_security"], post, outcomes=finding("land"), found_on=REVIEW_DAY)
    decided = removals.decide_removal(depts["organisation"], case, decision="removed", decided_on=REVIEW_DAY)
    post.refresh_from_db()
    assert decided.state == "removed" and post.ends_on == REVIEW_DAY
    assert not Post.objects.active().filter(user=cadre, role="village_director").exists()
    assert AuditEvent.objects.get(action="post.end").changes == {"ends_on": [None, "2024-02-01"]}
    with pytest.raises(ValidationError) as caught:
        removals.decide_removal(depts["organisation"], case, decision="retained", reason="x")
    assert "已作出决定" in caught.value.message_dict["decision"][0]


def test_retained_needs_a_reason_and_keeps_the_post(personas, serving):
    depts, _person, _cadre, post = serving
    case = removals.report_finding(depts["petitions"], post, outcomes=finding("riots"), found_on=REVIEW_DAY)
    with pytest.raises(ValidationError) as caught:
        removals.decide_removal(depts["organisation"], case, decision="retained", reason=" ")
    assert "保留须说明理由" in caught.value.message_dict["reason"][0]
    case.refresh_from_db()
    assert case.state == "open"
    removals.decide_removal(depts["organisation"], case, decision="retained", reason="经复核为他人冒名上访")
    post.refresh_from_db()
    case.refresh_from_db()
    assert post.ends_on is None and case.state == "retained" and case.decision_reason == "经复核为他人冒名上访"


def test_decision_permissions(personas, serving):
    depts, _person, _cadre, post = serving
    case = removals.report_finding(depts["court"], post, outcomes=finding("other"), found_on=REVIEW_DAY)
    with pytest.raises(PermissionDenied):
        removals.decide_removal(personas.township_a, case, decision="removed")
    with pytest.raises(PermissionDenied):
        removals.decide_removal(depts["court"], case, decision="removed")
    other_county = make_user("zuzhibu_other", "county_department", "450321101", department="organisation")
    with pytest.raises(Http404):
        removals.decide_removal(other_county, case, decision="removed")
    case.refresh_from_db()
    assert case.state == "open"


def test_finding_bad_input(personas, serving):
    depts, _person, _cadre, post = serving
    with pytest.raises(ValidationError) as caught:
        removals.report_finding(depts["court"], post, outcomes=all_clear(), found_on=REVIEW_DAY)
    assert "未认定任何“十不选”情形" in caught.value.message_dict["outcomes"][0]
    with pytest.raises(ValidationError) as caught:
        removals.report_finding(depts["court"], post, outcomes=finding(), found_on=datetime.date(2999, 1, 1))
    assert "发现日期不能晚于今天" in caught.value.message_dict["found_on"][0]
    township_post = Post.objects.get(user=personas.township_a)
    with pytest.raises(ValidationError) as caught:
        removals.report_finding(depts["court"], township_post, outcomes=finding(), found_on=REVIEW_DAY)
    assert "不是现任村“两委”职务" in caught.value.message_dict["post"][0]
    assert not RemovalCase.objects.exists()
