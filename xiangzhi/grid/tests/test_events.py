"""Reporting events and their life cycle through the actions: success and the database after,
bad input, wrong state, wrong user (403 / 404), concurrency, and who sees what."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.http import Http404

from xiangzhi.core.crypto import blind_index
from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.grid import events
from xiangzhi.grid.events import get_event_for_user, report_event, take_step, visible_events
from xiangzhi.grid.models import Event, EventComment, EventPhoto, ResponsibilityRule
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Household, Resident

from .event_data import (  # noqa: F401
    A1, A1_GRID, A1_TUN, A1_TUN2, A2_TUN, B1_TUN, COUNTY, TOWNSHIP_A, categories, media_in_tmp, new_event, photo,
)

pytestmark = pytest.mark.django_db


def fresh(event):
    return Event.objects.get(pk=event.pk)


def household_with_head(region=A1_TUN, grid=A1_GRID, number="A1-007", user=None):
    household = Household.objects.create(region_id=region, grid_id=grid, number=number)
    birth = datetime.date(1970, 3, 1)
    number_id = citizen_id.make("450321", birth, len(number), "male")
    head = Resident.objects.create(
        household=household, region_id=region, name="韦国强", relation="head", gender="male", birth_date=birth,
        id_number=number_id, id_number_index=blind_index(number_id, "citizen_id"),
    )
    if user is not None:
        user.resident = head
        user.save(update_fields=["resident"])
    return household


def run_to(event, state, personas):
    """Move an A1 village event along the life cycle up to `state`."""
    path = {
        "accepted": [("accept", personas.cadre_a1, {})],
        "assigned": [
            ("accept", personas.cadre_a1, {}), ("assign", personas.cadre_a1, {"assignee": personas.secretary_a1}),
        ],
    }
    path["in_progress"] = path["assigned"] + [("start", personas.secretary_a1, {})]
    path["resolved"] = path["in_progress"] + [("resolve", personas.secretary_a1, {"comment": "已组织清运。"})]
    for name, actor, options in path.get(state, []):
        take_step(actor, fresh(event), name, **options)
    return fresh(event)


# --- reporting -------------------------------------------------------------------------------


def test_report_saves_routes_starts_and_audits(personas, categories):
    event = report_event(
        personas.villager_a1, category=categories.garbage, description=" 村口垃圾堆放多日。 ", region=A1_TUN,
        latitude="24.778123", longitude="110.496456", address="村口大榕树旁", photos=[photo()],
    )
    event = fresh(event)
    assert event.state == "reported" and event.description == "村口垃圾堆放多日。"
    assert (event.region_id, event.grid_id, event.reporter, event.reporter_name) == (
        A1_TUN, None, personas.villager_a1, "villager_a1")
    assert (event.handler_level, event.handler_region_id) == ("village", A1)
    assert str(event.latitude) == "24.778123" and str(event.longitude) == "110.496456"
    assert event.deadline == event.accept_deadline < event.resolve_deadline
    assert EventPhoto.objects.get(event=event).content_type == "image/png"
    step = WorkflowStep.objects.get()
    assert (step.workflow, step.transition, step.to_state, step.actor) == (
        "grid_event", "report", "reported", personas.villager_a1)
    audit = AuditEvent.objects.get()
    assert audit.action == "grid_event.report" and audit.region_code == A1_TUN
    assert audit.changes["category"] == [None, "HJWS-01"] and audit.changes["handler_region"] == [None, A1]


def test_place_comes_from_the_household_or_the_reporters_grid(personas, categories):
    household = household_with_head()
    about = report_event(personas.cadre_a1, category=categories.land_dispute, description="邻里纠纷", household=household)
    about = fresh(about)
    assert (about.region_id, about.grid_id, about.household_id) == (A1_TUN, A1_GRID, household.pk)
    for unknown in (999999, Household.objects.create(region_id=B1_TUN, number="B1-001").pk):
        with pytest.raises(ValidationError) as caught:
            report_event(personas.cadre_a1, category=categories.garbage, description="x", household=unknown)
        assert caught.value.message_dict == {"household": ["没有找到该户。"]}
    # A grid worker who names no place reports for their grid …
    own_grid = report_event(personas.grid_worker_a1, category=categories.garbage, description="路边垃圾")
    assert (fresh(own_grid).region_id, fresh(own_grid).grid_id) == (A1_GRID, A1_GRID)
    # … and a 屯 of their village is served by their grid.
    tun = report_event(personas.grid_worker_a1, category=categories.garbage, description="路边垃圾", region=A1_TUN2)
    assert (fresh(tun).region_id, fresh(tun).grid_id) == (A1_TUN2, A1_GRID)


def test_report_refuses_bad_input_and_changes_nothing(personas, categories):
    good = {"category": categories.garbage, "description": "垃圾", "region": A1_TUN}
    cases = [
        ({"category": None}, "category", "请选择事件类别。"),
        ({"category": "NO-SUCH"}, "category", "没有该事件类别。"),
        ({"category": categories.environment}, "category", "请选择具体的小类,而不是大类“环境卫生”。"),
        ({"category": categories.retired}, "category", "事件类别“旧类别”已停用。"),
        ({"category": categories.other_county}, "category", "事件类别“临桂专有小类”不属于本县。"),
        ({"description": "   "}, "description", "请填写事件描述。"),
        ({"description": "长" * 2001}, "description", "事件描述不能超过 2000 个字。"),
        ({"urgency": "whenever"}, "urgency", "紧急程度须为一般、紧急或特急。"),
        ({"latitude": "24.7"}, "longitude", "经度和纬度须同时填写或都不填。"),
        ({"latitude": "95", "longitude": "110"}, "latitude", "纬度须在 -90 到 90 之间。"),
        ({"latitude": "北纬", "longitude": "110"}, "latitude", "纬度须为数字。"),
        ({"region": None}, "region", "请选择事件发生地。"),
        ({"region": "450321999999"}, "region", "没有代码为 450321999999 的区划。"),
        ({"photos": [photo(content=b"not a picture")]}, "photos", "“现场.png”不是图片:只接受 JPEG、PNG、WebP 格式的照片。"),
    ]
    for change, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            report_event(personas.villager_a1, **{**good, **change})
        assert caught.value.message_dict[field] == [message], change
    assert not Event.objects.exists() and not AuditEvent.objects.exists() and not EventPhoto.objects.exists()


def test_report_permissions(personas, categories):
    with pytest.raises(PermissionDenied):
        new_event(personas.auditor, categories.garbage)
    with pytest.raises(PermissionDenied):  # county departments handle; they do not report
        new_event(personas.county, categories.garbage)
    with pytest.raises(Http404):
        new_event(personas.villager_a1, categories.garbage, region=B1_TUN)
    with pytest.raises(Http404):
        new_event(personas.grid_worker_a1, categories.garbage, region=A2_TUN)
    assert not Event.objects.exists()
    new_event(personas.township_a, categories.garbage, region=A2_TUN)
    assert Event.objects.count() == 1


# --- the life cycle --------------------------------------------------------------------------


def test_full_life_cycle_to_closed_with_rating(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    take_step(personas.cadre_a1, fresh(event), "accept", comment="收到")
    accepted = fresh(event)
    assert accepted.state == "accepted" and accepted.deadline == accepted.resolve_deadline
    take_step(personas.cadre_a1, accepted, "assign", assignee=personas.secretary_a1.pk)
    assert fresh(event).assignee == personas.secretary_a1
    take_step(personas.secretary_a1, fresh(event), "start")
    take_step(personas.secretary_a1, fresh(event), "resolve", comment="已组织清运。")
    resolved = fresh(event)
    assert resolved.state == "resolved" and resolved.resolved_at and resolved.deadline is None
    take_step(personas.villager_a1, resolved, "confirm", rating=5, comment="很快")
    closed = fresh(event)
    assert (closed.state, closed.rating) == ("closed", 5) and closed.closed_at
    assert [s.transition for s in events.event_workflow.history(closed)] == [
        "report", "accept", "assign", "start", "resolve", "confirm"]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["grid_event.report", "grid_event.accept", "grid_event.assign", "grid_event.start",
                       "grid_event.resolve", "grid_event.confirm"]
    assert AuditEvent.objects.get(action="grid_event.confirm").changes["rating"] == [None, 5]


def test_start_without_assignment_makes_the_handler_the_assignee(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.garbage), "accepted", personas)
    take_step(personas.cadre_a1, event, "start")
    assert (fresh(event).state, fresh(event).assignee) == ("in_progress", personas.cadre_a1)


def test_low_rating_reopens_once_then_closes(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.garbage), "resolved", personas)
    take_step(personas.villager_a1, event, "confirm", rating=2)
    reopened = fresh(event)
    assert (reopened.state, reopened.reopen_count, reopened.rating) == ("in_progress", 1, None)
    assert reopened.resolved_at is None and reopened.deadline == reopened.resolve_deadline
    step = events.event_workflow.history(reopened).last()
    assert step.transition == "reopen" and "2 分" in step.comment
    take_step(personas.secretary_a1, reopened, "resolve", comment="再次清运并设垃圾桶。")
    take_step(personas.villager_a1, fresh(event), "confirm", rating=1)
    assert (fresh(event).state, fresh(event).rating) == ("closed", 1)


def test_reopen_is_allowed_once(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.garbage), "resolved", personas)
    take_step(personas.villager_a1, event, "reopen", comment="没有清理干净")
    take_step(personas.secretary_a1, fresh(event), "resolve", comment="已清理干净")
    with pytest.raises(ValidationError) as caught:
        take_step(personas.villager_a1, fresh(event), "reopen", comment="还是不满意")
    assert caught.value.messages == ["该事件已重办过一次,不能再次重办。"]
    assert fresh(event).state == "resolved" and fresh(event).reopen_count == 1


def test_confirm_needs_a_rating_from_1_to_5(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.garbage), "resolved", personas)
    for rating in (None, 0, 6, "很好"):
        with pytest.raises(ValidationError) as caught:
            take_step(personas.villager_a1, fresh(event), "confirm", rating=rating)
        assert caught.value.message_dict == {"rating": ["请给出 1 到 5 分的满意度评价。"]}
    assert fresh(event).state == "resolved"


def test_only_the_reporter_or_the_household_head_confirms(personas, categories):
    head_user = personas.villager_a1
    household = household_with_head(user=head_user)
    event = report_event(personas.grid_worker_a1, category=categories.garbage, description="院外垃圾",
                         household=household)
    event = run_to(event, "resolved", personas)
    for outsider in (personas.cadre_a1, personas.township_a):
        with pytest.raises(ValidationError) as caught:
            take_step(outsider, fresh(event), "confirm", rating=5)
        assert caught.value.messages == ["只有报告人(或所涉户的户主)可以办理此步骤。"]
    with pytest.raises(PermissionDenied):
        take_step(personas.county, fresh(event), "confirm", rating=5)
    assert fresh(event).state == "resolved"
    # The head of the household the grid worker reported about confirms it.
    take_step(head_user, fresh(event), "confirm", rating=4)
    assert (fresh(event).state, fresh(event).rating) == ("closed", 4)
    assert get_event_for_user(head_user, event.pk) == event


def test_return_for_more_information_and_resubmit(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    with pytest.raises(ValidationError) as caught:
        take_step(personas.cadre_a1, fresh(event), "return", comment=" ")
    assert caught.value.message_dict == {"comment": ["请填写需要报告人补充的内容。"]}
    take_step(personas.cadre_a1, fresh(event), "return", comment="请说明具体是哪个路口")
    returned = fresh(event)
    assert returned.state == "returned" and returned.deadline is None
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, returned, "resubmit", comment="补充")
    assert caught.value.messages == ["只有报告人(或所涉户的户主)可以办理此步骤。"]
    take_step(personas.villager_a1, returned, "resubmit", comment="矮山屯东头路口")
    again = fresh(event)
    assert again.state == "reported" and again.deadline == again.accept_deadline


def test_transfer_goes_back_to_the_township_dispatcher_with_a_reason(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.land_dispute), "in_progress", personas)
    with pytest.raises(PermissionDenied):  # a village cannot dispatch
        take_step(personas.cadre_a1, fresh(event), "transfer", comment="不是村里能处理的")
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, fresh(event), "transfer", comment="")
    assert caught.value.message_dict == {"comment": ["请填写不属于本单位职责的理由。"]}
    assert fresh(event).state == "in_progress"
    ResponsibilityRule.objects.create(county_id=COUNTY, category=categories.land_dispute, level="township",
                                      department="综治中心")
    take_step(personas.township_a, fresh(event), "transfer", comment="涉及土地确权,不是村级职责")
    moved = fresh(event)
    assert (moved.state, moved.handler_level, moved.handler_region_id, moved.department, moved.assignee) == (
        "reported", "township", TOWNSHIP_A, "综治中心", None)
    assert moved.deadline == moved.accept_deadline
    audit = AuditEvent.objects.get(action="grid_event.transfer")
    assert audit.changes["handler_level"] == ["village", "township"]
    assert audit.changes["comment"] == [None, "涉及土地确权,不是村级职责"]
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, moved, "transfer", comment="再转")
    assert caught.value.messages == ["该事件已在乡镇(街道)待受理,无需转办。"]


def test_merge_a_duplicate_into_an_open_event(personas, categories):
    first = new_event(personas.villager_a1, categories.garbage)
    second = new_event(personas.grid_worker_a1, categories.garbage, region=A1_TUN)
    closed = run_to(new_event(personas.villager_a1, categories.sewage), "resolved", personas)
    take_step(personas.villager_a1, closed, "confirm", rating=5)
    with pytest.raises(PermissionDenied):
        take_step(personas.cadre_a1, fresh(second), "merge", merge_into=first.pk)
    for target, message in [
        (None, "请选择要合并到的事件。"),
        (999999, "没有找到要合并到的事件。"),
        (second.pk, "不能把事件合并到它自己。"),
        (closed.pk, "只能合并到未关闭的事件。"),
    ]:
        with pytest.raises(ValidationError) as caught:
            take_step(personas.township_a, fresh(second), "merge", merge_into=target)
        assert caught.value.message_dict == {"merge_into": [message]}
    assert fresh(second).state == "reported"
    take_step(personas.township_a, fresh(second), "merge", merge_into=first.pk, comment="同一堆垃圾")
    merged = fresh(second)
    assert (merged.state, merged.merged_into_id) == ("merged", first.pk) and merged.deadline is None
    assert list(fresh(first).duplicates.all()) == [merged]


def test_assignee_must_be_able_to_handle_the_event(personas, categories):
    event = run_to(new_event(personas.villager_a1, categories.garbage), "accepted", personas)
    for assignee in (None, personas.villager_a1.pk, personas.cadre_a2.pk, personas.grid_worker_a1.pk, "x"):
        with pytest.raises(ValidationError) as caught:
            take_step(personas.cadre_a1, fresh(event), "assign", assignee=assignee)
        assert list(caught.value.message_dict) == ["assignee"]
    assert fresh(event).state == "accepted" and fresh(event).assignee is None
    take_step(personas.township_a, fresh(event), "assign", assignee=personas.cadre_a1)
    assert fresh(event).assignee == personas.cadre_a1


STEP_OPTIONS = {
    "resolve": {"comment": "好"}, "return": {"comment": "请补充"}, "resubmit": {"comment": "补充"},
    "transfer": {"comment": "不是本单位职责"}, "confirm": {"rating": 5}, "assign": {"assignee": None},
}


def test_every_step_is_refused_in_a_wrong_state_and_nothing_changes(personas, categories):
    other = new_event(personas.villager_a1, categories.garbage)
    reported = new_event(personas.villager_a1, categories.garbage)
    closed = run_to(new_event(personas.villager_a1, categories.garbage), "resolved", personas)
    take_step(personas.villager_a1, closed, "confirm", rating=5)
    allowed_from_reported = {"accept", "return", "transfer", "merge"}
    steps_before = WorkflowStep.objects.count()
    for event in (fresh(reported), fresh(closed)):
        for name in events.PERSON_STEPS:
            if event.state == "reported" and name in allowed_from_reported:
                continue
            actor = personas.villager_a1 if name in ("confirm", "reopen", "resubmit") else personas.township_a
            options = {**STEP_OPTIONS.get(name, {}), "merge_into": other.pk}
            with pytest.raises(ValidationError) as caught:
                take_step(actor, event, name, **options)
            assert caught.value.messages == ["当前状态下不能执行此操作。"], (event.state, name)
    assert WorkflowStep.objects.count() == steps_before
    assert (fresh(reported).state, fresh(closed).state) == ("reported", "closed")


def test_steps_refused_to_the_wrong_user(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    with pytest.raises(Http404):
        take_step(personas.cadre_a2, fresh(event), "accept")
    with pytest.raises(Http404):
        take_step(personas.township_b, fresh(event), "accept")
    for no_capability in (personas.villager_a1, personas.grid_worker_a1, personas.auditor):
        with pytest.raises(PermissionDenied) as refused:
            take_step(no_capability, fresh(event), "accept")
        assert str(refused.value) == "您没有此项操作的权限。"
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, fresh(event), "escalate")
    assert caught.value.messages == ["没有这个办理步骤。"]
    with pytest.raises(ValidationError) as caught:
        events.event_workflow.advance(personas.township_a, fresh(event), "escalate")
    assert caught.value.messages == ["此步骤由系统自动执行。"]
    assert fresh(event).state == "reported"
    assert not AuditEvent.objects.exclude(action="grid_event.report").exists()


def test_a_grid_leader_handles_village_events_of_the_grid_only(personas, categories):
    from conftest import make_user

    leader = make_user("leader_a1", "grid_leader", A1_GRID)
    in_grid = new_event(personas.grid_worker_a1, categories.garbage, region=A1_TUN)
    elsewhere = new_event(personas.villager_a1, categories.garbage, region=A1_TUN2)
    take_step(leader, fresh(in_grid), "accept")
    assert fresh(in_grid).state == "accepted"
    with pytest.raises(Http404):
        take_step(leader, fresh(elsewhere), "accept")
    # Escalated to the township, the grid's event is no longer the leader's to handle.
    Event.objects.filter(pk=in_grid.pk).update(handler_level="township", handler_region_id=TOWNSHIP_A)
    with pytest.raises(Http404):
        take_step(leader, fresh(in_grid), "start")


def test_two_dispatchers_accepting_the_same_event(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    seen_by_village, seen_by_township = fresh(event), fresh(event)
    take_step(personas.cadre_a1, seen_by_village, "accept")
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, seen_by_township, "accept")
    assert caught.value.messages == ["该事件已被他人受理,请刷新后查看。"]
    # A page that posts the state its user saw gets the same answer, with the state now.
    with pytest.raises(ValidationError) as caught:
        take_step(personas.township_a, fresh(event), "accept", expected_state="reported")
    assert caught.value.messages == ["该事件已被他人受理,请刷新后查看。当前状态:已受理。"]
    assert WorkflowStep.objects.filter(transition="accept").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_dispatchers_accepting_at_once_in_two_threads(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(user):
        try:
            seen = fresh(event)
            barrier.wait(timeout=10)
            take_step(user, seen, "accept")
            outcomes.append("accepted")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (personas.cadre_a1, personas.township_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "该事件已被他人受理,请刷新后查看。"]
    assert WorkflowStep.objects.filter(transition="accept").count() == 1


# --- who sees what -----------------------------------------------------------------------------


def test_scope_of_each_persona(personas, categories):
    in_grid = new_event(personas.grid_worker_a1, categories.garbage, region=A1_TUN)
    by_villager = new_event(personas.villager_a1, categories.garbage, region=A1_TUN2)
    in_a2 = new_event(personas.cadre_a2, categories.garbage, region=A2_TUN)
    in_b1 = new_event(personas.cadre_b1, categories.garbage, region=B1_TUN)

    def seen(user):
        return set(visible_events(user).values_list("pk", flat=True))

    assert seen(personas.grid_worker_a1) == {in_grid.pk}
    assert seen(personas.cadre_a1) == {in_grid.pk, by_villager.pk}
    assert seen(personas.township_a) == {in_grid.pk, by_villager.pk, in_a2.pk}
    assert seen(personas.township_b) == {in_b1.pk}
    assert seen(personas.county) == {in_grid.pk, by_villager.pk, in_a2.pk, in_b1.pk}
    assert seen(personas.villager_a1) == {by_villager.pk}
    assert seen(personas.auditor) == set()
    assert get_event_for_user(personas.villager_a1, by_villager.pk) == by_villager
    for user, pk in [(personas.cadre_a2, in_grid.pk), (personas.villager_a1, in_grid.pk),
                     (personas.grid_worker_a1, by_villager.pk), (personas.township_b, in_a2.pk),
                     (personas.cadre_a1, "abc")]:
        with pytest.raises(Http404):
            get_event_for_user(user, pk)


def test_an_event_escalated_to_the_county_stays_visible_below(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    Event.objects.filter(pk=event.pk).update(handler_level="county", handler_region_id=COUNTY)
    assert get_event_for_user(personas.cadre_a1, event.pk) == event
    assert get_event_for_user(personas.township_a, event.pk) == event


# --- comments and later photos ------------------------------------------------------------------


def test_comments_by_the_reporter_and_the_handlers(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage)
    events.add_comment(personas.villager_a1, event, "今天又多了一堆")
    events.add_comment(personas.cadre_a1, event, "明天上午处理")
    assert list(EventComment.objects.values_list("author__username", "body")) == [
        ("villager_a1", "今天又多了一堆"), ("cadre_a1", "明天上午处理")]
    assert AuditEvent.objects.filter(action="grid_event.comment").count() == 2
    with pytest.raises(ValidationError) as caught:
        events.add_comment(personas.cadre_a1, event, "  ")
    assert caught.value.message_dict == {"body": ["请填写留言内容。"]}
    with pytest.raises(Http404):
        events.add_comment(personas.cadre_a2, event, "路过")
    with pytest.raises(PermissionDenied):
        events.add_comment(personas.auditor, event, "路过")
    assert EventComment.objects.count() == 2


def test_photos_added_later_and_not_after_closing(personas, categories):
    event = new_event(personas.villager_a1, categories.garbage, photos=[photo()])
    events.add_photos(personas.cadre_a1, event, [photo("处理前.png")])
    assert EventPhoto.objects.filter(event=event).count() == 2
    with pytest.raises(ValidationError) as caught:
        events.add_photos(personas.cadre_a1, event, [photo(f"{n}.png") for n in range(8)])
    assert caught.value.message_dict == {"photos": ["每个事件最多 9 张照片。"]}
    Event.objects.filter(pk=event.pk).update(state="closed")
    with pytest.raises(ValidationError) as caught:
        events.add_photos(personas.villager_a1, fresh(event), [photo()])
    assert caught.value.message_dict == {"photos": ["事件已关闭,不能再添加照片。"]}
    assert EventPhoto.objects.filter(event=event).count() == 2
