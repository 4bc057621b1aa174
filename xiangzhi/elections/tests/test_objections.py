"""Objections to the voter list: lodged within 5 days of publication, answered within 3 days
(past that, flagged to the township), an upheld one changing the list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.elections import objections
from xiangzhi.elections.models import Election, Objection

from .election_data import A1, person, ready_election, today

DAY = datetime.timedelta(days=1)


@pytest.fixture
def election(personas):
    election, _candidates = ready_election(personas.cadre_a1, voters=5, candidates=1)
    Election.objects.filter(pk=election.pk).update(
        list_published_on=today() - 5 * DAY, election_day=today() + 15 * DAY
    )
    election.refresh_from_db()
    return election


def lodge(actor, election, subject, kind="add", lodged_on=None):
    return objections.lodge_objection(
        actor, election, kind=kind, subject=subject.pk, objector="黄秀英", reason="已满十八周岁,户籍在本村", lodged_on=lodged_on,
    )


def test_objections_are_taken_within_five_days_of_publication(personas, election):
    missing = person(name="漏登村民")
    objection = lodge(personas.cadre_a1, election, missing)  # today is the 5th day
    assert objection.state == "pending" and objection.lodged_on == today()
    Election.objects.filter(pk=election.pk).update(list_published_on=today() - 6 * DAY)
    election.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        lodge(personas.cadre_a1, election, person(name="又一位"))
    message = caught.value.message_dict["lodged_on"][0]
    assert message.startswith("对选民名单有异议的,应当自名单公布之日起 5 日内提出")
    assert (today() - DAY).isoformat() in message
    assert Objection.objects.count() == 1


def test_answer_within_three_days_and_overdue_flagged_to_the_township(personas, election, login):
    lodged_on = today() - 4 * DAY
    Election.objects.filter(pk=election.pk).update(list_published_on=lodged_on)
    election.refresh_from_db()
    late = lodge(personas.cadre_a1, election, person(name="超期"), lodged_on=lodged_on)
    timely = lodge(personas.cadre_a1, election, person(name="未超期"), lodged_on=today() - 3 * DAY)
    assert late.deadline == objections.answer_deadline(lodged_on)
    assert timezone.localtime(late.deadline).date() == today()  # midnight after the third day
    assert list(objections.overdue_objections(personas.township_a)) == [late]
    assert list(objections.overdue_objections(personas.township_b)) == []
    page = login(personas.township_a).get(reverse("elections:overdue"))
    assert "超期" in page.content.decode() and "未超期" not in page.content.decode()
    assert login(personas.cadre_a1).get(reverse("elections:overdue")).status_code == 403
    objections.answer_objection(personas.cadre_a1, late, upheld=True, answer="经核实,补登")
    assert list(objections.overdue_objections(personas.township_a)) == []
    assert timely.state == "pending"


def test_upheld_objections_change_the_list(personas, election):
    missing = person(name="漏登村民")
    listed = election.voters.exclude(resident__in=[c.voter.resident for c in election.candidates.all()]).first()
    add = lodge(personas.cadre_a1, election, missing)
    remove = lodge(personas.cadre_a1, election, listed.resident, kind="remove")
    with pytest.raises(ValidationError) as caught:
        objections.answer_objection(personas.cadre_a1, add, upheld=True, answer="  ")
    assert caught.value.message_dict["comment"] == ["请填写异议成立的理由。"]
    objections.answer_objection(personas.cadre_a1, add, upheld=True, answer="经核实,补登")
    objections.answer_objection(personas.cadre_a1, remove, upheld=True, answer="已迁出")
    entry = election.voters.get(resident=missing)
    assert entry.added_by_objection and not entry.removed
    listed.refresh_from_db()
    assert listed.removed
    assert election.voters.current().count() == 5
    add.refresh_from_db()
    assert (add.state, add.answer) == ("upheld", "经核实,补登")
    dismissed = lodge(personas.cadre_a1, election, person(name="外村人"))
    objections.answer_objection(personas.cadre_a1, dismissed, upheld=False, answer="户籍不在本村")
    assert not election.voters.filter(name="外村人").exists()
    with pytest.raises(ValidationError):
        objections.answer_objection(personas.cadre_a1, dismissed, upheld=True, answer="改判")


def test_bad_input_and_scope(personas, election, login):
    with pytest.raises(ValidationError) as caught:
        objections.lodge_objection(personas.cadre_a1, election, kind="x", subject="abc", objector="", reason="")
    assert caught.value.message_dict == {
        "kind": ["请选择异议类型。"], "subject": ["请选择本村的村民。"],
        "objector": ["请填写提出人。"], "reason": ["请填写异议理由。"],
    }
    listed = election.voters.first()
    with pytest.raises(ValidationError) as caught:
        lodge(personas.cadre_a1, election, listed.resident)
    assert caught.value.message_dict["subject"] == [f"{listed.name}已在选民名单上。"]
    with pytest.raises(PermissionDenied):
        lodge(personas.villager_a1, election, person())
    with pytest.raises(Http404):
        lodge(personas.cadre_a2, election, person())
    objection = lodge(personas.cadre_a1, election, person(name="漏登"))
    with pytest.raises(Http404):
        objections.get_objection_for_user(personas.township_b, objection.pk)
    with pytest.raises(PermissionDenied):
        objections.answer_objection(personas.township_a, objection, upheld=True, answer="越权")
    url = reverse("elections:answer_objection", args=[objection.pk])
    assert login(personas.cadre_a1).get(url).status_code == 405
    assert login(personas.cadre_b1).post(url, {"decision": "uphold", "answer": "x"}).status_code == 404
    response = login(personas.cadre_a1).post(url, {"decision": "uphold", "answer": ""})
    assert response.status_code == 422 and "请填写异议成立的理由。" in response.content.decode()
    assert login(personas.cadre_a1).post(url, {"decision": "dismiss", "answer": "不符合条件"}).status_code == 302
    objection.refresh_from_db()
    assert objection.state == "dismissed"
    assert Objection.objects.filter(election__region_id=A1).count() == 1
