"""Points rules: drafting, items, adoption by a passed resolution or a recorded date and body,
a new version superseding the old one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.assembly import meetings
from xiangzhi.assembly.models import Body, Representative
from xiangzhi.assembly.resolutions import record_vote
from xiangzhi.assembly.tests.assembly_data import MEETING_DAY, body_with_members, person
from xiangzhi.core.models import AuditEvent
from xiangzhi.points import rules
from xiangzhi.points.models import RuleItem, RuleSet, RuleSetState

from .points_data import A1, B1, adopted_rules

pytestmark = pytest.mark.django_db


def representatives_resolution(personas, *, in_favour, body=Body.REPRESENTATIVES):
    _org, committee = body_with_members("village_committee", 3)
    reps = [person() for _ in range(3)]
    for rep in reps:
        Representative.objects.create(resident=rep, village_id=A1, starts_on=datetime.date(2021, 1, 1),
                                      created_by=personas.cadre_a1)
    meeting, _w = meetings.create_meeting(
        personas.cadre_a1, region=A1, body=body, title="村民代表会议", meets_on=MEETING_DAY,
        notice_on=MEETING_DAY - datetime.timedelta(days=12))
    meetings.sign_in(personas.cadre_a1, meeting, [member.pk for member in committee + reps])
    return record_vote(personas.cadre_a1, meeting, motion="通过积分管理细则", in_favour=in_favour,
                       against=6 - in_favour)


def draft_with_item(personas):
    draft = rules.create_draft(personas.cadre_a1, A1, title="积分管理细则")
    rules.add_item(personas.cadre_a1, draft, code="yard_clean", name="庭院整洁", points=5)
    return draft


def test_adopted_by_a_passed_representatives_resolution_cites_it(personas):
    resolution = representatives_resolution(personas, in_favour=5)
    draft = draft_with_item(personas)
    rule_set = rules.adopt(personas.cadre_a1, draft, resolution_id=resolution.pk)
    rule_set.refresh_from_db()
    assert (rule_set.state, rule_set.resolution_id, rule_set.adopted_by_body) == (
        RuleSetState.ADOPTED, resolution.pk, Body.REPRESENTATIVES)
    assert rule_set.adopted_on == MEETING_DAY
    assert AuditEvent.objects.filter(action="points.rules.adopt", target_id=str(rule_set.pk)).exists()


def test_a_failed_resolution_does_not_adopt(personas):
    resolution = representatives_resolution(personas, in_favour=2)
    draft = draft_with_item(personas)
    with pytest.raises(ValidationError) as error:
        rules.adopt(personas.cadre_a1, draft, resolution_id=resolution.pk)
    assert "该决议未获通过" in error.value.message_dict["resolution"][0]
    draft.refresh_from_db()
    assert draft.state == RuleSetState.DRAFT


def test_without_a_meeting_record_the_date_and_body_are_required(personas):
    draft = draft_with_item(personas)
    with pytest.raises(ValidationError) as error:
        rules.adopt(personas.cadre_a1, draft)
    assert set(error.value.message_dict) == {"body", "adopted_on"}
    with pytest.raises(ValidationError) as error:
        rules.adopt(personas.cadre_a1, draft, adopted_on=datetime.date.today() + datetime.timedelta(days=2),
                    body="representatives")
    assert error.value.message_dict["adopted_on"] == ["通过日期不能晚于今天。"]
    rules.adopt(personas.cadre_a1, draft, adopted_on=datetime.date(2025, 2, 1), body="villagers_assembly")
    draft.refresh_from_db()
    assert (draft.state, draft.adopted_by_body, draft.resolution_id) == ("adopted", "villagers_assembly", None)


def test_a_new_version_supersedes_the_old_and_keeps_its_items(personas):
    first = adopted_rules(personas.cadre_a1)
    second = rules.create_draft(personas.cadre_a1, A1, title="积分管理细则(修订)")
    assert second.version == 2
    assert sorted(second.items.values_list("code", flat=True)) == sorted(first.items.values_list("code", flat=True))
    rules.add_item(personas.cadre_a1, second, code="good_deed", name="好人好事", points=3)
    rules.adopt(personas.cadre_a1, second, adopted_on=datetime.date(2025, 6, 1), body="representatives")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (RuleSetState.SUPERSEDED, RuleSetState.ADOPTED)
    assert first.items.count() == 4 and second.items.count() == 5
    assert rules.rule_set_in_force(A1) == second


def test_adopted_rules_cannot_be_changed(personas):
    rule_set = adopted_rules(personas.cadre_a1)
    with pytest.raises(ValidationError) as error:
        rules.add_item(personas.cadre_a1, rule_set, code="x_item", name="新项目", points=1)
    assert "不能修改" in error.value.message_dict["rule_set"][0]
    with pytest.raises(ValidationError):
        rules.remove_item(personas.cadre_a1, rule_set.items.first())
    assert rule_set.items.count() == 4


def test_bad_items_are_refused_with_the_field_named(personas):
    draft = rules.create_draft(personas.cadre_a1, A1, title="细则")
    with pytest.raises(ValidationError) as error:
        rules.add_item(personas.cadre_a1, draft, code="Bad Code", name="", points=0)
    assert set(error.value.message_dict) == {"code", "name", "points"}
    rules.add_item(personas.cadre_a1, draft, code="yard_clean", name="庭院整洁", points=5)
    with pytest.raises(ValidationError) as error:
        rules.add_item(personas.cadre_a1, draft, code="yard_clean", name="又一项", points=5)
    assert error.value.message_dict["code"] == ["本版细则已有代码为“yard_clean”的项目。"]
    assert RuleItem.objects.filter(rule_set=draft).count() == 1


def test_empty_draft_cannot_be_adopted_and_one_draft_at_a_time(personas):
    draft = rules.create_draft(personas.cadre_a1, A1, title="细则")
    with pytest.raises(ValidationError) as error:
        rules.adopt(personas.cadre_a1, draft, adopted_on=datetime.date(2025, 1, 1), body="representatives")
    assert error.value.message_dict["rule_set"] == ["细则还没有任何积分项目,不能通过。"]
    with pytest.raises(ValidationError) as error:
        rules.create_draft(personas.cadre_a1, A1, title="第二份")
    assert "已有一份草案" in error.value.message_dict["title"][0]
    assert RuleSet.objects.filter(village_id=A1).count() == 1


def test_scope_personas_for_rules(personas):
    with pytest.raises(PermissionDenied):
        rules.create_draft(personas.villager_a1, A1, title="细则")
    with pytest.raises(PermissionDenied):
        rules.create_draft(personas.supervisor_a1, A1, title="细则")
    with pytest.raises(Http404):
        rules.create_draft(personas.cadre_b1, A1, title="细则")
    with pytest.raises(ValidationError) as error:
        rules.create_draft(personas.cadre_a1, "450321100", title="细则")
    assert "不是村" in error.value.message_dict["village"][0]
    draft = rules.create_draft(personas.cadre_b1, B1, title="白沙细则")
    with pytest.raises(Http404):
        rules.add_item(personas.cadre_a1, draft, code="yard_clean", name="庭院整洁", points=5)
    assert not RuleSet.objects.filter(village_id=A1).exists()
