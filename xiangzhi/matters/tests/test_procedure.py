"""四议两公开 with real meetings and votes: the full path, refused skips and reorders, a failed
vote, the single 两委 meeting where one person is 书记 and 主任, catalogue matters that cannot be
closed without a trail, and the log entries of ⑤ and ⑥."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from xiangzhi.accounts.models import Post
from xiangzhi.assembly.models import Body, Resolution
from xiangzhi.core.models import AuditEvent
from xiangzhi.matters import actions
from xiangzhi.matters.models import MatterState, MatterStep, Milestone, Notice
from xiangzhi.translog.models import LogEntry
from xiangzhi.translog.verification import verify_log

from .helpers import A1, A2, Village, fresh, register, take_steps


@pytest.fixture
def village(personas):
    return Village(A1)


def _finish(personas, matter):
    matter = fresh(matter)
    milestone = actions.add_milestone(personas.cadre_a1, matter, title="路基", due_on=timezone.localdate())
    actions.update_milestone(personas.cadre_a1, milestone, progress=100, note="完工")
    actions.mark_implemented(personas.cadre_a1, fresh(matter))
    return actions.publish_result(personas.cadre_a1, fresh(matter), text="村道已硬化 800 米,验收合格。")


def test_full_path_one_to_six(personas, village):
    matter = register(personas)
    assert matter.state == MatterState.PROPOSAL
    matter = take_steps(personas, village, matter)
    assert matter.state == MatterState.RESOLVED
    rows = list(MatterStep.objects.filter(matter=matter).order_by("step"))
    assert [(row.step, row.passed, row.resolution.meeting.body) for row in rows] == [
        (1, True, Body.PARTY_ORGANISATION), (2, True, Body.TWO_COMMITTEES),
        (3, True, Body.PARTY_MEMBERS), (4, True, Body.VILLAGERS_ASSEMBLY),
    ]
    notice = actions.publish_resolution(personas.cadre_a1, matter, text="经村民会议表决通过,修建村道。")
    assert fresh(matter).state == MatterState.IMPLEMENTING
    entry = LogEntry.objects.get(kind="matter_resolution")
    content = json.loads(entry.data_bytes)
    assert (content["id"], content["village"], content["title"]) == (str(notice.pk), A1, "修建村道")
    assert [step["body"] for step in content["steps"]] == ["村党组织会议", "村“两委”联席会议", "党员大会", "村民会议"]
    assert content["steps"][3]["in_favour"] == 4 and content["steps"][1]["present"] == 6
    assert content["resolution"].startswith("同意:")
    result = _finish(personas, matter)
    assert fresh(matter).state == MatterState.CLOSED
    entry = LogEntry.objects.get(kind="matter_result")
    content = json.loads(entry.data_bytes)
    assert content["outcome"] == "村道已硬化 800 米,验收合格。" and content["id"] == str(result.pk)
    assert content["milestones"][0]["progress"] == 100
    # Each notice is in the log exactly once.
    assert LogEntry.objects.filter(kind__in=["matter_resolution", "matter_result"]).count() == 2
    assert AuditEvent.objects.filter(action="matter.publish_result", target_id=str(matter.pk)).count() == 1
    assert verify_log().problems == []
    # Changing a published vote's counts in the database is caught by the verifier.
    Resolution.objects.filter(pk=MatterStep.objects.get(matter=matter, step=4).resolution_id).update(in_favour=3)
    assert len(verify_log().problems) == 1


def test_a_skipped_step_is_refused_naming_the_missing_step(personas, village):
    matter = register(personas)
    members = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, matter, 3, resolution_id=members.pk)
    assert refused.value.message_dict["step"] == ["须先完成“① 村党组织提议”,才能记录“③ 党员大会审议”。"]
    assert fresh(matter).state == MatterState.PROPOSAL
    assert not MatterStep.objects.filter(matter=matter).exists()


def test_a_step_recorded_twice_is_refused(personas, village):
    matter = take_steps(personas, village, register(personas), upto=2)
    again = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, matter, 1, resolution_id=again.pk)
    assert "本事项下一步是“③ 党员大会审议”" in refused.value.message_dict["step"][0]


def test_a_meeting_held_before_the_previous_step_is_refused(personas, village):
    matter = register(personas)
    proposal = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION)
    early_review = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS)
    deliberation = village.hold(personas.cadre_a1, Body.TWO_COMMITTEES)
    actions.record_step(personas.cadre_a1, matter, 1, resolution_id=proposal.pk)
    actions.record_step(personas.cadre_a1, fresh(matter), 2, resolution_id=deliberation.pk)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, fresh(matter), 3, resolution_id=early_review.pk)
    assert "须在“② 村“两委”会议商议”的会议" in refused.value.message_dict["resolution"][0]
    assert fresh(matter).state == MatterState.DELIBERATED


def test_the_wrong_body_or_a_failed_vote_cannot_record_a_step(personas, village):
    matter = register(personas)
    members = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, matter, 1, resolution_id=members.pk)
    assert refused.value.message_dict["resolution"] == ["该决议由党员大会作出,此处须由村党组织会议作出。"]
    failed = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION, passed=False)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, matter, 1, resolution_id=failed.pk)
    assert refused.value.message_dict["resolution"][0].startswith("该决议未获通过")


def test_a_resolution_of_another_village_is_refused(personas, village):
    other = Village(A2)
    resolution = other.hold(personas.cadre_a2, Body.PARTY_ORGANISATION)
    matter = register(personas)
    with pytest.raises(ValidationError) as refused:
        actions.record_step(personas.cadre_a1, matter, 1, resolution_id=resolution.pk)
    assert refused.value.message_dict["resolution"] == [f"本村没有编号为 {resolution.pk} 的决议。"]


def test_a_failed_vote_returns_the_matter_to_proposal(personas, village):
    matter = take_steps(personas, village, register(personas), upto=2)
    failed = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS, passed=False)
    actions.record_failed_vote(personas.cadre_a1, matter, resolution_id=failed.pk, outcome="restart",
                               reason="党员意见分歧较大,修改方案后重新提议。")
    matter = fresh(matter)
    assert (matter.state, matter.round) == (MatterState.PROPOSAL, 2)
    failed_row = MatterStep.objects.get(matter=matter, passed=False)
    assert (failed_row.step, failed_row.round, failed_row.comment) == (3, 1, "党员意见分歧较大,修改方案后重新提议。")
    # The second round starts at ① again, and the whole trail counts only the second round.
    matter = take_steps(personas, village, matter)
    assert matter.state == MatterState.RESOLVED
    assert MatterStep.objects.filter(matter=matter, round=2, passed=True).count() == 4


def test_a_failed_vote_can_close_the_matter_and_needs_a_reason(personas, village):
    matter = take_steps(personas, village, register(personas), upto=3)
    failed = village.hold(personas.cadre_a1, Body.VILLAGERS_ASSEMBLY, passed=False)
    with pytest.raises(ValidationError) as refused:
        actions.record_failed_vote(personas.cadre_a1, matter, resolution_id=failed.pk, outcome="abandon", reason=" ")
    assert refused.value.message_dict == {"reason": ["请填写理由。"]}
    actions.record_failed_vote(personas.cadre_a1, matter, resolution_id=failed.pk, outcome="abandon",
                               reason="村民会议否决。")
    assert fresh(matter).state == MatterState.ABANDONED


def test_a_passed_vote_cannot_be_recorded_as_failed(personas, village):
    matter = take_steps(personas, village, register(personas), upto=1)
    passed = village.hold(personas.cadre_a1, Body.TWO_COMMITTEES)
    with pytest.raises(ValidationError) as refused:
        actions.record_failed_vote(personas.cadre_a1, matter, resolution_id=passed.pk, outcome="restart", reason="x")
    assert "该决议已获通过" in refused.value.message_dict["resolution"][0]
    assert fresh(matter).state == MatterState.PROPOSED


def _one_person_both_posts(personas):
    Post.objects.create(user=personas.secretary_a1, role="village_director", region_id=A1)


def test_one_two_committees_meeting_takes_one_and_two_when_one_person_holds_both_posts(personas, village):
    _one_person_both_posts(personas)
    matter = register(personas)
    joint = village.hold(personas.cadre_a1, Body.TWO_COMMITTEES)
    actions.record_joint_proposal(personas.cadre_a1, matter, resolution_id=joint.pk)
    matter = fresh(matter)
    assert matter.state == MatterState.DELIBERATED
    rows = list(MatterStep.objects.filter(matter=matter).order_by("step"))
    assert [(row.step, row.combined, row.resolution_id) for row in rows] == [(1, True, joint.pk), (2, True, joint.pk)]
    members = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS)
    actions.record_step(personas.cadre_a1, matter, 3, resolution_id=members.pk)
    assert fresh(matter).state == MatterState.REVIEWED


def test_the_single_meeting_is_refused_when_two_people_hold_the_posts(personas, village):
    matter = register(personas)
    joint = village.hold(personas.cadre_a1, Body.TWO_COMMITTEES)
    with pytest.raises(ValidationError) as refused:
        actions.record_joint_proposal(personas.cadre_a1, matter, resolution_id=joint.pk)
    assert "只有村党组织书记和村委会主任由一人担任时" in refused.value.message_dict["resolution"][0]
    assert fresh(matter).state == MatterState.PROPOSAL
    assert not MatterStep.objects.filter(matter=matter).exists()


def test_a_catalogue_matter_cannot_be_implemented_or_closed_without_the_trail(personas, village):
    matter = take_steps(personas, village, register(personas), upto=3)
    with pytest.raises(ValidationError) as refused:
        actions.mark_implemented(personas.cadre_a1, matter)
    assert refused.value.messages == [
        "本事项属于村级协商目录(本村公益事业的兴办和筹资筹劳方案及建设承包方案),须完整履行四议两公开后才能标记实施完成;"
        "尚缺“④ 村民会议或村民代表会议决议”。"
    ]
    with pytest.raises(ValidationError) as refused:
        actions.publish_result(personas.cadre_a1, matter, text="完成")
    assert "须先完成“标记实施完成”" in refused.value.messages[0]
    # Decided but not yet published: ⑤ is what is missing; milestones wait for it too.
    assembly = village.hold(personas.cadre_a1, Body.VILLAGERS_ASSEMBLY)
    actions.record_step(personas.cadre_a1, matter, 4, resolution_id=assembly.pk)
    with pytest.raises(ValidationError) as refused:
        actions.mark_implemented(personas.cadre_a1, fresh(matter))
    assert refused.value.messages[0].endswith("尚缺“⑤ 决议公开”。")
    with pytest.raises(ValidationError) as refused:
        actions.add_milestone(personas.cadre_a1, fresh(matter), title="路基", due_on=timezone.localdate())
    assert refused.value.message_dict == {"matter": ["本事项属于村级协商目录,须先完成“⑤ 决议公开”才能开始实施。"]}
    assert fresh(matter).state == MatterState.RESOLVED and not Notice.objects.exists()


def test_a_voluntary_matter_below_the_threshold_may_be_implemented_directly(personas):
    matter = register(personas, catalogue_item=None, amount_fen=5_000_000, title="村部粉刷")
    assert matter.item is None
    actions.mark_implemented(personas.cadre_a1, matter)
    assert fresh(matter).state == MatterState.IMPLEMENTED


def test_an_amount_above_the_county_threshold_puts_the_matter_in_the_catalogue(personas):
    matter = register(personas, catalogue_item=None, amount_fen=5_000_001, title="购置村集体农机")
    assert matter.item.name == "金额超过县定标准的事项"
    with pytest.raises(ValidationError) as refused:
        actions.mark_implemented(personas.cadre_a1, matter)
    assert "尚缺“① 村党组织提议”" in refused.value.messages[0]
    assert fresh(matter).state == MatterState.PROPOSAL


def test_the_threshold_item_only_takes_amounts_above_it(personas):
    from .helpers import item

    with pytest.raises(ValidationError) as refused:
        register(personas, catalogue_item=item("金额超过县定标准的事项"), amount_fen=5_000_000)
    assert refused.value.message_dict["item"] == [
        "“金额超过县定标准的事项”只适用于金额超过 50,000.00 元的事项;本事项金额 50,000.00 元。"
    ]


def test_milestones_progress_and_completion(personas, village):
    matter = take_steps(personas, village, register(personas))
    actions.publish_resolution(personas.cadre_a1, matter, text="决议公开")
    matter = fresh(matter)
    milestone = actions.add_milestone(personas.cadre_a1, matter, title="路基", due_on=datetime.date(2020, 1, 1))
    assert Milestone.objects.overdue().get() == milestone
    with pytest.raises(ValidationError) as refused:
        actions.update_milestone(personas.cadre_a1, milestone, progress=101)
    assert refused.value.message_dict == {"progress": ["完成进度须为 0 到 100 的整数。"]}
    actions.update_milestone(personas.cadre_a1, milestone, progress=60, note="路基完成六成")
    with pytest.raises(ValidationError) as refused:
        actions.mark_implemented(personas.cadre_a1, fresh(matter))
    assert refused.value.messages == ["实施节点“路基”完成进度为 60%,全部节点完成后才能标记实施完成。"]
    actions.update_milestone(personas.cadre_a1, milestone, progress=100)
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate() and not Milestone.objects.overdue().exists()


def test_notices_refuse_an_id_number_and_an_empty_text(personas, village):
    matter = take_steps(personas, village, register(personas))
    with pytest.raises(ValidationError) as refused:
        actions.publish_resolution(personas.cadre_a1, matter, text="  ")
    assert refused.value.message_dict == {"text": ["请填写公开内容。"]}
    with pytest.raises(ValidationError) as refused:
        actions.publish_resolution(personas.cadre_a1, fresh(matter), text="承包人 450321198001011234")
    assert refused.value.message_dict == {"text": ["公开内容将向村民公开,不能包含身份证号码。"]}
    assert fresh(matter).state == MatterState.RESOLVED and not LogEntry.objects.exists()


def test_scope_and_capability_of_the_actions(personas, village):
    with pytest.raises(Http404):
        register(personas, actor=personas.cadre_b1)
    with pytest.raises(PermissionDenied):
        register(personas, actor=personas.villager_a1)
    with pytest.raises(PermissionDenied):
        register(personas, actor=personas.township_a)
    matter = register(personas)
    resolution = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION)
    with pytest.raises(Http404):
        actions.record_step(personas.cadre_a2, matter, 1, resolution_id=resolution.pk)
    with pytest.raises(PermissionDenied):
        actions.record_step(personas.supervisor_a1, matter, 1, resolution_id=resolution.pk)
    assert fresh(matter).state == MatterState.PROPOSAL


def test_bad_input_when_registering(personas):
    with pytest.raises(ValidationError) as refused:
        actions.create_matter(personas.cadre_a1, A1, title=" ", item=999999, amount_fen=-5)
    assert refused.value.message_dict == {
        "title": ["请填写事项名称。"],
        "amount_fen": ["涉及金额须为 0 到 1,000,000,000.00 元之间的金额(以分计的整数)。"],
        "item": ["本县村级协商目录中没有该目录项(或已停用)。"],
    }
    with pytest.raises(ValidationError) as refused:
        actions.create_matter(personas.cadre_a1, A1, title="x", filing=424242)
    assert refused.value.message_dict == {"filing": ["本村没有编号为 424242 的重大事项备案。"]}
