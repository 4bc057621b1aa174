"""积分申诉: the member appeals against their score (partywork.own), the branch decides; an upheld
appeal corrects the score by its own line of the calculation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.partywork import actions
from xiangzhi.partywork.models import Appeal
from xiangzhi.partywork.scoring import score_for

from .partywork_data import A2, branch, member, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def huang(personas):
    return member(branch())


def test_member_appeals_and_the_branch_upholds_it(personas, login, huang):
    user = member_user(huang)
    year = timezone.localdate().year
    actions.record_violation(personas.secretary_a1, huang, occurred_on=timezone.localdate(), reason="缺交党费")
    assert score_for(huang, year).total == 90
    response = login(user).post(reverse("partywork:appeal_file", args=[huang.pk]), {
        "appeal-year": year, "appeal-reason": "党费已于当月补交,有收据"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.member, appeal.state, appeal.filed_by) == (huang, "pending", user)
    again = login(user).post(reverse("partywork:appeal_file", args=[huang.pk]), {
        "appeal-year": year, "appeal-reason": "再次申诉"})
    assert again.status_code == 422 and "还在处理中" in again.content.decode()
    assert Appeal.objects.count() == 1

    decide = reverse("partywork:appeal_decide", args=[appeal.pk])
    assert login(user).post(decide, {"decision-upheld": "1", "decision-decision_note": "x"}).status_code == 403
    assert login(personas.cadre_b1).post(decide, {"decision-upheld": "1"}).status_code == 404
    bad = login(personas.secretary_a1).post(decide, {"decision-upheld": "1", "decision-adjustment": "80",
                                                     "decision-decision_note": ""})
    html = bad.content.decode()
    assert bad.status_code == 422 and "更正分值须在 -50 到 50 之间。" in html and "请填写处理意见。" in html
    assert Appeal.objects.get().state == "pending"
    ok = login(personas.secretary_a1).post(decide, {"decision-upheld": "1", "decision-adjustment": "10",
                                                    "decision-decision_note": "核实已补交,更正扣分"})
    assert ok.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.state, appeal.adjustment, appeal.decided_by) == ("upheld", 10, personas.secretary_a1)
    score = score_for(huang, year)
    assert score.total == 100 and [line.points for line in score.lines if line.rule == "appeal"] == [10]
    assert AuditEvent.objects.get(action="points_appeal.decide").changes["state"] == ["pending", "upheld"]
    html = login(user).get(reverse("partywork:mine")).content.decode()
    assert "申诉更正" in html and "申诉成立" in html
    with pytest.raises(actions.ValidationError) as error:
        actions.decide_appeal(personas.secretary_a1, appeal, upheld=False, note="改判")
    assert error.value.message_dict["upheld"] == ["该申诉已经处理过了。"]


def test_a_rejected_appeal_cannot_change_points(personas, huang):
    user = member_user(huang)
    year = timezone.localdate().year
    appeal = actions.file_appeal(user, huang, year=year, reason="走访户数少算了")
    with pytest.raises(actions.ValidationError) as error:
        actions.decide_appeal(personas.secretary_a1, appeal, upheld=False, adjustment=5, note="无走访记录")
    assert error.value.message_dict["adjustment"] == ["申诉不成立时不能更正分值。"]
    actions.decide_appeal(personas.secretary_a1, appeal, upheld=False, note="系统中无该走访记录")
    assert Appeal.objects.get().state == "rejected" and score_for(huang, year).total == 100


def test_only_the_member_themselves_appeals(personas, login, huang):
    user = member_user(huang)
    other = member(branch(A2, "骥马村党支部"), name="莫少华")
    year = timezone.localdate().year
    # Another member's record is not found for a member; a cadre is not the member.
    assert login(user).post(reverse("partywork:appeal_file", args=[other.pk]), {
        "appeal-year": year, "appeal-reason": "代人申诉"}).status_code == 404
    assert login(user).get(reverse("partywork:member_detail", args=[other.pk])).status_code == 404
    assert login(personas.cadre_a1).post(reverse("partywork:appeal_file", args=[huang.pk]), {
        "appeal-year": year, "appeal-reason": "代人申诉"}).status_code == 404
    blank = login(user).post(reverse("partywork:appeal_file", args=[huang.pk]), {"appeal-year": year,
                                                                               "appeal-reason": " "})
    assert blank.status_code == 422 and "请填写申诉理由。" in blank.content.decode()
    early = login(user).post(reverse("partywork:appeal_file", args=[huang.pk]), {"appeal-year": "2005",
                                                                               "appeal-reason": "旧账"})
    assert "不能早于该党员入党的年份(2010)" in early.content.decode()
    assert login(user).get(reverse("partywork:appeal_file", args=[huang.pk])).status_code == 405
    assert not Appeal.objects.exists()
    assert huang.joined_on == datetime.date(2010, 7, 1)
