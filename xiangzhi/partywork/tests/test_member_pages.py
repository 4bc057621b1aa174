"""The member's page and the branch's writes through it: 设岗定责, 承诺践诺 with review, violations,
先锋指数 — success and the database after, wrong method, no capability (403), another village's
member (404), bad input (Chinese message naming the field, nothing changed)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.partywork.models import Commitment, MemberDuty, PioneerEvaluation, Violation

from .partywork_data import A2, attend, branch, member, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def huang(personas):
    return member(branch())


def url(name, pk):
    return reverse(f"partywork:{name}", args=[pk])


def test_the_page_shows_the_calculation_line_by_line(personas, login, huang):
    year = timezone.localdate().year
    attend(huang, datetime.date(year, 1, 10))
    page = login(personas.supervisor_a1).get(url("member_detail", huang.pk))
    assert page.status_code == 403
    page = login(personas.cadre_a1).get(url("member_detail", huang.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "参加组织生活(三会一课等)" in html and '<td id="total">102</td>' in html


def test_the_branch_records_a_violation_and_the_score_drops(personas, login, huang):
    client = login(personas.secretary_a1)
    today = timezone.localdate()
    response = client.post(url("violation_record", huang.pk), {
        "violation-occurred_on": today.isoformat(), "violation-reason": "无故不参加主题党日"})
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert (violation.member, violation.reason, violation.recorded_by) == (huang, "无故不参加主题党日", personas.secretary_a1)
    assert AuditEvent.objects.filter(action="violation.record", region_code=huang.region_id).exists()
    html = client.get(url("member_detail", huang.pk)).content.decode()
    assert '<td id="total">90</td>' in html


def test_bad_violation_input_names_the_field(personas, login, huang):
    client = login(personas.secretary_a1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url("violation_record", huang.pk), {
        "violation-occurred_on": tomorrow.isoformat(), "violation-reason": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert "发生日期不能晚于今天。" in html and "请填写事由。" in html
    response = client.post(url("violation_record", huang.pk), {
        "violation-occurred_on": "2009-01-01", "violation-reason": "旧事"})
    assert "发生日期不能早于入党日期" in response.content.decode()
    assert not Violation.objects.exists()


def test_writes_refuse_wrong_method_capability_and_scope(personas, login, huang):
    other = member(branch(A2, "骥马村党支部"), name="莫少华")
    assert login(personas.secretary_a1).get(url("violation_record", huang.pk)).status_code == 405
    form = {"violation-occurred_on": "2020-01-01", "violation-reason": "缺席"}
    assert login(personas.villager_a1).post(url("violation_record", huang.pk), form).status_code == 403
    assert login(personas.cadre_a1).post(url("violation_record", other.pk), form).status_code == 404
    assert login(personas.cadre_a1).get(url("member_detail", other.pk)).status_code == 404
    # The county sees (partywork.view) but does not manage.
    assert login(personas.county).get(url("member_detail", huang.pk)).status_code == 200
    assert login(personas.county).post(url("violation_record", huang.pk), form).status_code == 403
    assert not Violation.objects.exists()


def test_duties_are_assigned_and_removed(personas, login, huang):
    client = login(personas.cadre_a1)
    year = timezone.localdate().year
    data = {"duty-year": year, "duty-name": "环境卫生监督岗", "duty-duties": "每周巡查屯内卫生"}
    assert client.post(url("duty_assign", huang.pk), data).status_code == 302
    duty = MemberDuty.objects.get()
    assert (duty.member, duty.year, duty.name) == (huang, year, "环境卫生监督岗")
    again = client.post(url("duty_assign", huang.pk), data)
    assert again.status_code == 422 and "已有“环境卫生监督岗”岗位" in again.content.decode()
    blank = client.post(url("duty_assign", huang.pk), {"duty-year": year, "duty-name": "", "duty-duties": ""})
    assert "请填写岗位名称。" in blank.content.decode() and MemberDuty.objects.count() == 1
    assert login(personas.cadre_b1).post(url("duty_remove", duty.pk)).status_code == 404
    assert login(personas.cadre_a1).post(url("duty_remove", duty.pk)).status_code == 302
    assert not MemberDuty.objects.exists()
    assert AuditEvent.objects.filter(action="member_duty.remove").exists()


def test_commitments_made_by_the_member_and_reviewed_by_the_branch(personas, login, huang):
    user = member_user(huang)
    year = timezone.localdate().year
    response = login(user).post(url("commitment_add", huang.pk), {"commitment-year": year,
                                                                   "commitment-content": "带头清理村道垃圾"})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.member, commitment.created_by, commitment.outcome) == (huang, user, "")
    # The member cannot review their own commitment.
    assert login(user).post(url("commitment_review", commitment.pk), {"review-outcome": "fulfilled"}).status_code == 403
    partly = login(personas.secretary_a1).post(url("commitment_review", commitment.pk), {"review-outcome": "partly"})
    assert partly.status_code == 422 and "请填写评议意见。" in partly.content.decode()
    done = login(personas.secretary_a1).post(url("commitment_review", commitment.pk), {"review-outcome": "fulfilled"})
    assert done.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.outcome, commitment.reviewed_by, commitment.reviewed_on) == (
        "fulfilled", personas.secretary_a1, timezone.localdate())
    html = login(user).get(reverse("partywork:mine")).content.decode()
    assert "已践诺" in html and '<td id="total">105</td>' in html


def test_pioneer_evaluation_keeps_the_score_and_class(personas, login, huang):
    year = timezone.localdate().year
    attend(huang, datetime.date(year, 1, 10), present=False)
    client = login(personas.secretary_a1)
    blank = client.post(url("pioneer_evaluate", huang.pk), {"evaluation-year": year, "evaluation-note": ""})
    assert blank.status_code == 422 and "请填写评议意见。" in blank.content.decode()
    assert client.post(url("pioneer_evaluate", huang.pk), {
        "evaluation-year": year, "evaluation-note": "积极参加组织生活有待加强"}).status_code == 302
    evaluation = PioneerEvaluation.objects.get()
    # 100 − 5 for the unexcused absence: 95 is 合格 under the default bands.
    assert (evaluation.year, evaluation.score, evaluation.member_class) == (year, 95, "qualified")
    assert "年度评价:95 分,合格" in client.get(url("member_detail", huang.pk)).content.decode()


def test_the_board_lists_members_in_scope_with_scores(personas, login, huang):
    member(branch(A2, "骥马村党支部"), name="莫少华")
    html = login(personas.township_a).get(reverse("partywork:board")).content.decode()
    assert "黄志强" in html and "莫少华" in html
    html = login(personas.cadre_a1).get(reverse("partywork:board")).content.decode()
    assert "黄志强" in html and "莫少华" not in html
    assert login(personas.villager_a1).get(reverse("partywork:board")).status_code == 403
    user = member_user(huang)
    assert login(user).get(reverse("partywork:board")).url == reverse("partywork:mine")
