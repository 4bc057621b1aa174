"""说议办评 actions: raising, answering, the steps, merging, progress and one rating per household."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.topics import actions, queries
from xiangzhi.topics.models import Milestone, Rating, Topic, TopicPhoto

from .topic_data import A1, A2, fresh, link_household, media_in_tmp, move_to, photo, raise_one, villager  # noqa: F401

pytestmark = pytest.mark.django_db


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- 说 -------------------------------------------------------------------------------------


def test_villager_raises_a_topic_with_a_photo_in_their_village(personas):
    household = link_household(personas.villager_a1)
    topic = raise_one(personas.villager_a1, anonymous=True, photos=[photo()])
    topic = fresh(topic)
    assert (topic.region_id, topic.state, topic.anonymous, topic.household_id) == (A1, "raised", True, household.pk)
    assert topic.raised_by_id == personas.villager_a1.pk
    assert TopicPhoto.objects.get(topic=topic).content_type == "image/png"
    event = AuditEvent.objects.get(action="topic.raise")
    # The audit log always names the raiser, anonymous or not.
    assert (event.actor_id, event.region_code) == (personas.villager_a1.pk, A1)


@pytest.mark.parametrize("title, body, field, message", [
    ("", "内容", "title", "请填写标题。"),
    ("标题", "  ", "body", "请填写内容。"),
    ("长" * 101, "内容", "title", "标题不能超过 100 个字。"),
    ("标题", "我的身份证 450321197003010012 请核对", "body", "内容将向本村村民公开,不能包含身份证号码。"),
])
def test_bad_topic_is_refused_in_chinese_and_nothing_is_saved(personas, title, body, field, message):
    with pytest.raises(ValidationError) as excinfo:
        actions.raise_topic(personas.villager_a1, title=title, body=body)
    assert errors_of(excinfo)[field] == [message]
    assert not Topic.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(personas):
    with pytest.raises(ValidationError) as excinfo:
        raise_one(personas.villager_a1, photos=[photo("假照片.png", b"not an image at all")])
    assert errors_of(excinfo)["photos"] == ["“假照片.png”不是图片:只接受 JPEG、PNG、WebP 格式的照片。"]
    assert not Topic.objects.exists() and not TopicPhoto.objects.exists()


def test_cadres_do_not_raise_topics_and_villagers_only_in_their_village(personas):
    with pytest.raises(PermissionDenied):
        raise_one(personas.cadre_a1)
    with pytest.raises(Http404):
        raise_one(personas.villager_a1, village=A2)
    assert not Topic.objects.exists()


# --- answers and steps ----------------------------------------------------------------------


def test_cadre_answers_and_moves_the_topic_through_deliberation_to_implementation(personas):
    topic = raise_one(personas.villager_a1)
    actions.answer_topic(personas.cadre_a1, topic, body="已收到,下周一现场查看。")
    actions.take_step(personas.cadre_a1, fresh(topic), "deliberate", matter_id="17")
    actions.take_step(personas.cadre_a1, fresh(topic), "implement")
    topic = fresh(topic)
    assert (topic.state, topic.matter_id) == ("implementing", 17)
    assert [reply.body for reply in topic.replies.all()] == ["已收到,下周一现场查看。"]
    assert AuditEvent.objects.filter(action="topic.deliberate", changes__matter_id=[None, 17]).exists()


def test_answer_and_steps_need_the_capability_and_the_village(personas):
    topic = raise_one(personas.villager_a1)
    with pytest.raises(PermissionDenied):
        actions.answer_topic(personas.villager_a1, topic, body="我自己答复")
    with pytest.raises(Http404):
        actions.answer_topic(personas.cadre_a2, topic, body="不是本村")
    with pytest.raises(Http404):
        actions.take_step(personas.cadre_b1, topic, "implement")
    with pytest.raises(ValidationError) as excinfo:
        actions.answer_topic(personas.cadre_a1, topic, body="")
    assert errors_of(excinfo)["reply"] == ["请填写答复。"]
    assert fresh(topic).state == "raised" and not topic.replies.exists()


def test_decline_needs_a_reason_and_a_skipped_step_is_refused(personas):
    topic = raise_one(personas.villager_a1)
    with pytest.raises(ValidationError) as excinfo:
        actions.take_step(personas.cadre_a1, topic, "decline")
    assert errors_of(excinfo)["comment"] == ["请填写不予采纳的理由。"]
    with pytest.raises(ValidationError) as excinfo:
        actions.take_step(personas.cadre_a1, fresh(topic), "finish")
    assert excinfo.value.messages == ["当前状态下不能执行此操作。"]
    with pytest.raises(ValidationError) as excinfo:
        actions.take_step(personas.cadre_a1, fresh(topic), "deliberate", matter_id="abc")
    assert errors_of(excinfo)["matter_id"] == ["四议两公开事项编号须为正整数。"]
    assert fresh(topic).state == "raised"
    actions.take_step(personas.cadre_a1, fresh(topic), "decline", comment="属于县级公路,已转交交通部门。")
    assert fresh(topic).state == "declined"


def test_merge_points_the_duplicate_to_the_kept_topic(personas):
    kept = raise_one(personas.villager_a1, title="村口路灯坏了")
    neighbour = villager("villager_a1b")
    duplicate = raise_one(neighbour, title="路灯不亮")
    actions.take_step(personas.cadre_a1, fresh(duplicate), "merge", merge_into=fresh(kept))
    duplicate = fresh(duplicate)
    assert (duplicate.state, duplicate.merged_into_id) == ("merged", kept.pk)
    assert list(Topic.objects.get(pk=kept.pk).merged.all()) == [duplicate]
    with pytest.raises(ValidationError) as excinfo:
        actions.answer_topic(personas.cadre_a1, duplicate, body="答复")
    assert "合并" in errors_of(excinfo)["reply"][0]


def test_merge_is_refused_into_itself_another_village_or_a_closed_topic(personas):
    topic = raise_one(personas.villager_a1)
    other_village = raise_one(villager("villager_a2", village=A2))
    declined = raise_one(villager("villager_a1c"), title="另一件事")
    actions.take_step(personas.cadre_a1, fresh(declined), "decline", comment="重复")
    for target, message in (
        (None, "请选择要合并到的议题。"),
        (topic, "不能把议题合并到它自己。"),
        (other_village, "只能合并到本村的议题。"),
        (declined, "议题“另一件事”不予采纳,不能作为保留议题。"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            actions.take_step(personas.cadre_a1, fresh(topic), "merge", merge_into=target)
        assert errors_of(excinfo)["merge_into"] == [message]
    assert fresh(topic).state == "raised" and fresh(topic).merged_into_id is None


# --- 办: progress -------------------------------------------------------------------------


def test_progress_is_recorded_with_milestones_within_0_and_100(personas):
    topic = move_to(raise_one(personas.villager_a1), "implementing", personas.cadre_a1)
    actions.record_progress(personas.cadre_a1, topic, progress=0, milestone="已立项")
    actions.record_progress(personas.cadre_a1, fresh(topic), progress="100", milestone="路灯已更换")
    assert fresh(topic).progress == 100
    assert list(Milestone.objects.values_list("title", "progress")) == [("已立项", 0), ("路灯已更换", 100)]
    for bad in (101, -1, "七十", None):
        with pytest.raises(ValidationError) as excinfo:
            actions.record_progress(personas.cadre_a1, fresh(topic), progress=bad, milestone="节点")
        assert errors_of(excinfo)["progress"] == ["办理进度须为 0 到 100 之间的整数。"]
    assert fresh(topic).progress == 100 and Milestone.objects.count() == 2
    event = AuditEvent.objects.filter(action="topic.progress").order_by("id").last()
    assert event.changes["progress"] == [0, 100]


def test_progress_only_while_implementing_and_only_by_the_villages_cadres(personas):
    topic = raise_one(personas.villager_a1)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_progress(personas.cadre_a1, topic, progress=50, milestone="节点")
    assert "只有办理中的议题才能记录进度" in errors_of(excinfo)["__all__"][0]
    topic = move_to(topic, "implementing", personas.cadre_a1)
    with pytest.raises(Http404):
        actions.record_progress(personas.cadre_a2, topic, progress=50, milestone="节点")
    with pytest.raises(PermissionDenied):
        actions.record_progress(personas.villager_a1, topic, progress=50, milestone="节点")
    assert fresh(topic).progress == 0


def test_finishing_sets_progress_to_100_and_opens_evaluation(personas):
    topic = move_to(raise_one(personas.villager_a1), "implementing", personas.cadre_a1)
    actions.record_progress(personas.cadre_a1, topic, progress=60, milestone="材料已采购")
    actions.take_step(personas.cadre_a1, fresh(topic), "finish")
    topic = fresh(topic)
    assert (topic.state, topic.progress) == ("evaluating", 100)
    assert list(topic.milestones.values_list("progress", flat=True)) == [60, 100]


# --- 评: one rating per household ------------------------------------------------------------


def test_each_household_rates_once_and_the_average_counts_households(personas):
    household = link_household(personas.villager_a1)
    spouse = villager("spouse_a1")
    link_household(spouse, household=household, name="黄秀英")
    neighbour = villager("neighbour_a1")
    link_household(neighbour)
    topic = move_to(raise_one(personas.villager_a1), "evaluating", personas.cadre_a1)
    actions.rate_topic(personas.villager_a1, topic, score=5)
    with pytest.raises(ValidationError) as excinfo:
        actions.rate_topic(spouse, topic, score=1)
    assert errors_of(excinfo)["score"] == ["本户已评价过该议题,每户只能评价一次。"]
    actions.rate_topic(neighbour, topic, score="2")
    topic = fresh(topic)
    assert (topic.rating_count, topic.rating_average) == (2, 3.5)
    assert Rating.objects.filter(household=household).count() == 1


def test_rating_bad_input_and_wrong_moments_are_refused(personas):
    link_household(personas.villager_a1)
    topic = raise_one(personas.villager_a1)
    with pytest.raises(ValidationError) as excinfo:
        actions.rate_topic(personas.villager_a1, topic, score=4)
    assert errors_of(excinfo)["__all__"] == ["议题说·待受理,现在不能评价。"]
    topic = move_to(topic, "evaluating", personas.cadre_a1)
    for bad in (0, 6, "好"):
        with pytest.raises(ValidationError) as excinfo:
            actions.rate_topic(personas.villager_a1, topic, score=bad)
        assert errors_of(excinfo)["score"] == ["评分须为 1 到 5 之间的整数。"]
    unlinked = villager("unlinked_a1")
    with pytest.raises(ValidationError) as excinfo:
        actions.rate_topic(unlinked, topic, score=3)
    assert "没有关联本村户籍" in errors_of(excinfo)["household"][0]
    with pytest.raises(PermissionDenied):
        actions.rate_topic(personas.cadre_a1, topic, score=5)
    outsider = villager("villager_a2", village=A2)
    with pytest.raises(Http404):
        actions.rate_topic(outsider, topic, score=5)
    assert not Rating.objects.exists()
    actions.take_step(personas.cadre_a1, fresh(topic), "close")
    with pytest.raises(ValidationError):
        actions.rate_topic(personas.villager_a1, fresh(topic), score=5)
    assert not Rating.objects.exists()


# --- who sees what -------------------------------------------------------------------------


def test_villagers_see_their_own_and_the_public_topics_of_their_village(personas):
    own_new = raise_one(personas.villager_a1, title="我的新议题")
    neighbour = villager("neighbour_a1")
    neighbours_new = raise_one(neighbour, title="邻居的新议题")
    neighbours_public = move_to(raise_one(neighbour, title="邻居的公开议题"), "implementing", personas.cadre_a1)
    other_village = move_to(raise_one(villager("villager_a2", village=A2)), "implementing", personas.cadre_a2)
    seen = set(queries.visible_topics(personas.villager_a1).values_list("pk", flat=True))
    assert seen == {own_new.pk, neighbours_public.pk}
    with pytest.raises(Http404):
        queries.get_topic_for_user(personas.villager_a1, neighbours_new.pk)
    with pytest.raises(Http404):
        queries.get_topic_for_user(personas.villager_a1, other_village.pk)
    assert set(queries.visible_topics(personas.cadre_a1).values_list("pk", flat=True)) == {
        own_new.pk, neighbours_new.pk, neighbours_public.pk,
    }
    assert queries.visible_topics(personas.township_a).count() == 4
    assert queries.visible_topics(personas.township_b).count() == 0
    assert queries.visible_topics(personas.auditor).count() == 0


def test_an_anonymous_topic_shows_its_author_to_cadres_and_the_raiser_only(personas):
    topic = move_to(raise_one(personas.villager_a1, anonymous=True), "implementing", personas.cadre_a1)
    neighbour = villager("neighbour_a1")
    assert queries.author_label(topic, personas.cadre_a1) == "villager_a1"
    assert queries.author_label(topic, personas.township_a) == "villager_a1"
    assert queries.author_label(topic, personas.villager_a1) == "villager_a1"
    assert queries.author_label(topic, neighbour) == "村民"
    assert queries.author_label(topic, None) == "村民"
    named = move_to(raise_one(neighbour, title="named"), "implementing", personas.cadre_a1)
    named.raised_by.full_name = "黄秀英"
    assert queries.author_label(named, personas.villager_a1) == "黄**"
