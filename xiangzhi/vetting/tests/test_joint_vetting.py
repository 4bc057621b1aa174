"""Joint vetting (联审): rounds, candidates, the township's review, each county department's
conclusion — passing needs both levels; a department outside the round's list is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region
from xiangzhi.vetting import actions
from xiangzhi.vetting.models import Candidate, ReviewResult, VettingRound

from .vetting_data import (
    B1, REVIEW_DAY, all_clear, clear_all_departments, departments, finding, open_round, register, resident,
)


@pytest.fixture
def depts(personas):
    return departments()


@pytest.fixture
def candidate(personas, depts):
    vetting_round = open_round(depts["organisation"])
    return register(personas.township_a, vetting_round, resident(name="黄志明"))


def test_open_round_defaults_to_the_eight_departments(personas, depts):
    vetting_round = open_round(depts["organisation"])
    assert vetting_round.departments == [
        "discipline", "organisation", "political_legal", "petitions", "court", "procuratorate", "public_security",
        "justice"]
    event = AuditEvent.objects.get(action="vetting_round.open")
    assert event.region_code == "450321" and event.changes["title"] == [None, "2024年村“两委”换届联审"]


def test_only_the_organisation_department_opens_a_round(personas, depts):
    with pytest.raises(PermissionDenied):
        open_round(personas.township_a)
    with pytest.raises(PermissionDenied):
        open_round(depts["court"])
    assert not VettingRound.objects.exists()


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": " "}, "title", "请填写名称"),
    ({"closes_on": "before"}, "closes_on", "结束日期不能早于开始日期"),
    ({"departments": []}, "departments", "请至少选择一个联审部门"),
    ({"departments": ["navy"]}, "departments", "联审部门“navy”不存在"),
])
def test_open_round_bad_input(personas, depts, changes, field, message):
    import datetime

    values = {"title": "联审", "opens_on": datetime.date(2024, 1, 1), "closes_on": None, "departments": None}
    values.update(changes)
    if values["closes_on"] == "before":
        values["closes_on"] = datetime.date(2023, 12, 1)
    with pytest.raises(ValidationError) as caught:
        actions.open_round(depts["organisation"], Region.objects.get(pk="450321"), **values)
    assert message in caught.value.message_dict[field][0]
    assert not VettingRound.objects.exists()


def test_register_candidate_scope_and_input(personas, depts):
    vetting_round = open_round(depts["organisation"])
    person = resident(name="黄志明")
    with pytest.raises(Http404):
        register(personas.township_b, vetting_round, person)
    with pytest.raises(PermissionDenied):
        register(personas.cadre_a1, vetting_round, person)
    with pytest.raises(ValidationError) as caught:
        register(personas.township_a, vetting_round, person, post_sought="village_supervisor")
    assert "拟任职务须为村“两委”职务" in caught.value.message_dict["post_sought"][0]
    candidate = register(personas.township_a, vetting_round, person)
    with pytest.raises(ValidationError) as caught:
        register(personas.township_a, vetting_round, person)
    assert "已是本轮联审的人选" in caught.value.message_dict["resident"][0]
    assert list(Candidate.objects.values_list("pk", flat=True)) == [candidate.pk]


def test_passing_requires_the_township_and_every_listed_department(personas, depts, candidate):
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    clear_all_departments(depts, candidate, skip=("justice",))
    candidate = Candidate.objects.prefetch_related("results").get(pk=candidate.pk)
    assert not candidate.passed
    assert candidate.review_status() == (["司法"], [])
    actions.record_county_result(depts["justice"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    candidate = Candidate.objects.prefetch_related("results").get(pk=candidate.pk)
    assert candidate.passed


def test_departments_cleared_without_the_township_cannot_pass(personas, depts, candidate):
    with pytest.raises(ValidationError) as caught:
        actions.record_county_result(depts["court"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert "乡镇尚未完成审查" in caught.value.messages[0]
    assert not ReviewResult.objects.exists()


def test_a_disqualifying_conclusion_fails_the_candidate(personas, depts, candidate):
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    clear_all_departments(depts, candidate, skip=("public_security",))
    actions.record_county_result(depts["public_security"], candidate, outcomes=finding("bully"),
                                 reviewed_on=REVIEW_DAY, note="涉黑涉恶线索已核实")
    candidate = Candidate.objects.prefetch_related("results").get(pk=candidate.pk)
    assert not candidate.passed and candidate.review_status() == ([], ["公安"])


def test_a_department_outside_the_round_list_is_refused(personas, depts):
    vetting_round = open_round(depts["organisation"], departments=["discipline", "organisation"])
    candidate = register(personas.township_a, vetting_round, resident())
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    with pytest.raises(ValidationError) as caught:
        actions.record_county_result(depts["court"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert "法院不在本轮联审部门名单(纪委监委、组织部)内" in caught.value.message_dict["department"][0]
    assert not ReviewResult.objects.filter(department="court").exists()


def test_conclusions_other_region_and_no_capability(personas, depts, candidate):
    with pytest.raises(Http404):
        actions.record_township_review(personas.township_b, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    with pytest.raises(PermissionDenied):
        actions.record_township_review(personas.cadre_a1, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    with pytest.raises(PermissionDenied):
        actions.record_county_result(personas.county, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert not ReviewResult.objects.exists()


@pytest.mark.parametrize(("outcomes", "reviewed_on", "field", "message"), [
    ({"criminal": "clear"}, REVIEW_DAY, "outcomes", "请逐项填写“十不选”结论,尚缺:村霸或涉黑涉恶"),
    ({**all_clear(), "criminal": "maybe"}, REVIEW_DAY, "outcomes", "结论只能是“无此情形”或“存在此情形”:受过刑事处罚"),
    ({**all_clear(), "gambling": "clear"}, REVIEW_DAY, "outcomes", "不存在的“十不选”情形:gambling"),
    (all_clear(), None, "reviewed_on", "请填写审查日期"),
    (all_clear(), __import__("datetime").date(2023, 6, 1), "reviewed_on", "审查日期不能早于联审开始日期(2024-01-01)"),
    (all_clear(), __import__("datetime").date(2999, 1, 1), "reviewed_on", "审查日期不能晚于今天"),
])
def test_township_review_bad_input_changes_nothing(personas, depts, candidate, outcomes, reviewed_on, field, message):
    with pytest.raises(ValidationError) as caught:
        actions.record_township_review(personas.township_a, candidate, outcomes=outcomes, reviewed_on=reviewed_on)
    assert message in caught.value.message_dict[field][0]
    assert not ReviewResult.objects.exists()


def test_a_reviewer_records_once_and_the_audit_keeps_no_outcome(personas, depts, candidate):
    actions.record_township_review(personas.township_a, candidate, outcomes=finding("funds"), reviewed_on=REVIEW_DAY,
                                   note="挪用集体资金未退还")
    with pytest.raises(ValidationError) as caught:
        actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert "乡镇已录入" in caught.value.messages[0]
    event = AuditEvent.objects.get(action="vetting_result.record")
    assert set(event.changes) == {"level", "department", "reviewed_on"}
    assert "挪用" not in str(event.changes) and "funds" not in str(event.changes)


def test_a_closed_round_takes_no_more_conclusions(personas, depts):
    import datetime

    vetting_round = open_round(depts["organisation"], closes_on=datetime.date(2024, 1, 31))
    candidate = register(personas.township_a, vetting_round, resident())
    with pytest.raises(ValidationError) as caught:
        actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    assert "本轮联审已于 2024-01-31 结束" in caught.value.message_dict["reviewed_on"][0]


def test_candidate_in_another_township(personas, depts):
    vetting_round = open_round(depts["organisation"])
    candidate = register(personas.township_b, vetting_round, resident(region="450321101200001"), village=B1)
    assert candidate.region_id == B1
    with pytest.raises(Http404):
        actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
